"""Site scoping shared by the admins of things that belong to a site (its
settings, columns, audit entries, staff): staff see those of their sites
only, and anything of another site is refused with 403 (change page,
history, delete, actions), never hidden behind a redirect."""

import re

from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import PermissionDenied, ValidationError

from ..audit import audit_record
from ..editorial.permissions import administered_site_ids, site_ids_for
from ..models import AuditAction

REFUSED = "您没有管理此站点的权限。"
LIST_EDITABLE_ID = re.compile(r"^form-\d+-id$")


def within(queryset, lookup, ids):
    """`queryset` limited to the site ids `ids` through `lookup` (None: every site)."""
    return queryset if ids is None else queryset.filter(**{f"{lookup}__in": ids})


class SiteScopedAdmin(admin.ModelAdmin):
    """`site_lookup` is the path from the model to its site ("pk" for a site
    itself). Subclasses narrow what is seen with `scope_site_ids`."""

    site_lookup = "site"

    def scope_site_ids(self, request):
        return site_ids_for(request.user)

    def get_queryset(self, request):
        return within(super().get_queryset(request), self.site_lookup, self.scope_site_ids(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self._exists(object_id, from_field):
            raise PermissionDenied(REFUSED)
        return obj

    def _exists(self, object_id, from_field=None):
        field = from_field or self.model._meta.pk.attname
        try:
            return self.model._default_manager.filter(**{field: object_id}).exists()
        except (ValidationError, ValueError, TypeError):
            return False

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "action" in request.POST:
            self._refuse_foreign_selection(request)
        return super().changelist_view(request, extra_context)

    def _refuse_foreign_selection(self, request):
        """An action posted with another site's object among the selected ones is refused whole."""
        selected = set(request.POST.getlist(ACTION_CHECKBOX_NAME))
        if not selected:
            return
        try:
            visible = self.get_queryset(request).filter(pk__in=selected).count()
            existing = self.model._default_manager.filter(pk__in=selected).count()
        except (ValidationError, ValueError, TypeError):
            return  # not ids at all: the admin answers "no items selected"
        if visible < existing:
            raise PermissionDenied(REFUSED)


class SiteAdminScopedAdmin(SiteScopedAdmin):
    """Things only a 站点管理员 manages (settings, columns): they change those
    of the sites they administer; other members of the site may view."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or self._administers(request, obj))

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_save" in request.POST:
            self._refuse_foreign_edits(request)
        return super().changelist_view(request, extra_context)

    def _refuse_foreign_edits(self, request):
        """The list's editable rows, posted back, must all be of sites the user
        administers (the list also shows the sites they are a member of)."""
        ids = {value for name, value in request.POST.items() if LIST_EDITABLE_ID.match(name)}
        try:
            posted = list(self.model._default_manager.filter(pk__in=ids))
        except (ValidationError, ValueError, TypeError):
            return  # not ids at all: the formset reports it
        if not all(self._administers(request, obj) for obj in posted):
            raise PermissionDenied(REFUSED)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or self._administers(request, obj))

    def _administers(self, request, obj):
        ids = administered_site_ids(request.user)
        return ids is None or self.site_id_of(obj) in ids

    def site_id_of(self, obj):
        return obj.pk if self.site_lookup == "pk" else getattr(obj, f"{self.site_lookup}_id")


class SiteAuditedAdmin(admin.ModelAdmin):
    """Admin changes also go to the audit log (news.audit), naming the site:
    the object's own, or `audit_site(request, obj)` for what has none."""

    def audit_site(self, request, obj):
        return None  # audit_record finds the site from the object

    def log_addition(self, request, obj, message):
        audit_record(
            user=request.user, action=AuditAction.CREATE, obj=obj, request=request, site=self.audit_site(request, obj)
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(
            user=request.user,
            action=AuditAction.EDIT,
            obj=obj,
            request=request,
            site=self.audit_site(request, obj),
            change=_plain_message(message),
        )
        return super().log_change(request, obj, message)


def _plain_message(message):
    """The admin's change message (a list of what changed) as stored details."""
    return message if isinstance(message, (str, list)) else str(message)
