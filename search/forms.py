from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.editorial.disclosure import SubjectCategory
from news.models import Site

from .backends import SearchBackend

# Days a search can be narrowed to. Before 1900 nothing was published online,
# and the first days of year 1 cannot even be turned into UTC for the database.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date.max
DATE_INPUT = forms.DateInput(attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()})
INVALID_DATE = "请输入正确的日期,如 2024-06-07。"
DATE_OUT_OF_RANGE = f"日期须在 {EARLIEST_DATE.isoformat()} 至 {LATEST_DATE.isoformat()} 之间。"


class SearchDateField(forms.DateField):
    widget = DATE_INPUT
    default_error_messages = {"invalid": INVALID_DATE}

    def validate(self, value):
        super().validate(value)
        if value and not EARLIEST_DATE <= value <= LATEST_DATE:
            raise forms.ValidationError(DATE_OUT_OF_RANGE, code="out_of_range")


class QueryField(forms.CharField):
    """Whatever is typed is searched for: never a validation error. NUL
    characters, which no database accepts in text, become spaces."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", " ")


class SearchForm(forms.Form):
    q = QueryField(label=_("搜索词"), required=False)
    column = forms.ChoiceField(label=_("栏目"), required=False, error_messages={"invalid_choice": "没有这个栏目。"})
    subject = forms.ChoiceField(
        label=_("主题分类"),
        required=False,
        choices=[("", _("全部主题"))] + SubjectCategory.choices,
        error_messages={"invalid_choice": "没有这个主题分类。"},
    )
    start = SearchDateField(label=_("起始日期"), required=False)
    end = SearchDateField(label=_("截止日期"), required=False)
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[(SearchBackend.RELEVANCE, _("按相关度")), (SearchBackend.DATE, _("按时间"))],
        error_messages={"invalid_choice": "排序方式只能是按相关度或按时间。"},
    )

    def __init__(self, *args, column_tree, site, mongolian=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.column_tree = column_tree
        self.site = site
        # On the 蒙古文版 the banner's portal searches the sites that have one.
        self.mongolian = mongolian
        if site.is_platform:
            # The banner's portal searches every site of the platform (集约化).
            self.fields["site"] = forms.ChoiceField(
                label=_("站点"),
                required=False,
                choices=[("", _("全部站点"))] + [(each.key, each.shown_site_name) for each in self._searched_sites()],
                error_messages={"invalid_choice": "没有这个站点,请从列表中选择。"},
            )
            self.order_fields(["q", "site"])
        self.fields["column"].choices = [("", _("全部栏目"))] + [
            (column.slug, "— " * (len(column_tree.ancestors(column)) - 1) + column.shown_name)
            for column in self._columns_in_tree_order()
        ]

    def _columns_in_tree_order(self):
        ordered, stack = [], list(reversed(self.column_tree.children(None)))
        while stack:
            column = stack.pop()
            ordered.append(column)
            stack.extend(reversed(self.column_tree.children(column)))
        return ordered

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return cleaned

    @property
    def narrows(self):
        """Whether the visitor set any filter beyond the words searched for."""
        return any(self.data.get(name) for name in ("column", "subject", "start", "end", "sort", "site"))

    @property
    def spans_sites(self):
        """Whether the results may come from sites other than this one."""
        return self.site.is_platform and self.data.get("site", "") != self.site.key

    def _searched_sites(self):
        sites = Site.objects.order_by("id")
        return sites.filter(mongolian_enabled=True) if self.mongolian else sites

    def _sites_filter(self, queryset):
        if not self.site.is_platform:
            return queryset.filter(column__site=self.site)
        key = self.cleaned_data.get("site")
        if key:
            return queryset.filter(column__site__key=key)
        return queryset.filter(column__site__mongolian_enabled=True) if self.mongolian else queryset

    @property
    def order(self):
        return self.cleaned_data.get("sort") or SearchBackend.RELEVANCE

    def filter(self, queryset):
        """Narrow a queryset of articles to the chosen column (with its
        sub-columns), 主题分类 and days, in Beijing time; to this site's
        articles, or on the banner's portal to the chosen site's (any site's
        when none is chosen)."""
        queryset = self._sites_filter(queryset)
        column_slug = self.cleaned_data.get("column")
        if column_slug:
            queryset = queryset.in_columns(self.column_tree.descendant_ids(self.column_tree.get(column_slug)))
        subject = self.cleaned_data.get("subject")
        if subject:
            queryset = queryset.filter(subject=subject)
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start:
            queryset = queryset.filter(published_at__gte=_start_of(start))
        if end and end < LATEST_DATE:
            queryset = queryset.filter(published_at__lt=_start_of(end + timedelta(days=1)))
        return queryset


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))
