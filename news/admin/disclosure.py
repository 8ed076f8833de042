"""The 政务公开 fieldset, shared by the article and 修订稿 forms."""

from ..editorial.disclosure import VALIDITY_NEEDS_DATE, DisclosureMethod
from ..models.disclosure import DISCLOSURE_FIELD_NAMES

DISCLOSURE_FIELDSET = (
    "政务公开",
    {
        "fields": DISCLOSURE_FIELD_NAMES,
        "description": "栏目属于政务公开时,这些信息显示在文章页正文之上,并随导出和搜索提供。",
    },
)


def disclosure_method_keep(form):
    """公开方式 left out of a post (a script, an older form) stays as stored
    (主动公开 by default) and does not count as a change."""
    if form.is_bound and "disclosure_method" in form.fields and "disclosure_method" not in form.data:
        form.data = form.data.copy()
        form.data["disclosure_method"] = form.instance.disclosure_method or DisclosureMethod.PROACTIVE


def validity_date_require(form, cleaned):
    """失效 and 废止 need their date: said on the field, not only by the database."""
    if cleaned.get("validity") in VALIDITY_NEEDS_DATE and not cleaned.get("validity_date"):
        form.add_error("validity_date", "有效性为失效或废止时,请填写失效或废止的日期。")
