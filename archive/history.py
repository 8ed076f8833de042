"""Everything the exporter knows about an article's history and files comes
through this module, so that revisions, the audit log and attachments can be
pointed at their real sources in one place.

Today the portal keeps no revisions and no audit log, and articles have no
attachment model: an article has no revisions and no audit entries, its
files are the images its body and cover show and the files under MEDIA_URL
its body links to, and exports are logged in ExportRecord.
"""
import posixpath
import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urlsplit

from django.conf import settings

from .models import ExportRecord

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


def attachments_of(article):
    """The images and attachments of an article's page, each once, in page order."""
    files, seen = [], set()

    def add(kind, url, title=""):
        path = _media_path(url)
        if path and path not in seen:
            seen.add(path)
            files.append(ArticleFile(kind=kind, url=path, name=posixpath.basename(path), title=title))

    if article.cover_image:
        add("image", article.cover_image.url, article.cover_alt)
    for src in IMG_SRC.findall(article.body):
        add("image", src)
    for href in A_HREF.findall(article.body):
        add("attachment", href)
    return files


def revision_history(article):
    """The article's saved revisions, oldest first, each a dict:
    {"修订号", "时间", "修订人", "说明"}. No revisions are kept yet."""
    return []


def revision_counts(articles):
    """{article id: number of revisions} for a batch of articles (one query
    per batch once revisions exist)."""
    return {article.pk: 0 for article in articles}


def revision_count(article):
    return revision_counts([article])[article.pk]


def audit_entries(article):
    """The audit log entries about the article, oldest first, each a dict:
    {"时间", "操作者", "操作", "说明"}. There is no audit log yet."""
    return []


def export_audit_record(*, user, filters, count, sha256, fmt, actor="", via="admin", file_name="", size=None):
    """Log an export: who, when, the filters, how many articles and the
    SHA-256 of the file produced. Returns the entry."""
    return ExportRecord.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        actor=actor or (user.get_username() if user is not None and user.is_authenticated else "未知"),
        via=via,
        filters=filters,
        count=count,
        sha256=sha256,
        fmt=fmt,
        file_name=file_name,
        size=size,
    )
