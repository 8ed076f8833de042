"""Every write to an article: 草稿 → 待审核 → 已发布 → 已撤稿, saves with
revisions and a version check, the 回收站, the 索引号 and the new article's
来源. Each function is atomic, checks permissions and column, and writes its
audit entry. Each takes `actor=`, keyword-only and required: a signed-in user,
or news.editorial.actors.SYSTEM for the portal itself (scheduled work, the
demo loader, commands, imports), which is not checked for permissions or
wording and is named 系统 in the audit log. None is refused. The 修订稿 writes
(news.editorial.corrections) build on the public helpers here."""

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from reversion.models import Version

from ..audit import audit_record
from ..media.html import images_without_alt
from ..models import Article, AuditAction, Column, IndexNumberCounter, Site
from ..models import ArticleStatus as S
from ..models.mongolian import MONGOLIAN_FIELD_NAMES
from .actors import SYSTEM, actor_check, actor_user, is_system
from .people import person_name
from .permissions import require
from .review import review_approve_record, review_enter, review_leave, review_return
from .wording import check_article

# What a revision shows and what restoring one brings back.
CONTENT_FIELDS = [
    "title",
    "subtitle",
    "column",
    "source",
    "author",
    "published_at",
    "summary",
    "body",
    "cover_image",
    "cover_alt",
    "is_headline",
    # The 蒙古文版: versioned, compared, restored and audited like the rest.
    *MONGOLIAN_FIELD_NAMES,
]


class WorkflowError(ValidationError):
    """The action does not fit the article's state, or lacks a remark."""


class ConcurrentEditError(WorkflowError):
    def __init__(self, current):
        self.current = current
        who = person_name(current.updated_by, default="其他人")
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S")
        super().__init__(
            f"保存被拒绝:您编辑期间,{who} 已于 {when} 修改了这篇文章(当前版本 {current.version})。"
            "为避免覆盖对方的修改,请先查看对方的修改,再在最新版本上重新编辑。"
        )


class WordingBlockedError(WorkflowError):
    def __init__(self, hits):
        self.hits = hits
        super().__init__(["发现必须改正的错敏词,不能提交或发布:"] + [str(hit) for hit in hits if hit.is_block])


class WordingWarningError(WorkflowError):
    def __init__(self, hits):
        self.hits = hits
        super().__init__(["发现需要确认的用语,请核对;确认无误的,填写说明后可继续:"] + [str(hit) for hit in hits])


class ImagesWithoutAltError(WorkflowError):
    def __init__(self, images, field="正文"):
        self.images = images
        super().__init__(
            [f"{field}中有 {len(images)} 张图片没有填写图片说明(替代文字),读屏软件无法向视障读者说明,不能提交或发布:"]
            + [f"第 {number} 张图片({name})" for number, name in images]
            + ["请在编辑器中点击该图片,再点图片工具栏上的“更改图片替代文本”填写说明。"]
        )


def _check_images_alt(article):
    """Every image in the body, and in the 蒙古文版's, says what it shows (WCAG 1.1.1)."""
    missing = images_without_alt(article.body)
    if missing:
        raise ImagesWithoutAltError(missing)
    missing = images_without_alt(article.body_mn)
    if missing:
        raise ImagesWithoutAltError(missing, field="蒙古文正文")


def lock_article(article):
    """The article as stored, locked until the transaction ends. A 回收站
    proxy instance becomes a plain Article, the model revisions are kept for."""
    if type(article) is not Article:
        article = Article(pk=article.pk)
    article.refresh_from_db(from_queryset=Article.objects.select_for_update())
    return article


def _check_state(article, allowed, message):
    if article.is_trashed:
        raise WorkflowError("文章在回收站中,请先恢复。")
    if article.status not in allowed:
        raise WorkflowError(f"{message}(当前状态:{article.get_status_display()})")


def remark_require(remark, what):
    """The remark, trimmed; `what` (撤稿, 退回修改…) needs one."""
    if not (remark or "").strip():
        raise WorkflowError(f"{what}必须填写意见。")
    return remark.strip()


