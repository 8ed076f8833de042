from django.contrib.admin.apps import AdminConfig


class PortalAdminConfig(AdminConfig):
    """django.contrib.admin with the portal's site as `admin.site`, so every
    app's `@admin.register` lands on the two-factor admin (staff.sites)."""

    default_site = "staff.sites.PortalAdminSite"
