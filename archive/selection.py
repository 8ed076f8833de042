"""Which articles an export covers: the filters an auditor gives, checked
once and turned into a queryset. The command line and the admin page both
go through `filters_parse` and `articles_selected`."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from news.models import Article, ArticleStatus, Column, Site

from .models import ExportFormat

ALL_STATUSES = "all"
# "published" means what residents may see: Article.objects.published().
STATUS_CHOICES = [(value, label) for value, label in ArticleStatus.choices] + [(ALL_STATUSES, "全部状态")]


class ExportInputError(ValueError):
    """Bad filters or format; the message is shown to the auditor as it is."""


@dataclass(frozen=True)
class ExportFilters:
    site: str = ""  # the key of the one site exported (filters_parse fills it in)
    since: date | None = None
    until: date | None = None
    columns: tuple = field(default_factory=tuple)  # column slugs; each includes its sub-columns
    status: str = ArticleStatus.PUBLISHED
    keyword: str = ""

    def as_json(self):
        """The filters as written into the export log and the package."""
        return {
            "site": self.site,
            "since": self.since.isoformat() if self.since else None,
            "until": self.until.isoformat() if self.until else None,
            "columns": list(self.columns),
            "status": self.status,
            "keyword": self.keyword,
        }

    @classmethod
    def from_json(cls, data):
        return filters_parse(**data)


FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9999, 12, 30)


def _date(value, label):
    if value in (None, ""):
        return None
    if not isinstance(value, date):
        try:
            value = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ExportInputError(f"{label}“{value}”不是有效日期,请按 YYYY-MM-DD 填写,如 2024-06-07。") from None
    # The first and last days the calendar has cannot be turned into times
    # (0001-01-01 in Beijing is before UTC's first day).
    if not FIRST_DAY <= value <= LAST_DAY:
        raise ExportInputError(f"{label} {value} 超出范围,请填写 {FIRST_DAY} 至 {LAST_DAY} 之间的日期。")
    return value


def site_parse(key):
    """The site named by its key; none named: the default site."""
    key = (key or "").strip()
    if not key:
        return Site.objects.default()
    site = Site.objects.filter(key=key).first()
    if site is None:
        known = "、".join(Site.objects.values_list("key", flat=True))
        raise ExportInputError(f"没有这个站点:{key}。可选:{known}。")
    return site


def filters_parse(*, site=None, since=None, until=None, columns=(), status=None, keyword=""):
    """Check raw filter values (strings from a form or the command line).
    An export is of one site: `site` (a Site or its key; the default site
    when none), whose columns the column slugs name."""
    since_date, until_date = _date(since, "开始日期"), _date(until, "结束日期")
    if since_date and until_date and since_date > until_date:
        raise ExportInputError(f"开始日期 {since_date} 晚于结束日期 {until_date},请检查日期范围。")
    site = site if isinstance(site, Site) else site_parse(site)
    slugs = tuple(dict.fromkeys(slug.strip() for slug in (columns or ()) if slug and slug.strip()))
    known = set(Column.objects.filter(site=site, slug__in=slugs).values_list("slug", flat=True))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        raise ExportInputError(f"没有这个栏目:{'、'.join(unknown)}。请填写栏目的网址标识(slug)。")
    status = (status or ArticleStatus.PUBLISHED).strip()
    allowed = [value for value, _ in STATUS_CHOICES]
    if status not in allowed:
        raise ExportInputError(f"没有这种状态:{status}。可选:{'、'.join(allowed)}。")
    keyword = (keyword or "").strip()
    if len(keyword) > 100:
        raise ExportInputError("关键词不能超过 100 个字。")
    return ExportFilters(
        site=site.key, since=since_date, until=until_date, columns=slugs, status=status, keyword=keyword
    )


def format_parse(value):
    value = (value or "").strip().lower()
    if value not in ExportFormat.values:
        raise ExportInputError(f"没有这种导出格式:{value or '(空)'}。可选:{'、'.join(ExportFormat.values)}。")
    return value


def column_ids_with_descendants(slugs, site_key):
    columns = list(Column.objects.filter(site__key=site_key).only("id", "parent_id", "slug"))
    children = {}
    for column in columns:
        children.setdefault(column.parent_id, []).append(column.id)
    stack = [column.id for column in columns if column.slug in slugs]
    ids = set()
    while stack:
        current = stack.pop()
        if current not in ids:
            ids.add(current)
            stack.extend(children.get(current, []))
    return ids


def articles_selected(filters):
    """The articles the filters select, of the filters' site only, oldest
    first (an archive reads forward)."""
    if filters.status == ArticleStatus.PUBLISHED:
        articles = Article.objects.published()
    elif filters.status == ALL_STATUSES:
        articles = Article.objects.all()
    else:
        articles = Article.objects.filter(status=filters.status)
    articles = articles.filter(column__site__key=filters.site)
    tz = timezone.get_current_timezone()
    if filters.since:
        articles = articles.filter(published_at__gte=datetime.combine(filters.since, time.min, tzinfo=tz))
    if filters.until:
        end = datetime.combine(filters.until + timedelta(days=1), time.min, tzinfo=tz)
        articles = articles.filter(published_at__lt=end)
    if filters.columns:
        articles = articles.filter(column_id__in=column_ids_with_descendants(set(filters.columns), filters.site))
    if filters.keyword:
        articles = articles.filter(Q(title__icontains=filters.keyword) | Q(body__icontains=filters.keyword))
    return articles.order_by("published_at", "id")