def wording_check(article, *, remark, actor):
    """Images without alt text and 错敏词 blocks always stop; warnings stop
    unless the person explains in a remark. People's submissions are checked;
    the system's own content (demo, imports) was checked where it was written."""
    if is_system(actor):
        return []
    _check_images_alt(article)
    hits = check_article(article)
    if any(hit.is_block for hit in hits):
        raise WordingBlockedError(hits)
    if hits and not (remark or "").strip():
        raise WordingWarningError(hits)
    return [str(hit) for hit in hits]


def revision_save(obj, *, actor, comment):
    """Every save of an article or a 修订稿 goes through here: one more
    version, one more revision."""
    obj.version = (obj.version or 0) + 1
    obj.updated_by = actor_user(actor)
    with reversion.create_revision(atomic=False):
        obj.save()
        reversion.set_comment(f"{comment}({SYSTEM})" if is_system(actor) else comment)
        if not is_system(actor):
            reversion.set_user(actor)
    return obj


def source_default(site=None):
    """The 来源 of an article nobody gave one: its site's default source
    (the default site's when the site is not known yet)."""
    return (site or Site.objects.default()).source


def source_default_set(article):
    """An article saved without 来源 takes its column's site's default source."""
    if not (article.source or "").strip():
        article.source = source_default(article.column.site)
    return article


def require_editable(actor, article):
    """Drafts and withdrawn articles are their editors'; once submitted or
    published only someone who may publish changes them."""
    require(actor, "news.change_article", column_id=article.column_id)
    if article.is_trashed:
        raise WorkflowError("文章在回收站中,请先恢复。")
    if article.status in (S.SUBMITTED, S.PUBLISHED):
        require(actor, "news.publish_article")


@transaction.atomic
def article_save(*, article, actor, expected_version=None, request=None, comment=""):
    """Create or edit. `expected_version` is the version the editor's form was
    read at; a newer stored version means someone else saved in between."""
    actor_check(actor)
    if article.pk is None:
        require(actor, "news.add_article", column_id=article.column_id)
        article.status = S.DRAFT
        article.created_by = actor_user(actor)
        article.version = 0
        source_default_set(article)
        revision_save(article, actor=actor, comment=comment or "新建")
        audit_record(user=actor, action=AuditAction.CREATE, obj=article, request=request)
        return article
    stored = Article.objects.select_for_update(of=("self",)).select_related("updated_by").get(pk=article.pk)
    require_editable(actor, stored)
    require(actor, "news.change_article", column_id=article.column_id)
    if expected_version is not None and stored.version != int(expected_version):
        raise ConcurrentEditError(stored)
    changed = [name for name in CONTENT_FIELDS if getattr(stored, name) != getattr(article, name)]
    article.version = stored.version
    for name in (
        "status",
        "index_number",
        "trashed_at",
        "review_remark",
        "review_level",
        "review_round",
        "review_since",
        "submitted_by_id",
    ):
        setattr(article, name, getattr(stored, name))  # only the workflow changes these
    source_default_set(article)
    revision_save(article, actor=actor, comment=comment or "修改")
    audit_record(user=actor, action=AuditAction.EDIT, obj=article, request=request, fields=changed)
    return article


