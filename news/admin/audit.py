from django.contrib import admin

from portal.admin_mixins import ReadOnlyAdminMixin

from ..models import AuditEntry
from .people import person_display


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read only, for everyone: the log is written by the service functions."""

    list_display = ["created_at", "username", "ip_address", "action", "object_repr", "remark"]
    list_filter = ["action", "created_at", "object_type", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "object_repr", "object_id", "remark", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    readonly_fields = [
        "created_at",
        "user_display",
        "username",
        "ip_address",
        "action",
        "object_type",
        "object_id",
        "object_repr",
        "remark",
        "details",
    ]
    actions = None
    user_display = person_display("user", "用户")
    exclude = ["user"]  # shown as user_display, without a link to the user's page
    change_list_template = "admin/news/auditentry/change_list.html"

    def changelist_view(self, request, extra_context=None):
        from ops.retention import retention_overview

        return super().changelist_view(
            request, extra_context={**(extra_context or {}), "retention": retention_overview()}
        )
