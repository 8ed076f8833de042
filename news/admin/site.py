from django.contrib import admin

from ..models import Column, SiteSettings


@admin.register(Column)
class ColumnAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "parent", "column_type", "order", "in_navigation", "is_disclosure"]
    list_editable = ["order", "in_navigation"]
    list_filter = ["column_type", "in_navigation", "is_disclosure"]
    search_fields = ["name", "slug"]


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
