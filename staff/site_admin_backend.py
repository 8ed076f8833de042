"""What a 站点管理员 may do in the admin, given by their membership rather than
by a group: whoever is site admin of at least one site has these model
permissions; which objects they reach (their sites' settings, columns, staff
and audit entries) is decided by the admins' site scoping
(news.admin.site_scoping, staff.admin). Removing the is_site_admin mark takes
them away at once; there is no group to keep in step."""

from django.contrib.auth.backends import BaseBackend

from news.editorial.permissions import administered_site_ids

SITE_ADMIN_PERMISSIONS = frozenset(
    {
        "news.view_site",
        "news.change_site",
        "news.view_column",
        "news.add_column",
        "news.change_column",
        "news.view_reviewstep",
        "news.add_reviewstep",
        "news.change_reviewstep",
        "news.delete_reviewstep",
        "news.view_columnaccess",
        "news.add_columnaccess",
        "news.change_columnaccess",
        "news.delete_columnaccess",
        "news.view_sitemembership",
        "news.add_sitemembership",
        "news.change_sitemembership",
        "news.delete_sitemembership",
        "news.view_auditentry",
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
    }
)


class SiteAdminBackend(BaseBackend):
    """Authenticates nobody; answers permission questions only."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return set()
        return set(SITE_ADMIN_PERMISSIONS) if administered_site_ids(user_obj) else set()

    def has_module_perms(self, user_obj, app_label):
        return any(perm.startswith(f"{app_label}.") for perm in self.get_all_permissions(user_obj))
