"""One row per article, as every listing format writes it."""
import hashlib
import html
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from news.models import Column, SiteSettings
from news.models.disclosure import DISCLOSURE_FIELD_NAMES

from . import history

DISCLOSURE_FIELDS = ["文号", "成文日期", "主题分类", "体裁", "公开方式", "有效性", "有效性日期"]
FIELDS = [
    "索引号",
    "标题",
    "栏目路径",
    "来源",
    "作者",
    "发布时间",
    "状态",
    "网址",
    "字数",
    "图片数",
    "附件数",
    "修订数",
    "正文SHA-256",
    # 政务公开 (empty where not filled in)
    *DISCLOSURE_FIELDS,
]
# The JSON listing also carries the content itself, so that it can be
# imported again (imports/json_export.py): export → import → export gives
# the same rows.
CONTENT_FIELDS = ["副标题", "摘要", "正文"]
COLUMN_SEPARATOR = " > "
# 网站域名 still at its demo value (localhost), or a name nobody outside can
# reach: no public address can be written with it.
UNSET_DOMAIN = re.compile(
    r"^[^.]*$|^127\.|^0\.0\.0\.0$|(^|\.)example\.|\.(localhost|local|test|invalid|example)$", re.IGNORECASE
)
CHUNK_SIZE = 1000
# What a row reads of an article: nothing else is loaded.
ROW_FIELDS = (
    "id", "index_number", "title", "column_id", "source", "author", "published_at", "status", "body",
    "cover_image", "cover_alt", *DISCLOSURE_FIELD_NAMES,
)  # fmt: skip


class ExportContext:
    """What every row needs and is read once per export: the site and the column paths."""

    def __init__(self):
        self.site = SiteSettings.load()
        columns = {column.id: column for column in Column.objects.only("id", "parent_id", "name", "slug")}
        self.column_paths = {}
        for column_id, column in columns.items():
            names, current = [], column
            while current is not None:
                names.append(current.name)
                current = columns.get(current.parent_id)
            self.column_paths[column_id] = COLUMN_SEPARATOR.join(reversed(names))
        self.base_url = f"{settings.PUBLIC_URL_SCHEME}://{self.site.domain}"
        self.domain_is_set = not UNSET_DOMAIN.search(self.site.domain.strip())
        # Article.get_absolute_url's pattern, reversed once: reverse() per row
        # costs more than everything else in a row put together.
        marker = 987654321987
        self._article_path = reverse("news:article", kwargs={"pk": marker}).replace(str(marker), "{}")

    def article_url(self, article):
        return self.base_url + self._article_path.format(article.pk)

    def public_url(self, path):
        return f"{self.base_url}{path}"


def body_sha256(article):
    return hashlib.sha256(article.body.encode("utf-8")).hexdigest()


# A tag of the stored (sanitised) body: its attribute values are always
# double-quoted and may hold ">".
TAG = re.compile(r'<(?:[^>"]|"[^"]*")*>')


def character_count(article):
    """Characters of the body's readable text, whitespace not counted: the
    count `news.media.html.text_of` gives, without parsing the HTML again (the
    body was sanitised when saved; parsing took half of each row's time)."""
    return len("".join(html.unescape(TAG.sub("", article.body)).split()))


def local_time(value):
    """ISO 8601 in the site's time zone (Beijing time), or empty for no time."""
    return timezone.localtime(value).isoformat() if value else ""


def chunks_of(queryset, size=CHUNK_SIZE):
    """The queryset in lists of `size`, read with a server-side cursor where
    the database has one, so memory stays flat however many rows there are."""
    chunk = []
    for item in queryset.iterator(chunk_size=size):
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            _release(chunk)
            chunk = []
    if chunk:
        yield chunk
        _release(chunk)


def _release(chunk):
    """Touching a file field makes a reference cycle (instance ↔ FieldFile)
    that only the cyclic garbage collector frees, long after the chunk is
    done: memory grew by ~3 MB per 1,000 articles. Breaking the cycle frees
    each article as soon as its chunk is finished."""
    for item in chunk:
        item.__dict__.clear()


def disclosure_values(article):
    """The 政务公开 fields as every export writes them: labels, ISO dates."""
    return {
        "文号": article.document_number,
        "成文日期": article.written_on.isoformat() if article.written_on else "",
        "主题分类": article.get_subject_display() if article.subject else "",
        "体裁": article.get_genre_display() if article.genre else "",
        "公开方式": article.get_disclosure_method_display(),
        "有效性": article.get_validity_display() if article.validity else "",
        "有效性日期": article.validity_date.isoformat() if article.validity_date else "",
    }


def article_row(article, context, revisions, files=None, content=False):
    files = history.attachments_of(article) if files is None else files
    row = {
        "索引号": article.index_number or "",
        "标题": article.title,
        "栏目路径": context.column_paths.get(article.column_id, ""),
        "来源": article.source,
        "作者": article.author,
        "发布时间": local_time(article.published_at),
        "状态": article.get_status_display(),
        "网址": context.article_url(article),
        "字数": character_count(article),
        "图片数": sum(1 for f in files if f.kind == "image"),
        "附件数": sum(1 for f in files if f.kind == "attachment"),
        "修订数": revisions,
        "正文SHA-256": body_sha256(article),
        **disclosure_values(article),
    }
    if content:
        row.update({"副标题": article.subtitle, "摘要": article.summary, "正文": article.body})
    return row


def rows_of(articles, context, progress=None, content=False):
    """Rows for the selected articles, one chunk of the database at a time:
    a fixed number of queries per chunk (the chunk, its revision counts, its
    attachments), none per article; with `content`, each row also holds the
    CONTENT_FIELDS."""
    fields = (*ROW_FIELDS, "subtitle", "summary") if content else ROW_FIELDS
    for chunk in chunks_of(articles.only(*fields)):
        counts = history.revision_counts(chunk)
        files = history.files_of(chunk)
        for article in chunk:
            yield article_row(article, context, counts.get(article.pk, 0), files=files[article.pk], content=content)
        if progress:
            progress(len(chunk))
