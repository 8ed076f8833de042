"""The 政务公开 fields, shared by an article and its 修订稿."""

from django.db import models

from ..editorial.disclosure import DisclosureMethod, Genre, SubjectCategory, Validity

DISCLOSURE_FIELD_NAMES = [
    "document_number",
    "written_on",
    "subject",
    "genre",
    "disclosure_method",
    "validity",
    "validity_date",
]


class DisclosureFields(models.Model):
    """Shown in the box above the body of articles in 政务公开 columns."""

    document_number = models.CharField(
        "文号", max_length=100, blank=True, help_text="如:苏政发〔2024〕12号;没有文号的留空"
    )
    written_on = models.DateField("成文日期", null=True, blank=True, help_text="文件落款的日期")
    subject = models.CharField(
        "主题分类",
        max_length=20,
        choices=SubjectCategory.choices,
        blank=True,
        help_text="政府信息公开目录的主题分类",
    )
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices, blank=True, help_text="信息类别(公文文种)")
    disclosure_method = models.CharField(
        "公开方式", max_length=20, choices=DisclosureMethod.choices, default=DisclosureMethod.PROACTIVE
    )
    validity = models.CharField(
        "有效性", max_length=20, choices=Validity.choices, blank=True, help_text="政策文件必填:有效、失效或废止"
    )
    validity_date = models.DateField(
        "有效性日期", null=True, blank=True, help_text="有效:施行日期(可不填);失效、废止:失效或废止的日期(必填)"
    )

    class Meta:
        abstract = True

    @property
    def validity_display(self):
        """有效性 as the disclosure box says it: 废止(2025-03-01 起)."""
        if not self.validity:
            return ""
        label = self.get_validity_display()
        return f"{label}({self.validity_date:%Y-%m-%d} 起)" if self.validity_date else label
