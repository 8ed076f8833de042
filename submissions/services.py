"""Every write of 信息报送: send, accept, return, clear a flag, and what an
edit or withdrawal of an accepted original does to the banner's copy. Each
function is atomic, checks who is acting and writes its audit entry with
the site concerned. The copy is written through news.editorial.services,
so search, the page cache and static publishing follow it as any article."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import get_script_prefix, reverse
from django.utils import timezone

from news.audit import audit_record
from news.editorial.actors import SYSTEM, actor_check, actor_user
from news.editorial.services import article_publish, article_save, article_withdraw, remark_require
from news.models import Article, AuditAction, Column, SubmissionUpdates

from .models import OPEN_STATUSES, OriginalChange, Submission, SubmissionStatus
from .permissions import require_review, require_send

# What the copy takes over from the original, at acceptance and on each update.
FOLLOWED_FIELDS = ["title", "subtitle", "body", "summary", "author"]


def original_digest(article):
    """What the copy shows of `article`, as a digest."""
    text = "\x00".join(str(getattr(article, name)) for name in FOLLOWED_FIELDS)
    return hashlib.sha256(text.encode()).hexdigest()


class SubmissionError(ValidationError):
    """The submission does not fit the article's, the column's or its own state."""


def original_address(article):
    """The original's public address on its own site's domain, whatever
    site prefix the current request has."""
    path = reverse("news:article", kwargs={"pk": article.pk})
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    return f"{settings.PUBLIC_URL_SCHEME}://{article.column.site.domain}{path}"


def source_of(site):
    """来源 on the banner's copy: the township site's name."""
    return site.site_name or site.source


@transaction.atomic
def submission_send(*, article, column, actor, request=None):
    """A township's published article, sent to a banner column that accepts submissions."""
    actor_check(actor)
    article = Article.objects.select_related("column__site").get(pk=article.pk)
    require_send(actor, article)
    column = Column.objects.select_related("site").get(pk=column.pk)
    if not article.is_public:
        raise SubmissionError("只有已发布的文章可以报送。")
    if Submission.objects.filter(copy=article).exists():
        raise SubmissionError("这篇文章是采用的报送稿,不能再次报送。")
    if not (column.accepts_submissions and column.site.is_platform):
        raise SubmissionError(f"栏目“{column.name}”不接收报送。")
    if column.site_id == article.column.site_id:
        raise SubmissionError("不能报送到本站点的栏目。")
    if Submission.objects.filter(original=article, column=column, status__in=OPEN_STATUSES).exists():
        raise SubmissionError(f"这篇文章已报送到“{column.name}”,正在审核或已被采用。")
    submission = Submission.objects.create(
        original=article,
        title=article.title,
        from_site=article.column.site,
        column=column,
        submitted_by=actor_user(actor),
        submitted_at=timezone.now(),
    )
    audit_record(
        user=actor,
        action=AuditAction.SUBMISSION_SEND,
        obj=submission,
        request=request,
        site=article.column.site,
        article=article.pk,
        to_site=column.site.site_name,
        to_column=column.name,
    )
    return submission


def _locked(submission):
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("column__site", "from_site")
        .get(pk=submission.pk)
    )


def _check_pending(submission):
    if submission.status != SubmissionStatus.PENDING:
        raise SubmissionError(f"只有待审核的报送可以处理(当前状态:{submission.get_status_display()})。")


@transaction.atomic
def submission_accept(*, submission, actor, request=None):
    """采用: the banner publishes a copy in the target column, 来源 the
    township, linking to the original."""
    actor_check(actor)
    submission = _locked(submission)
    require_review(actor, submission)
    _check_pending(submission)
    original = submission.original
    if original is None or not original.is_public:
        raise SubmissionError("原文已不再公开,不能采用。")
    copy = Article(
        column=submission.column,
        source=source_of(submission.from_site),
        original_url=original_address(original),
        **{name: getattr(original, name) for name in FOLLOWED_FIELDS},
    )
    copy.summary_auto = original.summary_auto
    # The reviewer's acceptance is the banner's review: the portal publishes
    # the copy (the reviewer need not hold the column's editing rights).
    article_publish(article=copy, actor=SYSTEM, remark=f"采用{submission.from_site.site_name}报送")
    submission.status = SubmissionStatus.ACCEPTED
    submission.copy = copy
    submission.original_digest = original_digest(original)
    submission.decided_by = actor_user(actor)
    submission.decided_at = timezone.now()
    submission.remark = ""
    submission.save()
    audit_record(
        user=actor,
        action=AuditAction.SUBMISSION_ACCEPT,
        obj=submission,
        request=request,
        site=submission.column.site,
        copy=copy.pk,
        from_site=submission.from_site.site_name,
    )
    return submission


