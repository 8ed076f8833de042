"""Who may send news up and who decides on it. Township side: members of
the original's site who may work in its column; banner side: holders of
submissions.review_submission who are members of the banner's site."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from news.editorial.actors import is_system
from news.editorial.permissions import column_ids_for, may_work_in
from news.models import SiteMembership

from .models import Submission

REVIEW_PERMISSION = "submissions.review_submission"
SEND_PERMISSION = "news.submit_article"


def is_member(user, site_id):
    if user.is_superuser:
        return True
    return SiteMembership.objects.filter(user=user, site_id=site_id).exists()


def may_send(user, article):
    """Whether `user` may send `article` (of their township) up."""
    if is_system(user):
        return True
    return (
        user.is_active
        and user.has_perm(SEND_PERMISSION)
        and may_work_in(user, article.column_id)
        and is_member(user, article.column.site_id)
    )


def reviewer_site_ids(user):
    """The banner sites whose submissions `user` decides on: None for all (superusers)."""
    if not user.is_active or not user.has_perm(REVIEW_PERMISSION):
        return set()
    if user.is_superuser:
        return None
    return set(SiteMembership.objects.filter(user=user, site__is_platform=True).values_list("site_id", flat=True))


def may_review(user, submission):
    if is_system(user):
        return True
    ids = reviewer_site_ids(user)
    return ids is None or submission.column.site_id in ids


def is_reviewer(user):
    ids = reviewer_site_ids(user)
    return ids is None or bool(ids)


def require_send(user, article):
    if not may_send(user, article):
        raise PermissionDenied("您没有报送此栏目文章的权限。")


def require_review(user, submission):
    if not may_review(user, submission):
        raise PermissionDenied("您没有审核此站点报送的权限。")


def visible_to(user):
    """The submissions `user` sees: those to their banner sites (reviewers)
    and those sent from the columns they work in on their sites (townships)."""
    submissions = Submission.objects.select_related(
        "from_site", "column__site", "submitted_by", "decided_by", "original", "copy"
    )
    if user.is_superuser:
        return submissions
    seen = Q(pk__in=[])
    banner_ids = reviewer_site_ids(user)
    if banner_ids:
        seen |= Q(column__site_id__in=banner_ids)
    if user.has_perm(SEND_PERMISSION):
        township = Q(from_site_id__in=SiteMembership.objects.filter(user=user).values("site_id"))
        column_ids = column_ids_for(user)
        if column_ids is not None:
            township &= Q(original__column_id__in=column_ids)
        seen |= township
    return submissions.filter(seen)
