"""三审: which review level an article (or its 修订稿) waits at, who may decide
that level, and the record of each decision. Four eyes: nobody decides a
level of a piece they wrote or submitted, and nobody decides two levels of
the same submission, unless a superuser allowed it for the column.

The article and 修订稿 writes (news.editorial.services, news.editorial.corrections)
call these inside their own transactions; nothing here writes an audit entry
by itself, except the column's settings."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..audit import audit_record
from ..models import AuditAction, Column, ReviewDecision, ReviewDecisionKind, ReviewStep, level_name
from .actors import actor_check, actor_user, is_system
from .people import person_name
from .permissions import may_work_in, require


def levels_needed(column):
    return column.review_levels_needed


def level_label(subject, column, *, levels=None):
    """初审/复审/终审 (or 审核) for the level `subject` waits at; `levels`,
    when the caller already knows how many the column needs."""
    return level_name(levels or levels_needed(column), max(subject.review_level, 1))


def is_final_level(subject, column):
    return subject.review_level >= levels_needed(column)


def review_state(subject, column, *, levels=None):
    """What the article page says while it is reviewed: 复审中, since when."""
    levels = levels or levels_needed(column)
    if levels == 1:
        return "待审核"
    return f"{level_label(subject, column, levels=levels)}中(第 {min(subject.review_level, levels)}/{levels} 级)"


def level_reviewers(column_id, level):
    """Who reviews the level, as the article page says it: the group and the
    people assigned, or "" when anyone with the 审核 right in the column may."""
    step = ReviewStep.objects.filter(column_id=column_id, level=level).select_related("group").first()
    if step is None:
        return ""
    names = [f"{step.group.name}组" if step.group else ""] + [person_name(u) for u in step.users.all()]
    return "、".join(name for name in names if name)


def review_enter(subject, *, actor, level):
    """Put `subject` at `level` from now; level 1 starts a new submission."""
    if level == 1:
        subject.review_round = (subject.review_round or 0) + 1
        subject.submitted_by = actor_user(actor)
    subject.review_level = level
    subject.review_since = timezone.now()


def review_leave(subject):
    subject.review_level = 0
    subject.review_since = None


def _assigned(user, column_id, level, steps=None):
    """Whether the level's assignment (if any) names `user` or one of their groups."""
    if steps is None:
        step = ReviewStep.objects.filter(column_id=column_id, level=level).prefetch_related("users").first()
    else:
        step = steps.get((column_id, level))
    if step is None:
        return True
    user_ids = {u.pk for u in step.users.all()}
    if not user_ids and step.group_id is None:
        return True
    if user.pk in user_ids:
        return True
    return step.group_id is not None and user.groups.filter(pk=step.group_id).exists()


def review_refusal(user, *, article, subject, for_correction, steps=None):
    """Why `user` may not decide the level `subject` waits at, or None.
    Returns (exception class, message) so callers can raise or just test."""
    column = article.column
    level = subject.review_level
    if not user.is_active or not user.has_perm("news.review_article"):
        return PermissionDenied, "您没有执行此操作的权限。"
    if not may_work_in(user, article.column_id):
        return PermissionDenied, "您没有管理此栏目的权限。"
    label = level_label(subject, column)
    if not _assigned(user, article.column_id, level, steps):
        return PermissionDenied, f"您不是这个栏目{label}环节的审核人员。"
    if column.allow_same_reviewer:
        return None
    if user.pk in (subject.created_by_id, subject.submitted_by_id):
        return PermissionDenied, "这是您本人撰写或提交的稿件,不能由您审核(四眼原则)。"
    earlier = ReviewDecision.objects.filter(
        article=article,
        for_correction=for_correction,
        review_round=subject.review_round,
        decision=ReviewDecisionKind.APPROVE,
        reviewer=user,
    ).exclude(level=level)
    if earlier.exists():
        return (
            PermissionDenied,
            f"您已审核通过这篇稿件的{earlier.first().level_label},同一人不能审核同一稿件的两个级别(四眼原则)。",
        )
    if user.pk == subject.updated_by_id:
        # The last change to the text is this reviewer's own: nobody else has read it.
        return PermissionDenied, "稿件的最后一次修改是您本人所做,不能再由您审核(四眼原则):请交由其他审核人员。"
    return None


def review_require(actor, *, article, subject, for_correction):
    """Raise unless `actor` may decide the level `subject` waits at; the
    system (scheduled work, commands) is not checked."""
    if is_system(actor):
        return
    refusal = review_refusal(actor, article=article, subject=subject, for_correction=for_correction)
    if refusal is not None:
        error, message = refusal
        raise error(message)


