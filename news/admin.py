from django.contrib import admin, messages

from .admin_media import AttachmentInline
from .forms import ArticleAdminForm
from .models import Article, ArticleStatus, Column, SiteSettings
from .services import article_publish, article_unpublish


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "column_type", "order", "in_navigation"]
    list_editable = ["order", "in_navigation"]
    list_filter = ["column_type", "in_navigation"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [AttachmentInline]
    list_display = ["title", "column", "status", "published_at", "index_number", "view_count"]
    list_filter = ["status", "column", "published_at"]
    search_fields = ["title", "index_number", "author", "source"]
    date_hierarchy = "published_at"
    list_select_related = ["column"]
    readonly_fields = ["index_number", "view_count", "created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["column", "title", "subtitle", "body"]}),
        ("发布信息", {"fields": ["source", "author", "published_at", "is_headline", "summary"]}),
        ("封面", {"fields": ["cover_image", "cover_alt"]}),
        ("记录", {"fields": ["status", "index_number", "view_count", "created_at", "updated_at"]}),
    ]
    actions = ["publish", "unpublish"]

    def save_model(self, request, obj, form, change):
        if obj.status == ArticleStatus.PUBLISHED:
            article_publish(article=obj)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description="发布所选文章", permissions=["change"])
    def publish(self, request, queryset):
        for article in queryset:
            article_publish(article=article)
        messages.success(request, f"已发布 {queryset.count()} 篇文章。")

    @admin.action(description="撤回所选文章为草稿", permissions=["change"])
    def unpublish(self, request, queryset):
        for article in queryset:
            article_unpublish(article=article)
        messages.success(request, f"已撤回 {queryset.count()} 篇文章。")


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        ("网站", {"fields": ["site_name", "domain", "site_description", "site_keywords"]}),
        (
            "页脚与备案",
            {
                "fields": [
                    "organiser",
                    "contact",
                    "site_id_code",
                    "icp_number",
                    "police_number",
                    "police_record_url",
                    "error_report_url",
                    "government_badge_url",
                ]
            },
        ),
        ("信息公开", {"fields": ["publisher", "index_prefix", "default_source"]}),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
