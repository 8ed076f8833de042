"""One row per article, as every listing format writes it."""

import hashlib
import html
import re

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str

from news.models import Article, Column, Site
from news.models.disclosure import DISCLOSURE_FIELD_NAMES

from . import history

MONGOLIAN_FIELDS = ["蒙古文题名", "蒙古文来源", "蒙古文作者", "蒙古文为占位稿"]
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
    # 蒙古文版 (empty without one); its body travels in the JSON listing and the package
    *MONGOLIAN_FIELDS,
]
# The JSON listing also carries the content itself, so that it can be
# imported again (imports/json_export.py): export → import → export gives
# the same rows.
CONTENT_FIELDS = ["副标题", "摘要", "正文", "蒙古文摘要", "蒙古文正文"]
COLUMN_SEPARATOR = " > "
# 网站域名 still at its demo value (localhost), or a name nobody outside can
# reach: no public address can be written with it.
UNSET_DOMAIN = re.compile(
    r"^[^.]*$|^127\.|^0\.0\.0\.0$|(^|\.)example\.|\.(localhost|local|test|invalid|example)$", re.IGNORECASE
)
CHUNK_SIZE = 1000
# What a row reads of an article: nothing else is loaded.
ROW_FIELDS = (
    "id",
    "index_number",
    "title",
    "column_id",
    "source",
    "author",
    "published_at",
    "status",
    "body",
    "cover_image",
    "cover_alt",
    *DISCLOSURE_FIELD_NAMES,
    "title_mn",
    "source_mn",
    "author_mn",
    "mongolian_placeholder",
)
# What the JSON listing adds (CONTENT_FIELDS), after ROW_FIELDS.
CONTENT_ROW_FIELDS = ("subtitle", "summary", "summary_mn", "body_mn")
CHOICE_FIELDS = ("status", "subject", "genre", "disclosure_method", "validity")


class ExportContext:
    """What every row needs and is read once per export: the site (the one
    exported; the default site when None), its column paths, the choices'
    labels and the time zone."""

    def __init__(self, site=None):
        self.site = site or Site.objects.default()
        columns = {
            column.id: column
            for column in Column.objects.filter(site=self.site).only("id", "parent_id", "name", "slug")
        }
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
        # get_FOO_display() as dictionaries, made once: Django rebuilds its
        # dictionary of choices on every call.
        self.labels = choice_labels()
        self.time_zone = timezone.get_current_timezone()
        self.cover_storage = Article._meta.get_field("cover_image").storage

    def article_url(self, article):
        return self.base_url + self._article_path.format(article.pk)

    def public_url(self, path):
        return f"{self.base_url}{path}"


def body_sha256(article):
    return hashlib.sha256(article.body.encode("utf-8")).hexdigest()


# A tag of the stored (sanitised) body: its attribute values are always
# double-quoted and may hold ">". Written as an unrolled loop, which the
# regular expression engine runs several times faster than an alternation
# tried at every character; both match exactly the same tags.
TAG = re.compile(r'<[^>"]*(?:"[^"]*"[^>"]*)*>')


def character_count(article):
    return text_length(article.body)


def text_length(body):
    """Characters of the body's readable text, whitespace not counted: the
    count `news.media.html.text_of` gives, without parsing the HTML again (the
    body was sanitised when saved; parsing took half of each row's time)."""
    return len("".join(html.unescape(TAG.sub("", body)).split()))


def local_time(value, time_zone=None):
    """ISO 8601 in the site's time zone (Beijing time), or empty for no time."""
    return timezone.localtime(value, time_zone).isoformat() if value else ""


def chunks_of(queryset, size=CHUNK_SIZE, release=True):
    """The queryset in lists of `size`, read with a server-side cursor where
    the database has one, so memory stays flat however many rows there are.
    `release=False` for rows that are not model instances (values_list)."""
    chunk = []
    for item in queryset.iterator(chunk_size=size):
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            if release:
                _release(chunk)
            chunk = []
    if chunk:
        yield chunk
        if release:
            _release(chunk)


def _release(chunk):
    """Touching a file field makes a reference cycle (instance ↔ FieldFile)
    that only the cyclic garbage collector frees, long after the chunk is
    done: memory grew by ~3 MB per 1,000 articles. Breaking the cycle frees
    each article as soon as its chunk is finished."""
    for item in chunk:
        item.__dict__.clear()


