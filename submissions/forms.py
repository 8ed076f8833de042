from datetime import date

from django import forms
from django.utils import timezone

from news.models import Column

# A longer range is an export of everything, not a month's grading.
MAX_MONTHS = 36


class TargetColumnChoice(forms.ModelChoiceField):
    def label_from_instance(self, column):
        return f"{column.site.site_name} - {column.name}"


class SendForm(forms.Form):
    column = TargetColumnChoice(
        label="报送到",
        queryset=Column.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "请选择一个接收报送的栏目。", "required": "请选择报送栏目。"},
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = (
            Column.objects.filter(accepts_submissions=True, site__is_platform=True)
            .exclude(site_id=article.column.site_id)
            .select_related("site")
            .order_by("site_id", "order", "id")
        )


class ReturnForm(forms.Form):
    remark = forms.CharField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        error_messages={"required": "退回必须填写理由。"},
    )


def month_value(text):
    """'2026-06' -> date(2026, 6, 1), or None."""
    try:
        year, month = (int(part) for part in text.split("-"))
        return date(year, month, 1)
    except (TypeError, ValueError):
        return None


class MonthField(forms.CharField):
    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-06"})

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        month = month_value(value.strip())
        if month is None:
            raise forms.ValidationError("月份格式应为“年-月”,如 2026-06。")
        return month


class MonthRangeForm(forms.Form):
    start = MonthField(label="起始月份", required=False)
    end = MonthField(label="截止月份", required=False)

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        end = cleaned.get("end") or date(today.year, today.month, 1)
        start = cleaned.get("start") or date(end.year, 1, 1)
        if start > end:
            raise forms.ValidationError("起始月份不能晚于截止月份。")
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError(f"一次最多统计 {MAX_MONTHS} 个月。")
        cleaned["start"], cleaned["end"] = start, end
        return cleaned
