"""Who may do what, and in which columns. The service functions call these,
so a refused action is refused whatever the request."""

from django.core.exceptions import PermissionDenied

from ..models import Column, ColumnAccess
from ..public.column_tree import ColumnTree
from .actors import is_system

ALL_COLUMNS_PERMISSION = "news.access_all_columns"


def works_in_all_columns(user):
    return user.is_active and (user.is_superuser or user.has_perm(ALL_COLUMNS_PERMISSION))


def column_ids_for(user):
    """The ids of the columns `user` may work in (their assigned columns and
    everything below them), or None for every column."""
    if works_in_all_columns(user):
        return None
    cached = getattr(user, "_column_ids", None)
    if cached is None:
        assigned = set(ColumnAccess.objects.filter(user=user).values_list("column_id", flat=True))
        if assigned:
            tree = ColumnTree(Column.objects.only("id", "parent_id"))
            cached = {id_ for column_id in assigned for id_ in tree.descendant_ids(tree.by_id[column_id])}
        else:
            cached = set()
        user._column_ids = cached
    return cached


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
