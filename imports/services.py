"""Writing an imported article: `article_import`. Whatever the source (saved
pages of an old site, our own JSON export), it arrives here as an
`ImportedArticle`; this is the one place an import changes the database or
stores a file. Photos go through the upload pipeline (news.media.images) and
attachments through the upload checks (news.media.attachment_files), so an import
cannot bring in anything an editor could not upload."""

import hashlib
import html
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.html import strip_tags

from news.audit import audit_record
from news.content_version import content_version_bump
from news.editorial.actors import SYSTEM, actor_check, actor_user
from news.editorial.permissions import require
from news.editorial.services import source_default
from news.media.attachment_files import attachment_check, clean_file_name
from news.media.html import sanitize_html, summary_from_body
from news.media.images import EDITOR_FOLDER, body_add_srcset, image_process, renditions_create
from news.models import Article, ArticleStatus, Attachment, AuditAction, Column, IndexNumberCounter
from news.save_batches import article_saves_deferred
from publishing.changes import articles_imported_publish
from search.backends import get_backend
from search.indexing import article_document

INDEX_NUMBER = re.compile(r"^(?P<prefix>.+)/(?P<year>\d{4})-(?P<number>\d+)$")
IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.IGNORECASE)
A_LINK = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"[^>]*>(.*?)</a>', re.IGNORECASE | re.DOTALL)


class ImportRefused(Exception):
    """The page cannot be imported; the message says why, in Chinese."""


@dataclass
class ImportedArticle:
    """One article as a source read it. `files` maps a reference in the body
    (an <img> src or an <a> href, as written there) to the file found beside
    the page; references without a file stay as they are."""

    title: str
    column: Column
    body: str
    published_at: datetime | None = None
    source_url: str = ""
    index_number: str = ""
    subtitle: str = ""
    source: str = ""
    author: str = ""
    summary: str = ""
    status: str = ArticleStatus.PUBLISHED
    files: dict = field(default_factory=dict)
    # The 蒙古文版 (news.models.mongolian field names), when the source has
    # one (the portal's own JSON export); None leaves the stored one alone.
    mongolian: dict | None = None


@dataclass
class ImportResult:
    action: str  # "created", "updated" or "unchanged"
    article: Article
    changed: list  # field names (and "attachments") that differ

    @property
    def label(self):
        return {"created": "新建", "updated": "更新", "unchanged": "未变"}[self.action]


def article_import(*, record, actor=SYSTEM, dry_run=False, known_new=False):
    """Create or update the article `record` describes. It is found again by
    its original address or its 索引号, so running an import twice changes
    nothing the second time. With `dry_run` nothing is written and no file
    is stored, but every check runs. `known_new`: the caller has made sure,
    in this transaction, that no article has the record's address or 索引号
    (addresses_taken), so it is not looked for. Raises ImportRefused."""
    actor_check(actor)
    require(actor, "news.add_article", column_id=record.column.pk)
    _check_record(record)
    with transaction.atomic():
        article = None if known_new else _match(record, lock=not dry_run)
        created = article is None
        if created:
            article = Article(source_url=record.source_url or None, index_number=record.index_number or None)
        body, attachments = _body_with_files(record, dry_run=dry_run)
        if not body.strip():
            raise ImportRefused("没有正文")
        values = _values(record, body)
        if not created:
            del values["status"]  # on the site the status is the staff's: withdrawn stays withdrawn
        changed = [name for name in values if created or _stored(article, name) != _stored(values, name)]
        if not created and "summary" not in values and not article.summary_auto:
            changed.append("summary")  # an editor's 摘要 the source does not have: it follows the body again
        if record.source_url and not article.source_url:
            changed.append("source_url")  # found by its 索引号; the first address it was found at stays
        new_attachments = [item for item in attachments if not _has_attachment(article, item)]
        if new_attachments:
            changed.append("attachments")
        action = "created" if created else ("updated" if changed else "unchanged")
        if dry_run or action == "unchanged":
            return ImportResult(action=action, article=article, changed=changed)
        for name, value in values.items():
            setattr(article, name, value)
        article.summary_auto = "summary" not in values
        if article.summary_auto:
            article.summary = ""  # Article.save() makes it from the body, now and at every later save
        article.source_url = article.source_url or record.source_url or None
        article.index_number = article.index_number or record.index_number or None
        if article.status in (ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN) and not article.index_number:
            from news.editorial.services import index_number_assign

            index_number_assign(article=article)
        else:
            _index_number_reserve(article.index_number)
        _save(article, actor=actor, created=created)
        for path, name in new_attachments:
            _attachment_store(article, path, name)
        audit_record(
            user=actor,
            action=AuditAction.IMPORT,
            obj=article,
            remark="导入新建" if created else "导入更新",
            source_url=article.source_url or "",
            index_number=article.index_number or "",
            fields=changed,
        )
        return ImportResult(action=action, article=article, changed=changed)


