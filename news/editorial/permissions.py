"""Who may do what, on which sites and in which columns. The service
functions call these, so a refused action is refused whatever the request.

Staff work only on the sites they are members of (SiteMembership); within
them, `access_all_columns` gives every column and ColumnAccess rows give a
column and everything below it. Superusers work everywhere. The answers are
kept on the user object, so one request asks the database once."""

from django.core.exceptions import PermissionDenied

from ..models import Column, ColumnAccess, SiteMembership
from ..public.column_tree import ColumnTree
from .actors import is_system

ALL_COLUMNS_PERMISSION = "news.access_all_columns"


def works_in_all_columns(user):
    """Every column of the user's sites (all sites only for superusers: see column_ids_for)."""
    return user.is_active and (user.is_superuser or user.has_perm(ALL_COLUMNS_PERMISSION))


def _memberships(user):
    cached = getattr(user, "_site_memberships", None)
    if cached is None:
        cached = dict(SiteMembership.objects.filter(user=user).values_list("site_id", "is_site_admin"))
        user._site_memberships = cached
    return cached


def site_ids_for(user):
    """The ids of the sites `user` works on, or None for every site (superusers)."""
    if user.is_active and user.is_superuser:
        return None
    if not user.is_active or not user.is_authenticated:
        return set()
    return set(_memberships(user))


def administered_site_ids(user):
    """The ids of the sites `user` is 站点管理员 of, or None for every site (superusers)."""
    if user.is_active and user.is_superuser:
        return None
    if not user.is_active or not user.is_authenticated:
        return set()
    return {site_id for site_id, is_admin in _memberships(user).items() if is_admin}


def may_work_on_site(user, site_id):
    ids = site_ids_for(user)
    return ids is None or site_id in ids


def administers_site(user, site_id):
    ids = administered_site_ids(user)
    return ids is None or site_id in ids


def column_ids_for(user):
    """The ids of the columns `user` may work in (their assigned columns and
    everything below them, on their sites only), or None for every column."""
    if user.is_active and user.is_superuser:
        return None
    cached = getattr(user, "_column_ids", None)
    if cached is None:
        site_ids = site_ids_for(user)
        site_columns = Column.objects.filter(site_id__in=site_ids)
        if not site_ids:
            cached = set()
        elif works_in_all_columns(user):
            cached = set(site_columns.values_list("id", flat=True))
        else:
            assigned = set(
                ColumnAccess.objects.filter(user=user, column__site_id__in=site_ids).values_list("column_id", flat=True)
            )
            if assigned:
                tree = ColumnTree(site_columns.only("id", "parent_id"))
                cached = {id_ for column_id in assigned for id_ in tree.descendant_ids(tree.by_id[column_id])}
            else:
                cached = set()
        user._column_ids = cached
    return cached


def permissions_forget(user):
    """Drop what column_ids_for and site_ids_for remembered on `user` (after
    their memberships or columns changed within one request)."""
    for name in ("_column_ids", "_site_memberships"):
        user.__dict__.pop(name, None)


def may_work_in(user, column_id):
    ids = column_ids_for(user)
    return ids is None or column_id in ids


def may_see_article(user, article):
    """Staff who may view articles and work in its column see it in any state
    (the preview, its attachments). The caller has checked staff_required."""
    return user.has_perm("news.view_article") and may_work_in(user, article.column_id)


def require(user, permission, *, column_id=None):
    """Raise PermissionDenied unless `user` has `permission` (and works in
    `column_id`). news.editorial.actors.SYSTEM passes; a missing user is a programming error."""
    if is_system(user):
        return  # the portal itself: scheduled work, the demo loader, commands
    if user is None:
        raise TypeError("require() needs a user or news.editorial.actors.SYSTEM, not None")
    if not user.is_active or not user.has_perm(permission):
        raise PermissionDenied("您没有执行此操作的权限。")
    if column_id is not None and not may_work_in(user, column_id):
        raise PermissionDenied("您没有管理此栏目的权限。")