@transaction.atomic
def submission_return(*, submission, actor, remark, request=None):
    """退回, with the reason the township reads."""
    actor_check(actor)
    submission = _locked(submission)
    require_review(actor, submission)
    _check_pending(submission)
    try:
        remark = remark_require(remark, "退回报送")
    except ValidationError as error:
        raise SubmissionError(error.messages) from None
    submission.status = SubmissionStatus.RETURNED
    submission.remark = remark
    submission.decided_by = actor_user(actor)
    submission.decided_at = timezone.now()
    submission.save()
    audit_record(
        user=actor,
        action=AuditAction.SUBMISSION_RETURN,
        obj=submission,
        remark=remark,
        request=request,
        site=submission.column.site,
    )
    return submission


@transaction.atomic
def submission_flag_clear(*, submission, actor, request=None):
    """The banner's reviewers have looked at a changed or withdrawn original."""
    actor_check(actor)
    submission = _locked(submission)
    require_review(actor, submission)
    if not submission.original_changed:
        raise SubmissionError("这条报送没有需要处理的原文变更。")
    was = submission.get_original_changed_display()
    submission.original_changed = OriginalChange.NONE
    # Only a later edit of the original flags it again.
    if submission.original is not None:
        submission.original_digest = original_digest(submission.original)
    submission.save(update_fields=["original_changed", "original_digest"])
    audit_record(
        user=actor,
        action=AuditAction.SUBMISSION_FOLLOW,
        obj=submission,
        request=request,
        site=submission.column.site,
        cleared=was,
    )
    return submission


def submission_follow_all(*, original_id):
    """After an article was saved: each open submission of it follows."""
    for submission in Submission.objects.filter(original_id=original_id, status__in=OPEN_STATUSES):
        submission_follow(submission=submission)


@transaction.atomic
def submission_follow(*, submission):
    """The original was edited, withdrawn or moved to the 回收站. A pending
    submission of an original no longer public is 已撤回. An accepted one's
    copy follows as the banner site says: updated (and withdrawn with the
    original), or flagged for the banner's reviewers, who decide."""
    submission = _locked(submission)
    original = submission.original
    if submission.status == SubmissionStatus.PENDING:
        if original is None or not original.is_public:
            submission.status = SubmissionStatus.WITHDRAWN
            submission.decided_at = timezone.now()
            submission.save()
            _audit_follow(submission, "原文已撤回,报送随之撤回")
        return submission
    copy = submission.copy
    if submission.status != SubmissionStatus.ACCEPTED or copy is None:
        return submission
    updates = submission.column.site.submission_updates == SubmissionUpdates.UPDATE
    if original is None or not original.is_public:
        if updates and copy.is_public:
            article_withdraw(article=copy, actor=SYSTEM, remark="乡镇原文已撤回,转载稿随之撤稿")
            _audit_follow(submission, "原文已撤回,转载稿已撤稿")
        elif not updates and submission.original_changed != OriginalChange.WITHDRAWN:
            submission.original_changed = OriginalChange.WITHDRAWN
            submission.save(update_fields=["original_changed"])
            _audit_follow(submission, "原文已撤回,已标记")
        return submission
    digest = original_digest(original)
    if digest == submission.original_digest:
        return submission
    changed = [name for name in FOLLOWED_FIELDS if getattr(original, name) != getattr(copy, name)]
    if updates:
        if changed:
            for name in changed:
                setattr(copy, name, getattr(original, name))
            copy.summary_auto = original.summary_auto
            article_save(article=copy, actor=SYSTEM, comment="随乡镇原文更新")
            _audit_follow(submission, "转载稿已随原文更新", fields=changed)
        submission.original_digest = digest
        submission.save(update_fields=["original_digest"])
    elif submission.original_changed != OriginalChange.CHANGED:
        submission.original_changed = OriginalChange.CHANGED
        submission.save(update_fields=["original_changed"])
        _audit_follow(submission, "原文已修改,已标记", fields=changed)
    return submission


def _audit_follow(submission, what, **details):
    audit_record(
        user=SYSTEM,
        action=AuditAction.SUBMISSION_FOLLOW,
        obj=submission,
        remark=what,
        site=submission.column.site,
        **details,
    )