@contextmanager
def article_saves_batched():
    """Gives a list to which the caller adds each article it wrote. Inside
    the block an article's save neither bumps the public pages' content
    version, nor re-indexes the article for search (two and four queries a
    save), nor works out which published pages it touches
    (news.save_batches); all three are done once for the listed articles
    when the block ends, still inside the caller's transaction, so what
    others see is the same (the published tree:
    publishing.changes.articles_imported_publish, the whole site queued
    once). Nothing is done for the list when the block raises."""
    saved = []
    with article_saves_deferred():
        yield saved
    if saved:
        latest = {article.pk: article for article in saved}  # an article written twice: indexed once
        get_backend().index([article_document(article) for article in latest.values()])
        content_version_bump()
        articles_imported_publish([article.pk for article in saved])


def addresses_taken(*, records):
    """The original addresses and 索引号 of `records` that articles (trashed
    ones included) already have, in one query: a record with neither is
    new, unless a record before it in the same run had the same."""
    urls = {record.source_url for record in records if record.source_url}
    numbers = {record.index_number for record in records if record.index_number}
    if not urls and not numbers:
        return set()
    found = Article.objects.filter(Q(source_url__in=urls) | Q(index_number__in=numbers)).order_by()
    return {value for pair in found.values_list("source_url", "index_number") for value in pair if value}


def _check_record(record):
    if not (record.title or "").strip():
        raise ImportRefused("没有标题")
    if len(record.title) > Article._meta.get_field("title").max_length:
        raise ImportRefused("标题超过 200 字")
    if not record.source_url and not record.index_number:
        raise ImportRefused("没有原网址也没有索引号,无法与已导入的文章对应")
    if record.status not in ArticleStatus.values:
        raise ImportRefused(f"状态“{record.status}”无法识别")
    if record.status in (ArticleStatus.PUBLISHED, ArticleStatus.WITHDRAWN) and record.published_at is None:
        raise ImportRefused("没有发布时间")
    if len(record.source_url or "") > Article._meta.get_field("source_url").max_length:
        raise ImportRefused("原网址过长(超过 500 个字符)")
    for name, limit in (("source", 100), ("author", 100), ("subtitle", 200), ("index_number", 60)):
        if len(getattr(record, name) or "") > limit:
            label = Article._meta.get_field(name).verbose_name
            raise ImportRefused(f"{label}超过 {limit} 个字符")
    for name, value in (record.mongolian or {}).items():
        limit = Article._meta.get_field(name).max_length
        if limit and isinstance(value, str) and len(value) > limit:
            label = Article._meta.get_field(name).verbose_name
            raise ImportRefused(f"{label}超过 {limit} 个字符")


def _stored(source, name):
    """A field's value as stored, from an Article or from the values to set
    (the column by its id: no query for the article's column)."""
    value = source[name] if isinstance(source, dict) else getattr(source, "column_id" if name == "column" else name)
    return value.pk if isinstance(value, Column) else value


def _match(record, *, lock):
    """The article imported from the same page before, by address or 索引号."""
    wanted = Q(pk__in=[])
    if record.source_url:
        wanted |= Q(source_url=record.source_url)
    if record.index_number:
        wanted |= Q(index_number=record.index_number)
    # Only the article's row is locked, not its column's (read for its site).
    articles = Article.objects.select_for_update(of=("self",)) if lock else Article.objects.all()
    found = list(
        articles.filter(wanted).annotate(site_id=F("column__site_id")).order_by()[:2]
    )  # both unique: one query finds either or both
    by_url = next((a for a in found if record.source_url and a.source_url == record.source_url), None)
    by_number = next((a for a in found if record.index_number and a.index_number == record.index_number), None)
    if by_url and by_number and by_url.pk != by_number.pk:
        raise ImportRefused(
            f"原网址对应文章“{by_url.title}”,索引号 {record.index_number} 却属于另一篇文章“{by_number.title}”"
        )
    article = by_url or by_number
    if article is not None and article.site_id != record.column.site_id:
        raise ImportRefused(f"对应的文章“{article.title}”属于另一个站点,不能导入到本站点")
    if article is not None and article.is_trashed:
        raise ImportRefused(f"对应的文章“{article.title}”在回收站中,请先恢复或彻底删除")
    if (
        article is not None
        and by_url
        and record.index_number
        and article.index_number not in (None, record.index_number)
    ):
        raise ImportRefused(
            f"这篇文章已有索引号 {article.index_number},与导入的 {record.index_number} 不同(索引号不能更改)"
        )
    return article


def _values(record, body):
    source = (record.source or "").strip() or source_default(record.column.site)
    # `body` is sanitised; this is what Article.save() will keep (without
    # images, srcset changes nothing and the sanitiser gives `body` back).
    stored_body = sanitize_html(body_add_srcset(body)) if "<img" in body else body
    values = {
        "title": record.title.strip(),
        "subtitle": (record.subtitle or "").strip(),
        "column": record.column,
        "source": source,
        "author": (record.author or "").strip(),
        "published_at": record.published_at,
        "status": record.status,
        "body": stored_body,
    }
    summary = (record.summary or "").strip()
    if summary and summary != summary_from_body(stored_body):
        values["summary"] = summary  # the source's own 摘要; one made from the body follows the body
    if record.mongolian is not None:
        values.update(_mongolian_values(record.mongolian))
    return values


