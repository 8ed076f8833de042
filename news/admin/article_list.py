"""The article list's columns and its 状态 filter: short dates that do not
wrap, a returned draft shown as 已退回 with the reviewer's remark, people by
their names. Sized to be read on a 1280-1366 px office screen."""

from django.contrib import admin
from django.db.models import Q
from django.template.defaultfilters import truncatechars
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..editorial.people import person_name
from ..editorial.review import awaiting_review_by, review_state
from ..models import ArticleStatus as S

LIST_DISPLAY = ["title", "column", "state", "published_short", "index_number", "updated_by_name", "updated_short"]

RETURNED = Q(status=S.DRAFT) & ~Q(review_remark="")


def _short(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class ArticleStateFilter(admin.SimpleListFilter):
    """The stored 状态 plus what the office asks about: 已退回 and 定时发布."""

    title = "状态"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", "草稿"),
            ("returned", "已退回"),
            ("submitted", "待审核"),
            ("mine", "待我审核"),
            ("scheduled", "定时发布"),
            ("published", "已发布"),
            ("withdrawn", "已撤稿"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        now = timezone.now()
        if value == "draft":
            return queryset.filter(status=S.DRAFT, review_remark="")
        if value == "returned":
            return queryset.filter(RETURNED)
        if value == "mine":
            return queryset.filter(pk__in=[a.pk for a in awaiting_review_by(request.user, queryset)])
        if value == "scheduled":
            return queryset.filter(status=S.PUBLISHED, published_at__gt=now)
        if value == "published":
            return queryset.filter(status=S.PUBLISHED, published_at__lte=now)
        if value in (S.SUBMITTED, S.WITHDRAWN):
            return queryset.filter(status=value)
        return queryset


# On the article page, people by name too (the model's fields show sign-in names).
NAMED_PEOPLE = {"created_by": "created_by_name", "updated_by": "updated_by_name"}


class ArticleListColumns:
    """Mixed into the article admin: the list's own columns, and people shown
    by their names wherever the article admin shows them."""

    @admin.display(description="状态", ordering="status")
    def state(self, obj):
        if obj.is_returned:
            return format_html(
                '<span class="state-returned">已退回</span><br><small class="review-remark" title="{}">{}</small>',
                obj.review_remark,
                truncatechars(obj.review_remark, 40),
            )
        if obj.is_scheduled:
            return mark_safe('<span class="state-scheduled">定时发布</span>')
        if obj.status != S.SUBMITTED:
            return obj.get_status_display()
        # The site's default comes with the row (ArticleAdmin.get_queryset):
        # not one query per article waiting in a column without its own count.
        levels = obj.column.review_levels or getattr(obj, "site_review_levels", None) or obj.column.review_levels_needed
        if levels > 1:
            return format_html(
                '<span class="state-review-level">{}</span>', review_state(obj, obj.column, levels=levels)
            )
        return obj.get_status_display()

    @admin.display(description="发布时间", ordering="published_at")
    def published_short(self, obj):
        return _short(obj.published_at)

    @admin.display(description="修改时间", ordering="updated_at")
    def updated_short(self, obj):
        return _short(obj.updated_at)

    @admin.display(description="最后修改人", ordering="updated_by__last_name")
    def updated_by_name(self, obj):
        return person_name(obj.updated_by, default="-")

    @admin.display(description="创建人")
    def created_by_name(self, obj):
        return person_name(obj.created_by, default="-")

    def get_readonly_fields(self, request, obj=None):
        return [NAMED_PEOPLE.get(name, name) for name in super().get_readonly_fields(request, obj)]

    def get_fieldsets(self, request, obj=None):
        return [
            (title, {**options, "fields": [NAMED_PEOPLE.get(name, name) for name in options["fields"]]})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def changelist_view(self, request, extra_context=None):
        # The list needs the width; the breadcrumbs lead back to the other pages.
        return super().changelist_view(request, {"is_nav_sidebar_enabled": False, **(extra_context or {})})
