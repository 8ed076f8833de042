"""Admin mixins shared by the apps (news, archive, health)."""


class ReadOnlyAdminMixin:
    """Records nobody may add, change or delete through the admin: logs and
    reports that only the application itself writes."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