def _mongolian_values(mongolian):
    """The Mongolian fields as Article.save() keeps them."""
    body = (mongolian.get("body_mn") or "").strip()
    return {
        "title_mn": (mongolian.get("title_mn") or "").strip(),
        "summary_mn": strip_tags(mongolian.get("summary_mn") or "").strip(),
        "body_mn": sanitize_html(body) if body else "",
        "source_mn": (mongolian.get("source_mn") or "").strip(),
        "author_mn": (mongolian.get("author_mn") or "").strip(),
        "mongolian_placeholder": bool(mongolian.get("mongolian_placeholder")),
    }


def _save(article, *, actor, created):
    article.version = (article.version or 0) + 1
    article.updated_by = actor_user(actor)
    if created:
        article.created_by = actor_user(actor)
    with reversion.create_revision(atomic=False):
        article.save()
        reversion.set_comment(f"导入({actor})" if actor is SYSTEM else "导入")
        if actor is not SYSTEM:
            reversion.set_user(actor)


def _index_number_reserve(index_number):
    """An imported 索引号 in this site's own series moves its counter on, so
    the next article published here does not get the same number."""
    match = INDEX_NUMBER.match(index_number or "")
    if not match:
        return
    number, key = int(match["number"]), {"prefix": match["prefix"], "year": int(match["year"])}
    # One query whether the counter is behind or already past this number
    # (old pages come in any order).
    if IndexNumberCounter.objects.filter(**key).update(last_number=Greatest("last_number", Value(number))):
        return
    counter, _ = IndexNumberCounter.objects.get_or_create(**key)
    IndexNumberCounter.objects.filter(pk=counter.pk, last_number__lt=number).update(last_number=number)


# --- Files found beside the page ----------------------------------------------


def _body_with_files(record, *, dry_run):
    """The body with its photos stored through the upload pipeline (and their
    src pointing there) and links to attachment files replaced by their text:
    the attachments are listed under the article, as uploads are."""
    attachments = []
    stored = {}

    def photo(match):
        path = record.files.get(html.unescape(match.group(2)))
        if path is None:
            return match.group(0)
        if path not in stored:
            stored[path] = _photo_store(path, when=record.published_at, dry_run=dry_run)
        return f"{match.group(1)}{stored[path]}{match.group(3)}"

    def link(match):
        path = record.files.get(html.unescape(match.group(1)))
        if path is None or path.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp"):
            return match.group(0)
        text = re.sub(r"<[^>]+>", "", match.group(2)).strip()
        name = clean_file_name(text if Path(text).suffix.lower() == path.suffix.lower() else text + path.suffix.lower())
        if not text:
            name = clean_file_name(path.name)
        _attachment_check(path, name)
        attachments.append((path, name))
        return match.group(2)

    body = IMG_SRC.sub(photo, sanitize_html(record.body))  # nh3 writes every attribute as src="…"
    body = A_LINK.sub(link, body)
    return body, attachments


def _photo_store(path, *, when, dry_run):
    """Store the photo under a name made from its content, so importing the
    same page again finds it stored and the body stays the same."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:32]
    month = timezone.localtime(when or timezone.now())
    base = f"{EDITOR_FOLDER}/{month:%Y/%m}/{digest}"
    for extension in ("jpg", "png"):
        if default_storage.exists(f"{base}.{extension}"):
            return default_storage.url(f"{base}.{extension}")
    with path.open("rb") as handle:
        try:
            processed = image_process(File(handle, name=path.name))
        except ValidationError as error:
            raise ImportRefused(f"图片 {path.name}:{' '.join(error.messages)}") from None
    name = f"{base}.{processed.content.name.rsplit('.', 1)[1]}"
    if not dry_run:
        name = default_storage.save(name, processed.content)
        renditions_create(name=name)
    return default_storage.url(name)


def _attachment_check(path, name):
    with path.open("rb") as handle:
        upload = File(handle, name=name)
        upload.size = path.stat().st_size
        try:
            return attachment_check(upload)
        except ValidationError as error:
            raise ImportRefused(f"附件 {path.name}:{' '.join(error.messages)}") from None


def _has_attachment(article, item):
    path, name = item
    return article.pk is not None and article.attachments.filter(original_name=name, size=path.stat().st_size).exists()


def _attachment_store(article, path, name):
    with path.open("rb") as handle:
        upload = File(handle, name=name)
        upload.size = path.stat().st_size
        file_type = attachment_check(upload)
        attachment = Attachment(
            article=article,
            original_name=name,
            size=upload.size,
            file_type=file_type,
            order=article.attachments.count(),
        )
        attachment.file.save(name, upload, save=False)
        attachment.save()
    return attachment