def review_decision_record(*, article, subject, for_correction, actor, decision, remark):
    """One decision at the level `subject` waits at."""
    return ReviewDecision.objects.create(
        article=article,
        for_correction=for_correction,
        review_round=subject.review_round or 1,
        level=max(subject.review_level, 1),
        level_label=level_label(subject, article.column),
        reviewer=actor_user(actor),
        reviewer_name=person_name(actor_user(actor)),
        decision=decision,
        remark=remark,
    )


def _decide(*, article, subject, for_correction, actor, decision, remark):
    """Check that `actor` may decide the level `subject` waits at, and record
    the decision; returns the level's label and the decision."""
    review_require(actor, article=article, subject=subject, for_correction=for_correction)
    label = level_label(subject, article.column)
    recorded = review_decision_record(
        article=article, subject=subject, for_correction=for_correction, actor=actor, decision=decision, remark=remark
    )
    return label, recorded


def review_approve_record(*, article, subject, for_correction, actor, remark):
    """An approval at the level `subject` (the article or its 修订稿) waits
    at: the last level needs the publish right too; checked and recorded.
    The caller moves `subject` on (next level or published) and saves it.
    Returns whether the level was the last, its label and the decision."""
    final = is_final_level(subject, article.column)
    if final:
        require(actor, "news.publish_article")
    label, decision = _decide(
        article=article,
        subject=subject,
        for_correction=for_correction,
        actor=actor,
        decision=ReviewDecisionKind.APPROVE,
        remark=remark,
    )
    return final, label, decision


def review_return(*, article, subject, for_correction, actor, remark):
    """A return at the level `subject` (the article or its 修订稿) waits at:
    checked, recorded, and the author reads every remark of this submission.
    The caller puts `subject` back to draft and saves it. Returns the level's
    label and the decision."""
    label, decision = _decide(
        article=article,
        subject=subject,
        for_correction=for_correction,
        actor=actor,
        decision=ReviewDecisionKind.RETURN,
        remark=remark,
    )
    if levels_needed(article.column) > 1:
        subject.review_remark = remarks_so_far(
            article, for_correction=for_correction, review_round=decision.review_round
        )
    else:
        subject.review_remark = remark
    review_leave(subject)
    return label, decision


def remarks_so_far(article, *, for_correction, review_round):
    """Every remark of the submission, in order, as the author reads them after a return."""
    decisions = ReviewDecision.objects.filter(article=article, for_correction=for_correction, review_round=review_round)
    return "\n".join(
        f"{d.level_label}{d.get_decision_display()}({d.reviewer_name}):{d.remark}" for d in decisions if d.remark
    )


def decisions_of(article, *, for_correction=False):
    return ReviewDecision.objects.filter(article=article, for_correction=for_correction).order_by("created_at", "id")


def awaiting_review_by(user, articles):
    """The submitted articles among `articles` whose current level `user`
    may decide now: their 待我审核 list."""
    from ..models import ArticleStatus

    if not user.is_active or not user.has_perm("news.review_article"):
        return []
    candidates = list(
        articles.filter(status=ArticleStatus.SUBMITTED).select_related("column").order_by("review_since", "id")
    )
    steps = {
        (step.column_id, step.level): step
        for step in ReviewStep.objects.filter(column_id__in={a.column_id for a in candidates}).prefetch_related("users")
    }
    return [
        article
        for article in candidates
        if review_refusal(user, article=article, subject=article, for_correction=False, steps=steps) is None
    ]


@transaction.atomic
def column_review_settings_save(*, column, actor, review_levels, allow_same_reviewer, request=None):
    """Set how many levels the column's articles pass and whether one person
    may decide several (or their own); the latter by a superuser only."""
    actor_check(actor)
    stored = Column.objects.select_for_update().get(pk=column.pk)
    if stored.allow_same_reviewer != allow_same_reviewer and not (is_system(actor) or actor.is_superuser):
        raise PermissionDenied("只有超级管理员可以允许同一人审核多级。")
    changes = {}
    if stored.review_levels != review_levels:
        changes["review_levels"] = [stored.review_levels, review_levels]
    if stored.allow_same_reviewer != allow_same_reviewer:
        changes["allow_same_reviewer"] = [stored.allow_same_reviewer, allow_same_reviewer]
    if not changes:
        return stored
    Column.objects.filter(pk=stored.pk).update(review_levels=review_levels, allow_same_reviewer=allow_same_reviewer)
    remark = (
        "允许同一人审核本栏目文章的多个级别(含本人稿件)"
        if allow_same_reviewer and "allow_same_reviewer" in changes
        else ""
    )
    audit_record(
        user=actor, action=AuditAction.EDIT, obj=stored, remark=remark, request=request, review_settings=changes
    )
    stored.refresh_from_db()
    return stored
