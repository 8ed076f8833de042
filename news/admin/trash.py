"""The 回收站: restore (whoever may delete in that column) or purge (superusers)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from ..editorial import services
from ..models import TrashedArticle
from .people import person_display
from .scoping import ColumnScopedAdmin, ColumnScopeFilter


@admin.register(TrashedArticle)
class TrashedArticleAdmin(ColumnScopedAdmin):
    base_queryset = TrashedArticle.objects.trashed()
    list_display = ["title", "column", "status", "index_number", "trashed_at", "trashed_by"]
    list_filter = [ColumnScopeFilter, "status", "trashed_at"]
    search_fields = ["title", "index_number"]
    date_hierarchy = "trashed_at"
    list_select_related = ["column", "trashed_by"]
    fields = ["title", "column", "status", "index_number", "published_at", "body", "trashed_at", "trashed_by_display"]
    readonly_fields = fields
    trashed_by_display = person_display("trashed_by", "移入回收站人")
    actions = ["restore_selected"]

    def get_queryset(self, request):
        return super().get_queryset(request).trashed()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_restore_permission(self, request):
        return request.user.has_perm("news.delete_article")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            function, name, _ = actions["delete_selected"]
            actions["delete_selected"] = (function, name, "彻底删除所选文章(不可恢复)")
        return actions

    @admin.action(description="恢复所选文章", permissions=["restore"])
    def restore_selected(self, request, queryset):
        restored = 0
        for article in queryset:
            try:
                services.article_restore(article=article, actor=request.user, request=request)
                restored += 1
            except (services.WorkflowError, PermissionDenied) as error:
                messages.error(request, f"未能恢复《{article.title}》:{error}")
        if restored:
            messages.success(request, f"已恢复 {restored} 篇文章。")

    def delete_model(self, request, obj):
        services.article_purge(article=obj, actor=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_purge(article=article, actor=request.user, request=request)