def choice_labels():
    """{field name: {value: label}} for the article's fields with choices, as
    get_FOO_display() gives them."""
    return {
        name: {value: force_str(label, strings_only=True) for value, label in Article._meta.get_field(name).flatchoices}
        for name in CHOICE_FIELDS
    }


def disclosure_values(article, labels=None):
    """The 政务公开 fields as every export writes them: labels, ISO dates."""
    labels = choice_labels() if labels is None else labels
    return _disclosure(labels, *(getattr(article, name) for name in DISCLOSURE_FIELD_NAMES))


def _disclosure(labels, document_number, written_on, subject, genre, disclosure_method, validity, validity_date):
    return {
        "文号": document_number,
        "成文日期": written_on.isoformat() if written_on else "",
        "主题分类": labels["subject"].get(subject, subject) if subject else "",
        "体裁": labels["genre"].get(genre, genre) if genre else "",
        "公开方式": labels["disclosure_method"].get(disclosure_method, disclosure_method),
        "有效性": labels["validity"].get(validity, validity) if validity else "",
        "有效性日期": validity_date.isoformat() if validity_date else "",
    }


def article_row(article, context, revisions, files=None, content=False):
    files = history.attachments_of(article) if files is None else files
    values = [getattr(article, name) for name in ROW_FIELDS]
    if content:
        values += [getattr(article, name) for name in CONTENT_ROW_FIELDS]
    return _row(context, values, revisions, files, content)


def _row(context, values, revisions, files, content):
    """The row of one article from its ROW_FIELDS values (then subtitle and
    summary, with `content`); the cover image in `values` is not read."""
    (
        pk,
        index_number,
        title,
        column_id,
        source,
        author,
        published_at,
        status,
        body,
        _cover_image,
        _cover_alt,
        document_number,
        written_on,
        subject,
        genre,
        disclosure_method,
        validity,
        validity_date,
        title_mn,
        source_mn,
        author_mn,
        mongolian_placeholder,
        *extra,
    ) = values
    labels = context.labels
    images = attachments = 0
    for item in files:
        if item.kind == "image":
            images += 1
        elif item.kind == "attachment":
            attachments += 1
    row = {
        "索引号": index_number or "",
        "标题": title,
        "栏目路径": context.column_paths.get(column_id, ""),
        "来源": source,
        "作者": author,
        "发布时间": published_at.astimezone(context.time_zone).isoformat() if published_at else "",
        "状态": labels["status"].get(status, status),
        "网址": context.base_url + context._article_path.format(pk),
        "字数": text_length(body),
        "图片数": images,
        "附件数": attachments,
        "修订数": revisions,
        "正文SHA-256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        **_disclosure(labels, document_number, written_on, subject, genre, disclosure_method, validity, validity_date),
        "蒙古文题名": title_mn,
        "蒙古文来源": source_mn,
        "蒙古文作者": author_mn,
        "蒙古文为占位稿": "是" if mongolian_placeholder and title_mn else "",
    }
    if content:
        row.update({"副标题": extra[0], "摘要": extra[1], "正文": body, "蒙古文摘要": extra[2], "蒙古文正文": extra[3]})
    return row


def rows_of(articles, context, progress=None, content=False):
    """Rows for the selected articles, one chunk of the database at a time:
    a fixed number of queries per chunk (the chunk, its revision counts, its
    attachments), none per article; with `content`, each row also holds the
    CONTENT_FIELDS. The chunk is read as plain values, not model instances:
    making instances took a third of the time of a listing."""
    fields = (*ROW_FIELDS, *CONTENT_ROW_FIELDS) if content else ROW_FIELDS
    storage = context.cover_storage
    for chunk in chunks_of(articles.values_list(*fields), release=False):
        ids = [values[0] for values in chunk]
        counts = history.revision_counts_by_id(ids)
        attachments = history.attachments_by_id(ids)
        for values in chunk:
            pk, cover_image = values[0], values[9]
            files = history.page_files(
                cover_url=storage.url(cover_image) if cover_image else "",
                cover_alt=values[10],
                body=values[8],
                attachments=attachments[pk],
            )
            yield _row(context, values, counts.get(pk, 0), files, content)
        if progress:
            progress(len(chunk))
