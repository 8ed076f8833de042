"""静态页面 in the admin: which pages wait to be written or failed, and
重新写出 for the selected ones. Rows are written by the task worker only."""

from django.contrib import admin, messages
from django.db.models import F, Q
from django.urls import reverse
from django.utils.html import format_html

from portal.admin_mixins import ReadOnlyAdminMixin

from .models import PageFile
from .status import FAILED, WAITING, page_state, page_state_text
from .targets import Target
from .tasks import pages_publish_soon

REPUBLISH_PERMISSION = "news.publish_article"


class PageStateFilter(admin.SimpleListFilter):
    """By default the pages that need attention: waiting or failed."""

    title = "状态"
    parameter_name = "state"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [(WAITING, "等待写出"), (FAILED, "写出失败"), ("written", "已写出"), (self.ALL, "全部")]

    def choices(self, changelist):
        yield {
            "selected": self.value() is None,
            "query_string": changelist.get_query_string(remove=[self.parameter_name]),
            "display": "等待写出或失败",
        }
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        waiting = PageFile.objects.waiting().values("pk")
        failed = Q(error__gt="") & Q(queued_at__lte=F("written_at"))
        value = self.value()
        if value == self.ALL:
            return queryset
        if value == WAITING:
            return queryset.filter(pk__in=waiting)
        if value == FAILED:
            return queryset.filter(failed)
        if value == "written":
            return queryset.filter(error="", queued_at__lte=F("written_at"))
        return queryset.filter(Q(pk__in=waiting) | failed)


@admin.register(PageFile)
class PageFileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["path_display", "site", "state_display", "queued_at", "written_at", "article_link"]
    list_filter = [PageStateFilter, "site", "priority"]
    search_fields = ["path"]
    ordering = ["priority", "queued_at", "id"]
    actions = ["republish_selected"]
    fields = ["site", "path", "priority", "article_id", "queued_at", "written_at", "failed_at", "error"]
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("publishing.view_pagefile") or request.user.has_perm(REPUBLISH_PERMISSION)

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_republish_permission(self, request):
        return request.user.has_perm(REPUBLISH_PERMISSION)

    @admin.display(description="地址", ordering="path")
    def path_display(self, obj):
        return obj.path

    @admin.display(description="状态")
    def state_display(self, obj):
        text = page_state_text(obj)
        if page_state(obj) == FAILED:
            return format_html('<span class="page-file-failed">{}</span>', text)
        return text

    @admin.display(description="文章")
    def article_link(self, obj):
        if obj.article_id is None:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:news_article_change", args=[obj.article_id]), obj.article_id
        )

    @admin.action(description="重新写出", permissions=["republish"])
    def republish_selected(self, request, queryset):
        count = 0
        for site in queryset.order_by().values_list("site", flat=True).distinct():
            rows = queryset.filter(site=site)
            count += pages_publish_soon([Target(row.path, row.priority, row.article_id) for row in rows], site=site)
        self.message_user(request, f"已重新排入写出队列:{count} 个页面。后台任务进程将很快写出。", messages.SUCCESS)
