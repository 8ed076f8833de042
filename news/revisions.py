"""Reading an article's revisions and setting two side by side."""
import difflib
import re
from dataclasses import dataclass

from django.utils import timezone
from reversion.models import Version

from .models import Article, ArticleStatus, Column
from .workflow import CONTENT_FIELDS

SHOWN_FIELDS = CONTENT_FIELDS + ["status", "index_number"]
BLOCK_BOUNDARY = re.compile(r"(?<=>)(?=<(?:p|h[1-6]|li|ul|ol|table|tr|blockquote|figure|hr|br)\b)", re.IGNORECASE)


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
    data = source.field_dict if isinstance(source, Version) else {
        Article._meta.get_field(name).attname: getattr(source, Article._meta.get_field(name).attname)
        for name in SHOWN_FIELDS
    }  # fmt: skip
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
        elif name == "is_headline":
            value = "是" if value else "否"
        values[name] = "" if value is None else str(value)
    return values


def _lines(html):
    return BLOCK_BOUNDARY.sub("\n", html or "").splitlines() or [""]


def compare_article(old, new):
    """The metadata as (label, old, new) rows and the body as an HTML diff table."""
    before, after = _values(old), _values(new)
    fields = [
        FieldChange(str(Article._meta.get_field(name).verbose_name), before[name], after[name])
        for name in SHOWN_FIELDS
        if name != "body"
    ]
    body_table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        _lines(before["body"]), _lines(after["body"]), fromdesc="所选版本", todesc="对比版本", context=False
    )
    return {"fields": fields, "body_table": body_table, "body_changed": before["body"] != after["body"]}
