from django.contrib import admin
from django.urls import path

from portal.admin_mixins import ReadOnlyAdminMixin

from . import views
from .models import ExportRecord


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The export log: read only, for auditors and administrators."""

    list_display = ["created_at", "actor", "via", "fmt", "status", "count", "file_name", "sha256"]
    list_filter = ["status", "fmt", "via"]
    search_fields = ["actor", "sha256", "file_name"]
    date_hierarchy = "created_at"
    change_list_template = "archive/exportrecord_change_list.html"

    def get_urls(self):
        # Not wrapped in admin_view: everyone without the export permission,
        # signed in or not, gets a plain 403.
        return [
            path("export/", views.export_page, name="archive_export"),
            path("export/jobs/<int:pk>/", views.export_job_page, name="archive_export_job"),
            path("export/jobs/<int:pk>/download/", views.export_job_download, name="archive_export_download"),
            *super().get_urls(),
        ]
