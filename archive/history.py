"""Everything the exporter knows about an article's history and files comes
through this module: its revisions (django-reversion), its entries in the
audit log (news.AuditEntry), its files (the images its cover and body show,
files under MEDIA_URL its body links to, and its attachments), and the log of
exports (ExportRecord, plus an 导出 entry in the audit log)."""

import posixpath
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from reversion.models import Version

from news.audit import audit_record
from news.models import Article, Attachment, AuditAction, AuditEntry, Site

from .models import ExportRecord, ExportStatus

IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*\"([^\"]+)\"", re.IGNORECASE)
A_HREF = re.compile(r"<a\b[^>]*?\bhref\s*=\s*\"([^\"]+)\"", re.IGNORECASE)


@dataclass(frozen=True)
class ArticleFile:
    """A file that belongs to an article's page: an image or an attachment."""

    kind: str  # "image" or "attachment"
    url: str  # as the public page refers to it, e.g. /media/covers/2024/06/a.jpg
    name: str  # the file's own name, for saving it beside the page
    title: str = ""


def _media_path(url):
    """The path below MEDIA_URL of a site-relative or same-site URL, or None."""
    path = unquote(urlsplit(unescape(url)).path)
    if not path.startswith(settings.MEDIA_URL):
        return None
    return path


def attachments_by_article(articles):
    """{article id: [Attachment, …]} for a batch of articles, in one query."""
    return attachments_by_id([article.pk for article in articles])


def attachments_by_id(ids):
    """{article id: [Attachment, …]} for a batch of article ids, in one query."""
    found = {pk: [] for pk in ids}
    for attachment in Attachment.objects.filter(article_id__in=list(found)).order_by("order", "id"):
        found[attachment.article_id].append(attachment)
    return found


def attachments_of(article, attachments=None):
    """The images and attachments of an article's page, each once, in page
    order. `attachments`: the article's Attachment rows, when already read
    for a batch (see `files_of`); otherwise they are read now."""
    return page_files(
        cover_url=article.cover_image.url if article.cover_image else "",
        cover_alt=article.cover_alt,
        body=article.body,
        attachments=article.attachments.all() if attachments is None else attachments,
    )


def page_files(*, cover_url, cover_alt, body, attachments):
    """`attachments_of` from an article's plain values: the URL of its cover
    image ("" for none), the cover's alt text, its body and its Attachment rows."""
    files, seen = [], set()

    def add(kind, url, title=""):
        path = _media_path(url)
        if path and path not in seen:
            seen.add(path)
            files.append(ArticleFile(kind=kind, url=path, name=posixpath.basename(path), title=title))

    if cover_url:
        add("image", cover_url, cover_alt)
    for src in IMG_SRC.findall(body):
        add("image", src)
    for href in A_HREF.findall(body):
        add("attachment", href)
    for attachment in attachments:
        files.append(
            ArticleFile(
                kind="attachment",
                url=attachment.get_absolute_url(),
                name=attachment.original_name,
                title=attachment.original_name,
            )
        )
    return files


def files_of(articles, attachments=None):
    """{article id: its files, as `attachments_of`} for a batch of articles,
    in one query (none when `attachments`, from `attachments_by_article`, is given)."""
    attachments = attachments_by_article(articles) if attachments is None else attachments
    return {article.pk: attachments_of(article, attachments[article.pk]) for article in articles}


def _beijing(moment):
    return timezone.localtime(moment).isoformat(timespec="seconds")


def revision_histories(articles):
    """{article id: its saved revisions, oldest first} for a batch of
    articles, in one query; each revision a dict {"修订号", "时间", "修订人", "说明"}."""
    found = {article.pk: [] for article in articles}
    versions = (
        Version.objects.get_for_model(Article)
        .filter(object_id__in=[str(pk) for pk in found])
        .select_related("revision__user")
        .order_by("revision__date_created", "pk")
    )
    for version in versions:
        revisions = found[int(version.object_id)]
        revisions.append(
            {
                "修订号": len(revisions) + 1,
                "时间": _beijing(version.revision.date_created),
                "修订人": version.revision.user.get_username() if version.revision.user else "系统",
                "说明": version.revision.comment,
            }
        )
    return found


def revision_history(article):
    """The article's saved revisions, oldest first (see `revision_histories`)."""
    return revision_histories([article])[article.pk]


