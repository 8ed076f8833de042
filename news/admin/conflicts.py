"""After a save is refused because someone else saved in between: their text
beside what this editor typed, and the two ways on, neither losing anything.
保留我的修改 saves the typed text over theirs (theirs stays in the revisions);
载入最新版本 opens their version (in a new window, so this form stays)."""

from dataclasses import dataclass

from django.utils import timezone

from ..editorial.revisions import version_by_number
from ..editorial.services import CONTENT_FIELDS
from ..media.html import sanitize_html, text_of
from ..models import Article, Column
from ..models.mongolian import MONGOLIAN_FIELD_NAMES

KEEP_MINE = "_keep_mine"
COMPARED_FIELDS = [name for name in CONTENT_FIELDS if name != "cover_image"]


@dataclass
class ConflictRow:
    label: str
    theirs: str
    mine: str
    they_changed: bool


@dataclass
class Conflict:
    version: int  # the stored version "keep mine" saves over
    who: str
    rows: list


def keeps_mine(data, stored):
    """The editor saw this stored version's conflict and chose to save over it."""
    return str(data.get(KEEP_MINE, "")) == str(stored.version)


def _shown(name, value):
    if value is None or value == "":
        return ""
    if name == "column":
        column_id = value.pk if isinstance(value, Column) else value
        return Column.objects.filter(pk=column_id).values_list("name", flat=True).first() or str(column_id)
    if name == "published_at":
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if name in ("is_headline", "mongolian_placeholder"):
        return "是" if value else "否"
    if name in ("body", "body_mn"):
        return text_of(sanitize_html(value))
    return str(value)


def conflict_between(stored, typed, expected):
    """The fields where the stored article and the typed form differ; a row
    says whether the other person changed it since this editor started."""
    started = version_by_number(stored, expected) if expected is not None else None
    before = started.field_dict if started is not None else {}
    rows = []
    for name in COMPARED_FIELDS:
        if name in MONGOLIAN_FIELD_NAMES and name not in typed:
            continue  # the form has no 蒙古文版 (its site has none): nothing typed there
        field = Article._meta.get_field(name)
        theirs = _shown(name, getattr(stored, field.attname))
        mine = _shown(name, typed.get(name))
        if theirs == mine:
            continue
        they_changed = field.attname in before and _shown(name, before[field.attname]) != theirs
        rows.append(ConflictRow(str(field.verbose_name), theirs, mine, they_changed))
    who = stored.updated_by.get_username() if stored.updated_by else "其他人"
    return Conflict(version=stored.version, who=who, rows=rows)
