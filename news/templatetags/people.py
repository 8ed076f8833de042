from django import template
from django.template.defaultfilters import date
from django.utils.timezone import template_localtime

from ..editorial.people import person_name as _person_name

register = template.Library()


@register.filter
def person_name(user):
    return _person_name(user)


@register.simple_tag
def saved_version(version, article):
    """One side of a revision comparison: when and by whom `version` was
    saved, or, without a version, the article's current content."""
    if not version:
        by = f",{_person_name(article.updated_by)} 最后修改" if article.updated_by else ""
        return f"当前内容(版本 {article.version}{by})"
    revision = version.revision
    saved = date(template_localtime(revision.date_created), "Y-m-d H:i:s")
    number = version.field_dict.get("version", "")
    return f"{saved} {_person_name(revision.user)} 保存的版本(版本 {number},{revision.comment})"
