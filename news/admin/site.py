from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from ..editorial.permissions import administered_site_ids
from ..editorial.review import column_review_settings_save
from ..models import Column, ReviewStep, Site, SiteMembership
from .mongolian import MongolianInputsAdmin
from .site_scoping import SiteAdminScopedAdmin, SiteAuditedAdmin, within

REVIEW_SETTINGS = ("review_levels", "allow_same_reviewer")


class ReviewStepInline(admin.TabularInline):
    """三审: who reviews at each level of the column (nobody named: anyone with the 审核 right)."""

    model = ReviewStep
    extra = 0
    max_num = 3
    fields = ["level", "group", "users"]
    filter_horizontal = ["users"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        ids = administered_site_ids(request.user)
        if db_field.name == "users" and ids is not None:
            # A site admin names reviewers among their sites' staff only.
            kwargs["queryset"] = get_user_model().objects.filter(
                is_superuser=False, pk__in=SiteMembership.objects.filter(site_id__in=ids).values("user_id")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ColumnForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("parent")
        site = cleaned.get("site") or (self.instance.site if self.instance.site_id else None)
        if parent is not None and site is not None and parent.site_id != site.pk:
            self.add_error("parent", "上级栏目必须属于同一站点。")
        return cleaned


class SiteForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        # Mongolian pages name the site in their header and title, Mongolian first.
        if cleaned.get("mongolian_enabled") and not (cleaned.get("site_name_mn") or "").strip():
            self.add_error("site_name_mn", "开通蒙古文版时请填写蒙古文网站名称(蒙古文页面的页头和标题使用)。")
        return cleaned


def administered_sites(request):
    return within(Site.objects.order_by("id"), "pk", administered_site_ids(request.user))


@admin.register(Column)
class ColumnAdmin(MongolianInputsAdmin, SiteAdminScopedAdmin):
    """A 站点管理员 sees and manages their sites' columns only; a new column
    is made on one of the sites they administer. Review settings are
    audited by column_review_settings_save (the entry names the column's site)."""

    form = ColumnForm
    list_display = [
        "name",
        "site",
        "slug",
        "parent",
        "column_type",
        "order",
        "in_navigation",
        "review_levels",
        "is_disclosure",
    ]
    list_editable = ["order", "in_navigation"]
    list_filter = ["site", "column_type", "in_navigation", "is_disclosure"]
    search_fields = ["name", "slug"]
    inlines = [ReviewStepInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("site")  # a column stays on its site: its pages' addresses are there
        return fields if request.user.is_superuser else [*fields, "allow_same_reviewer"]

    def get_changeform_initial_data(self, request):
        site = Site.objects.default() if request.user.is_superuser else administered_sites(request).first()
        return {"site": getattr(site, "pk", None), **super().get_changeform_initial_data(request)}

    def has_add_permission(self, request):
        return super().has_add_permission(request) and administered_sites(request).exists()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "site":
            kwargs["queryset"] = administered_sites(request)
        elif db_field.name == "parent":
            kwargs["queryset"] = within(Column.objects.all(), "site", administered_site_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # The review settings are written (and audited) by the service function.
        review = {name: getattr(obj, name) for name in REVIEW_SETTINGS}
        if change:
            stored = Column.objects.get(pk=obj.pk)
            for name in REVIEW_SETTINGS:
                setattr(obj, name, getattr(stored, name))
        else:
            obj.review_levels, obj.allow_same_reviewer = review["review_levels"], False
        super().save_model(request, obj, form, change)
        column_review_settings_save(column=obj, actor=request.user, request=request, **review)


@admin.register(Site)
class SiteAdmin(MongolianInputsAdmin, SiteAuditedAdmin, SiteAdminScopedAdmin):
    """A 站点管理员 changes their own sites' settings; only superusers add or
    delete sites or mark the banner's portal."""

    form = SiteForm
    site_lookup = "pk"
    list_display = ["site_name", "key", "domain", "is_platform"]
    fieldsets = [
        ("站点", {"fields": ["key", "is_platform", "extra_domains"]}),
        ("网站", {"fields": ["site_name", "domain", "site_description", "site_keywords", "logo", "theme"]}),
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
        (
            "蒙古文版",
            {
                "fields": ["mongolian_enabled", "site_name_mn", "organiser_mn", "default_source_mn"],
                "description": "开通后本站的蒙古文版在 /mn/ 下立即可以访问,只显示有蒙古文标题和正文的文章;"
                "关闭后 /mn/ 下的页面不再提供(已填写的蒙古文内容仍保留)。",
            },
        ),
        ("审核", {"fields": ["review_levels"]}),
        ("信息报送", {"fields": ["submission_updates"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None:
            fields.append("key")  # the published tree's folder and the /site/<key>/ addresses
        # Host names decide which site answers a request: a site admin who
        # could write another site's name in would take its visitors.
        return fields if request.user.is_superuser else [*fields, "is_platform", "domain", "extra_domains"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
