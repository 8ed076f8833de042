"""Reading an article's revisions and setting two side by side."""

from dataclasses import dataclass

from django.utils import timezone
from reversion.models import Version

from ..media.html import sanitize_html, text_of
from ..models import Article, ArticleStatus, Column
from ..models.mongolian import MONGOLIAN_FIELD_NAMES
from .body_diff import body_diff_rows
from .services import CONTENT_FIELDS

SHOWN_FIELDS = CONTENT_FIELDS + ["status", "index_number"]
MONGOLIAN_TEXT_FIELDS = [name for name in MONGOLIAN_FIELD_NAMES if name != "mongolian_placeholder"]


def article_versions(article):
    return list(Version.objects.get_for_object(article).select_related("revision__user"))


def version_by_number(article, number):
    """The revision saved when the article had this `version` number."""
    for version in Version.objects.get_for_object(article):
        if version.field_dict.get("version") == number:
            return version
    return None


@dataclass
class FieldChange:
    label: str
    old: str
    new: str

    @property
    def changed(self):
        return self.old != self.new


def _values(source):
    """Field name → shown text, from a Version or from a live Article."""
    data = (
        source.field_dict
        if isinstance(source, Version)
        else {
            Article._meta.get_field(name).attname: getattr(source, Article._meta.get_field(name).attname)
            for name in SHOWN_FIELDS
        }
    )
    values = {}
    for name in SHOWN_FIELDS:
        field = Article._meta.get_field(name)
        value = data.get(field.attname)
        if name == "column":
            value = Column.objects.filter(pk=value).values_list("name", flat=True).first() or value
        elif name == "status":
            value = ArticleStatus(value).label if value in ArticleStatus.values else value
        elif name == "published_at" and value:
            value = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
        elif name in ("is_headline", "mongolian_placeholder"):
            value = "是" if value else "否"
        elif name == "body_mn" and value:
            value = text_of(sanitize_html(value))
        values[name] = "" if value is None else str(value)
    return values


def compare_article(old, new):
    """The metadata as (label, old, new) rows; the body as a readable line
    diff and as both rendered versions (sanitised again: a stored revision
    may predate today's allow-list)."""
    before, after = _values(old), _values(new)
    # The 蒙古文版's rows only when either side has one (or the placeholder mark changed).
    mongolian = any(before[name] != after[name] or before[name] for name in MONGOLIAN_TEXT_FIELDS) or (
        before["mongolian_placeholder"] != after["mongolian_placeholder"]
    )
    fields = [
        FieldChange(str(Article._meta.get_field(name).verbose_name), before[name], after[name])
        for name in SHOWN_FIELDS
        if name != "body" and (mongolian or name not in MONGOLIAN_FIELD_NAMES)
    ]
    return {
        "fields": fields,
        "body_rows": body_diff_rows(before["body"], after["body"]),
        "old_body": sanitize_html(before["body"]),
        "new_body": sanitize_html(after["body"]),
        "body_changed": before["body"] != after["body"],
    }