@transaction.atomic
def article_submit(*, article, actor, remark="", request=None):
    """草稿/已撤稿 → 待审核, after the wording check."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.submit_article", column_id=article.column_id)
    _check_state(article, (S.DRAFT, S.WITHDRAWN), "只有草稿或已撤稿的文章可以提交审核")
    warnings = wording_check(article, remark=remark, actor=actor)
    article.status = S.SUBMITTED
    article.review_remark = ""
    review_enter(article, actor=actor, level=1)
    revision_save(article, actor=actor, comment="提交审核")
    audit_record(
        user=actor,
        action=AuditAction.SUBMIT,
        obj=article,
        remark=remark,
        request=request,
        wording=warnings,
        levels=article.column.review_levels_needed,
    )
    return article


@transaction.atomic
def article_reject(*, article, actor, remark, request=None):
    """待审核 → 草稿 at any level, with the reviewer's reason for the editor; the
    editor reads every remark of this submission (those of earlier levels too)."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.review_article", column_id=article.column_id)
    _check_state(article, (S.SUBMITTED,), "只有待审核的文章可以退回")
    remark = remark_require(remark, "退回修改")
    label, decision = review_return(article=article, subject=article, for_correction=False, actor=actor, remark=remark)
    article.status = S.DRAFT
    revision_save(article, actor=actor, comment=f"{label}退回修改:{remark}")
    audit_record(
        user=actor,
        action=AuditAction.REJECT,
        obj=article,
        remark=remark,
        request=request,
        level=decision.level,
        level_label=label,
    )
    return article


@transaction.atomic
def article_approve(*, article, actor, remark="", published_at=None, request=None):
    """Pass the level the article waits at (初审 → 复审 → 终审); passing the
    last level publishes it (a publication time in the future schedules it)."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.review_article", column_id=article.column_id)
    _check_state(article, (S.SUBMITTED,), "只有待审核的文章可以审核通过")
    final, label, decision = review_approve_record(
        article=article, subject=article, for_correction=False, actor=actor, remark=remark
    )
    audit_record(
        user=actor,
        action=AuditAction.APPROVE,
        obj=article,
        remark=remark,
        request=request,
        level=decision.level,
        level_label=label,
    )
    if final:
        return _publish(article, actor=actor, remark=remark, published_at=published_at, request=request)
    review_enter(article, actor=actor, level=article.review_level + 1)
    revision_save(article, actor=actor, comment=f"{label}通过" + (f":{remark}" if remark else ""))
    return article


@transaction.atomic
def article_publish(*, article, actor, published_at=None, remark="", request=None):
    """Publish now, or at `published_at` (a time in the future schedules it).
    Staff publish without a separate review only with the publish permission;
    only the system publishes an article never saved before (demo, imports)."""
    actor_check(actor)
    if article.pk is None:
        if not is_system(actor):
            raise WorkflowError("请先保存文章。")
        article.version = 0
    else:
        article = lock_article(article)
        require(actor, "news.publish_article", column_id=article.column_id)
        if not is_system(actor):
            _check_state(article, (S.DRAFT, S.SUBMITTED, S.WITHDRAWN), "这篇文章已经发布")
            if article.column.review_levels_needed > 1:
                raise WorkflowError(
                    f"栏目“{article.column.name}”实行 {article.column.review_levels_needed} 级审核,不能直接发布,请提交审核。"
                )
    return _publish(article, actor=actor, remark=remark, published_at=published_at, request=request)


@transaction.atomic
def index_number_assign(*, article):
    """Give the article its 索引号 once; it never changes afterwards."""
    if article.index_number:
        return article.index_number
    site = article.column.site  # each site numbers with its own 前段码
    prefix = site.index_prefix or site.site_id_code or "000000000"
    year = timezone.localtime(article.published_at).year
    counter, _ = IndexNumberCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = IndexNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    article.index_number = f"{prefix}/{year}-{counter.last_number:05d}"
    return article.index_number


def _publish(article, *, actor, remark, published_at, request):
    warnings = wording_check(article, remark=remark, actor=actor)
    article.published_at = published_at or article.published_at or timezone.now()
    article.status = S.PUBLISHED
    article.review_remark = ""
    review_leave(article)
    index_number_assign(article=article)
    source_default_set(article)
    scheduled = article.published_at > timezone.now()
    revision_save(article, actor=actor, comment="定时发布" if scheduled else "发布")
    audit_record(
        user=actor,
        action=AuditAction.PUBLISH,
        obj=article,
        remark=remark,
        request=request,
        published_at=article.published_at,
        scheduled=scheduled,
        index_number=article.index_number,
        wording=warnings,
    )
    return article


@transaction.atomic
def article_withdraw(*, article, actor, remark, request=None):
    """已发布 (or scheduled) → 已撤稿. The 索引号 stays with the article."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.withdraw_article", column_id=article.column_id)
    _check_state(article, (S.PUBLISHED,), "只有已发布的文章可以撤稿")
    remark = remark_require(remark, "撤稿")
    article.status = S.WITHDRAWN
    revision_save(article, actor=actor, comment=f"撤稿:{remark}")
    audit_record(user=actor, action=AuditAction.WITHDRAW, obj=article, remark=remark, request=request)
    return article


