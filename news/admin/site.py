from django.contrib import admin

from ..editorial.review import column_review_settings_save
from ..models import Column, ReviewStep, Site

REVIEW_SETTINGS = ("review_levels", "allow_same_reviewer")


class ReviewStepInline(admin.TabularInline):
    """三审: who reviews at each level of the column (nobody named: anyone with the 审核 right)."""

    model = ReviewStep
    extra = 0
    max_num = 3
    fields = ["level", "group", "users"]
    filter_horizontal = ["users"]


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
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
        return {"site": Site.objects.default().pk, **super().get_changeform_initial_data(request)}

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
class SiteAdmin(admin.ModelAdmin):
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
        ("审核", {"fields": ["review_levels"]}),
        ("信息报送", {"fields": ["submission_updates"]}),
    ]

    def has_add_permission(self, request):
        return not Site.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
