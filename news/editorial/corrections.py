"""Correcting a published article: a 修订稿 (ArticleCorrection) is edited and
reviewed while the published text stays online, and approving it copies it
onto the article (sanitised, re-indexed for search, the page cache bumped by
the article's save). Each function is atomic, checks permission and column,
saves a revision and writes its audit entry on the article."""

from django.db import transaction

from ..audit import audit_record
from ..models import CORRECTED_FIELDS, ArticleCorrection, AuditAction
from ..models import ArticleStatus as S
from ..models import CorrectionStatus as C
from .actors import actor_check, actor_user
from .permissions import require
from .review import review_approve_record, review_enter, review_return
from .services import (
    WorkflowError,
    lock_article,
    remark_require,
    revision_save,
    source_default_set,
    wording_check,
)


class CorrectionConflictError(WorkflowError):
    def __init__(self, current):
        self.current = current
        who = current.updated_by.get_username() if current.updated_by else "其他人"
        super().__init__(
            f"保存被拒绝:您编辑期间,{who} 已修改了这份修订稿(当前版本 {current.version})。请重新打开后再修改。"
        )


def _lock_correction(correction):
    return (
        ArticleCorrection.objects.select_for_update(of=("self",))
        .select_related("article__column")
        .get(pk=correction.pk)
    )


def _require_published(article):
    if article.is_trashed or article.status != S.PUBLISHED:
        raise WorkflowError(f"只有已发布的文章可以修订(当前状态:{article.get_status_display()})。")


def require_correction_editable(actor, correction):
    """Like an article: a correction being written is its editors'; once
    submitted only someone who may publish changes it."""
    require(actor, "news.change_article", column_id=correction.article.column_id)
    if correction.status == C.SUBMITTED:
        require(actor, "news.publish_article")


@transaction.atomic
def correction_start(*, article, actor, request=None):
    """The published article's 修订稿, begun from its live text (or the one already begun)."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.change_article", column_id=article.column_id)
    _require_published(article)
    existing = ArticleCorrection.objects.filter(article=article).first()
    if existing is not None:
        return existing
    correction = ArticleCorrection(
        article=article, base_version=article.version, created_by=actor_user(actor), version=0
    )
    for name in CORRECTED_FIELDS:
        setattr(correction, name, getattr(article, name))
    if article.summary_auto:
        correction.summary = ""  # derived, not written: derive it again from the corrected body
    revision_save(correction, actor=actor, comment="开始修订")
    audit_record(user=actor, action=AuditAction.EDIT, obj=article, request=request, correction="开始修订")
    return correction


@transaction.atomic
def correction_save(*, correction, actor, expected_version=None, request=None):
    """Save the edited 修订稿; the published article does not change."""
    actor_check(actor)
    stored = _lock_correction(correction)
    require_correction_editable(actor, stored)
    if expected_version is not None and stored.version != int(expected_version):
        raise CorrectionConflictError(stored)
    changed = [name for name in CORRECTED_FIELDS if getattr(stored, name) != getattr(correction, name)]
    for name in CORRECTED_FIELDS:
        setattr(stored, name, getattr(correction, name))
    if stored.article.cover_image and not (stored.cover_alt or "").strip():
        raise WorkflowError("文章有封面图片,请填写封面图片说明(替代文字)。")
    revision_save(stored, actor=actor, comment="修改修订稿")
    audit_record(
        user=actor,
        action=AuditAction.EDIT,
        obj=stored.article,
        request=request,
        correction="修改修订稿",
        fields=changed,
    )
    return stored


@transaction.atomic
def correction_submit(*, correction, actor, remark="", request=None):
    actor_check(actor)
    correction = _lock_correction(correction)
    require(actor, "news.submit_article", column_id=correction.article.column_id)
    if correction.status != C.DRAFT:
        raise WorkflowError("这份修订稿已经提交审核。")
    warnings = wording_check(correction.applied(), remark=remark, actor=actor)
    correction.status = C.SUBMITTED
    correction.review_remark = ""
    review_enter(correction, actor=actor, level=1)
    revision_save(correction, actor=actor, comment="修订稿提交审核")
    audit_record(
        user=actor,
        action=AuditAction.SUBMIT,
        obj=correction.article,
        remark=remark,
        request=request,
        correction="提交审核",
        wording=warnings,
    )
    return correction


@transaction.atomic
def correction_reject(*, correction, actor, remark, request=None):
    actor_check(actor)
    correction = _lock_correction(correction)
    require(actor, "news.review_article", column_id=correction.article.column_id)
    if correction.status != C.SUBMITTED:
        raise WorkflowError("只有待审核的修订稿可以退回。")
    remark = remark_require(remark, "退回修改")
    article = correction.article
    label, decision = review_return(
        article=article, subject=correction, for_correction=True, actor=actor, remark=remark
    )
    correction.status = C.DRAFT
    revision_save(correction, actor=actor, comment=f"修订稿{label}退回修改:{remark}")
    audit_record(
        user=actor,
        action=AuditAction.REJECT,
        obj=article,
        remark=remark,
        request=request,
        correction="退回修改",
        level=decision.level,
        level_label=label,
    )
    return correction


@transaction.atomic
def correction_approve(*, correction, actor, remark="", request=None):
    """Pass the level the 修订稿 waits at; passing the last level replaces the
    published text and the 修订稿 is done with."""
    actor_check(actor)
    correction = _lock_correction(correction)
    article = lock_article(correction.article)
    require(actor, "news.review_article", column_id=article.column_id)
    if correction.status != C.SUBMITTED:
        raise WorkflowError("只有待审核的修订稿可以审核通过。")
    _require_published(article)
    final, label, decision = review_approve_record(
        article=article, subject=correction, for_correction=True, actor=actor, remark=remark
    )
    if not final:
        review_enter(correction, actor=actor, level=correction.review_level + 1)
        revision_save(correction, actor=actor, comment=f"修订稿{label}通过" + (f":{remark}" if remark else ""))
        audit_record(
            user=actor,
            action=AuditAction.APPROVE,
            obj=article,
            remark=remark,
            request=request,
            correction=f"{label}通过",
            level=decision.level,
            level_label=label,
        )
        return article
    corrected = correction.applied()
    warnings = wording_check(corrected, remark=remark, actor=actor)
    for name in CORRECTED_FIELDS:
        setattr(article, name, getattr(corrected, name))
    # A direct edit after the correction began is replaced too; it stays in the revisions.
    replaced_direct_edit = article.version if article.version != correction.base_version else None
    source_default_set(article)
    revision_save(article, actor=actor, comment="修订稿审核通过,替换已发布内容")
    audit_record(
        user=actor,
        action=AuditAction.APPROVE,
        obj=article,
        remark=remark,
        request=request,
        correction="审核通过",
        wording=warnings,
        replaced_version=replaced_direct_edit,
        level=decision.level,
        level_label=label,
    )
    correction.delete()
    return article


@transaction.atomic
def correction_discard(*, correction, actor, remark="", request=None):
    """Give the correction up; the published article stays as it is."""
    actor_check(actor)
    correction = _lock_correction(correction)
    require_correction_editable(actor, correction)
    audit_record(
        user=actor,
        action=AuditAction.EDIT,
        obj=correction.article,
        remark=remark,
        request=request,
        correction="放弃修订稿",
        title=correction.title,
    )
    correction.delete()