@transaction.atomic
def article_trash(*, article, actor, remark="", request=None):
    """Delete: into the 回收站, from which it can be restored."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.delete_article", column_id=article.column_id)
    _check_state(article, (S.DRAFT, S.SUBMITTED, S.WITHDRAWN), "已发布的文章请先撤稿再删除")
    article.trashed_at = timezone.now()
    article.trashed_by = actor_user(actor)
    revision_save(article, actor=actor, comment="移入回收站")
    audit_record(user=actor, action=AuditAction.DELETE, obj=article, remark=remark, request=request)
    return article


@transaction.atomic
def article_restore(*, article, actor, request=None):
    """Out of the 回收站, in the state it had."""
    actor_check(actor)
    article = lock_article(article)
    require(actor, "news.delete_article", column_id=article.column_id)
    if not article.is_trashed:
        raise WorkflowError("文章不在回收站中。")
    article.trashed_at = None
    article.trashed_by = None
    revision_save(article, actor=actor, comment="从回收站恢复")
    audit_record(user=actor, action=AuditAction.RESTORE, obj=article, request=request)
    return article


@transaction.atomic
def article_purge(*, article, actor, request=None):
    """Gone for good, with its revisions; superusers only, from the 回收站 only."""
    actor_check(actor)
    article = lock_article(article)
    if not is_system(actor) and not (actor.is_active and actor.is_superuser):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied("只有超级管理员可以彻底删除。")
    if not article.is_trashed:
        raise WorkflowError("只能彻底删除回收站中的文章。")
    audit_record(
        user=actor,
        action=AuditAction.PURGE,
        obj=article,
        request=request,
        title=article.title,
        index_number=article.index_number,
    )
    Version.objects.get_for_object_reference(Article, article.pk).delete()
    _correction_versions(article.pk).delete()
    article.delete()


def _correction_versions(article_pk):
    """The revisions of the article's 修订稿, including approved or discarded ones."""
    from ..models import ArticleCorrection

    versions = Version.objects.get_for_model(ArticleCorrection)
    return versions.filter(pk__in=[v.pk for v in versions if v.field_dict.get("article_id") == article_pk])


def _check_restored_column(actor, article):
    """A revision may have been saved in another column: restoring it moves
    the article there, which needs the same right as moving it by hand."""
    if not Column.objects.filter(pk=article.column_id).exists():
        raise WorkflowError("这个历史版本所在的栏目已经不存在,不能恢复。请在当前版本上修改。")
    require(actor, "news.change_article", column_id=article.column_id)


@transaction.atomic
def article_revert(*, article, version, actor, request=None):
    """Bring back an earlier revision's content, saved as a new revision."""
    actor_check(actor)
    article = lock_article(article)
    require_editable(actor, article)
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise WorkflowError("这个历史版本不属于这篇文章。")
    old = version.field_dict
    for name in CONTENT_FIELDS:
        field = Article._meta.get_field(name)
        key = field.attname
        if key in old:
            setattr(article, key, old[key])
    if "summary_auto" in old:  # whether that version's 摘要 followed its body
        article.summary_auto = old["summary_auto"]
    _check_restored_column(actor, article)
    when = timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
    revision_save(article, actor=actor, comment=f"恢复到 {when} 的版本")
    audit_record(user=actor, action=AuditAction.REVERT, obj=article, request=request, version=version.pk)
    return article