def revision_counts(articles):
    """{article id: number of revisions} for a batch of articles, in one query."""
    return revision_counts_by_id([article.pk for article in articles])


def revision_counts_by_id(ids):
    """{article id: number of revisions} for a batch of article ids, in one query."""
    counts = dict.fromkeys(ids, 0)
    rows = (
        Version.objects.get_for_model(Article)
        .filter(object_id__in=[str(pk) for pk in counts])
        .values("object_id")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        counts[int(row["object_id"])] = row["n"]
    return counts


def revision_count(article):
    return revision_counts([article])[article.pk]


def audit_entries_by_article(articles):
    """{article id: the audit log entries about it, oldest first} for a batch
    of articles, in one query; each entry a dict {"时间", "操作者", "操作", "说明", "IP"}."""
    found = {article.pk: [] for article in articles}
    entries = AuditEntry.objects.filter(
        object_type=Article._meta.label_lower, object_id__in=[str(pk) for pk in found]
    ).order_by("created_at", "pk")
    for entry in entries:
        found[int(entry.object_id)].append(
            {
                "时间": _beijing(entry.created_at),
                "操作者": entry.username or "系统",
                "操作": entry.get_action_display(),
                "说明": entry.remark,
                "IP": entry.ip_address or "",
            }
        )
    return found


def audit_entries(article):
    """The audit log entries about the article, oldest first (see `audit_entries_by_article`)."""
    return audit_entries_by_article([article])[article.pk]


def export_log_start(*, user, filters, fmt, actor="", via="admin", file_name=""):
    """Log an export as it begins: an ExportRecord marked 进行中 and its 导出
    entry in the audit log. Complete it with `export_log_finish` or
    `export_log_abort`; one never completed stays 进行中 (未完成). Both name
    the site exported (`filters["site"]`)."""
    site = Site.objects.filter(key=filters.get("site") or "").first()
    with transaction.atomic():
        entry = audit_record(
            site=site,
            user=user,
            action=AuditAction.EXPORT,
            remark=f"开始导出({fmt}),进行中",
            filters=filters,
            fmt=fmt,
            via=via,
            file_name=file_name,
            status=ExportStatus.RUNNING.label,
        )
        signed_in = user if user is not None and user.is_authenticated else None
        return ExportRecord.objects.create(
            site=site,
            user=signed_in,
            actor=actor or (signed_in.get_username() if signed_in else "未知"),
            via=via,
            filters=filters,
            fmt=fmt,
            file_name=file_name,
            status=ExportStatus.RUNNING,
            audit_entry=entry,
        )


def export_log_finish(*, record, count, sha256, size=None):
    """Complete a started export: how many articles, the SHA-256 and size of what was produced."""
    return _export_log_end(
        record,
        status=ExportStatus.DONE,
        count=count,
        sha256=sha256,
        size=size,
        remark=f"导出 {count} 篇文章({record.fmt})",
    )


def export_log_abort(*, record, count):
    """Mark a started export 中断: the stream was broken off (the download
    cancelled, the connection lost) after `count` articles were produced."""
    return _export_log_end(
        record,
        status=ExportStatus.ABORTED,
        count=count,
        sha256="",
        size=None,
        remark=f"导出中断({record.fmt}):生成 {count} 篇后下载被中止,文件不完整",
    )


@transaction.atomic
def _export_log_end(record, *, status, count, sha256, size, remark):
    record.status, record.count, record.sha256, record.size = status, count, sha256, size
    record.finished_at = timezone.now()
    record.save(update_fields=["status", "count", "sha256", "size", "finished_at"])
    if record.audit_entry_id:
        entry = AuditEntry.objects.get(pk=record.audit_entry_id)
        entry.remark = remark
        entry.details = {**entry.details, "status": status.label, "count": count, "sha256": sha256}
        entry.save(update_fields=["remark", "details"])
    return record


@transaction.atomic
def export_audit_record(*, user, filters, count, sha256, fmt, actor="", via="admin", file_name="", size=None):
    """Log an export whose file is already complete: who, when, the filters,
    how many articles and the SHA-256 of the file produced. Returns the record."""
    record = export_log_start(user=user, filters=filters, fmt=fmt, actor=actor, via=via, file_name=file_name)
    return export_log_finish(record=record, count=count, sha256=sha256, size=size)
