from django import forms

from news.models import Column

from .models import ExportFormat
from .selection import STATUS_CHOICES, ExportInputError, filters_parse


class ExportForm(forms.Form):
    """An export is of one site: `site`, one of `sites` (those the auditor
    works on); the columns offered are that site's."""

    site = forms.ChoiceField(label="站点", required=False, widget=forms.HiddenInput)
    since = forms.DateField(label="发布日期起", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="发布日期止", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    columns = forms.ModelMultipleChoiceField(
        label="栏目",
        queryset=Column.objects.none(),
        to_field_name="slug",
        required=False,
        help_text="可多选;包含所选栏目的下级栏目。不选则导出全部栏目。",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    status = forms.ChoiceField(label="状态", choices=STATUS_CHOICES, initial="published")
    keyword = forms.CharField(label="关键词", required=False, max_length=100, help_text="标题或正文包含的词")
    format = forms.ChoiceField(label="格式", choices=ExportFormat.choices, initial=ExportFormat.CSV)
    with_pdf = forms.BooleanField(
        label="归档包中生成 PDF", required=False, initial=True, help_text="PDF 生成较慢;只对归档包有效"
    )

    error_messages = {"invalid_date": "请按 YYYY-MM-DD 填写日期。"}

    def __init__(self, *args, sites, site, **kwargs):
        super().__init__(*args, initial={"site": site.key}, **kwargs)
        self.site = site
        self.fields["site"].choices = [(each.key, each.site_name) for each in sites]
        self.fields["site"].error_messages["invalid_choice"] = "没有这个站点,或您不能导出该站点的文章。"
        self.fields["columns"].queryset = Column.objects.filter(site=site).order_by("order", "id")
        self.fields["columns"].label_from_instance = lambda column: f"{column.name}({column.slug})"
        for name in ("since", "until"):
            self.fields[name].error_messages["invalid"] = "日期无效,请按 YYYY-MM-DD 填写,如 2024-06-07。"
        self.fields["columns"].error_messages["invalid_choice"] = "没有这个栏目:%(value)s。"
        self.fields["format"].error_messages["invalid_choice"] = "没有这种导出格式:%(value)s。"
        self.fields["status"].error_messages["invalid_choice"] = "没有这种状态:%(value)s。"

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.filters = filters_parse(
                site=self.site,
                since=data.get("since"),
                until=data.get("until"),
                columns=[column.slug for column in data.get("columns") or []],
                status=data.get("status"),
                keyword=data.get("keyword"),
            )
        except ExportInputError as error:
            raise forms.ValidationError(str(error)) from None
        return data
