from django.contrib import admin

from portal.admin_mixins import ReadOnlyAdminMixin

from ..editorial.permissions import site_ids_for
from ..models import AuditEntry, Site
from .people import person_display
from .site_scoping import SiteScopedAdmin


class SiteFilter(admin.SimpleListFilter):
    title = "站点"
    parameter_name = "site"

    def lookups(self, request, model_admin):
        ids = site_ids_for(request.user)
        sites = Site.objects.order_by("id") if ids is None else Site.objects.filter(pk__in=ids).order_by("id")
        return [(site.key, site.site_name) for site in sites]

    def queryset(self, request, queryset):
        # By key: a made-up value filters nothing rather than failing.
        return queryset.filter(site__key=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, SiteScopedAdmin):
    """Read only, for everyone: the log is written by the service functions.
    Staff see their sites' entries; those naming no site (sign-ins, work on
    the whole platform, a deleted site's) only superusers."""

    list_display = ["created_at", "site", "username", "ip_address", "action", "object_repr", "remark"]
    list_filter = [SiteFilter, "action", "created_at", "object_type", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["username", "object_repr", "object_id", "remark", "ip_address"]
    date_hierarchy = "created_at"
    list_select_related = ["user", "site"]
    readonly_fields = [
        "created_at",
        "site",
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

    def get_queryset(self, request):
        queryset = super(SiteScopedAdmin, self).get_queryset(request)
        ids = site_ids_for(request.user)
        return queryset if ids is None else queryset.filter(site_id__in=ids)

    def changelist_view(self, request, extra_context=None):
        from ops.retention import retention_overview

        return super().changelist_view(
            request, extra_context={**(extra_context or {}), "retention": retention_overview()}
        )
