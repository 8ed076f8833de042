"""The whole check: columns, links, wording and site settings, in one report."""

import time
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from news.models import Article, Column, Site

from .columns import ColumnStatus, column_findings, column_statuses
from .content import link_findings, scan_articles, template_links, wording_findings
from .disclosure import disclosure_findings
from .findings import Category, Finding, Severity, by_severity, verdict_of
from .mongolian import mongolian_findings
from .publishing import publishing_findings
from .site_settings import settings_findings

# This week and the 27 before it, so the 183-day deadline of notice and policy
# columns shows on every day of the week: 26 weeks back from a Monday is only 182 days.
CHART_WEEKS = 28


@dataclass
class WeeklyCounts:
    """Articles published per column per week, oldest week first."""

    weeks: list  # the Monday (local date) starting each week
    rows: list  # [(ColumnStatus, [count per week])]


@dataclass
class Report:
    generated_at: datetime
    findings: list
    columns: list
    weekly: WeeklyCounts
    stats: dict = field(default_factory=dict)
    external_checked: bool = False
    site_key: str = ""
    site_name: str = ""

    @property
    def verdict(self):
        return verdict_of(self.findings)

    @property
    def groups(self):
        return by_severity(self.findings)

    def count(self, severity):
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def counts(self):
        return {severity.value: self.count(severity) for severity in Severity}

    @property
    def external_links_summary(self):
        """What the report says about external links: the same words on the
        page, in the XLSX and in the PDF."""
        if not self.external_checked:
            return "本次未检查外部链接"
        total = self.stats.get("external_links", 0)
        unchecked = self.stats.get("external_unchecked", 0)
        if not total:
            return "没有外部链接"
        if unchecked:
            return (
                f"外部链接 {total} 个,其中 {unchecked} 个尚无检查结果"
                "(由 check_site 命令定期检查,每个地址的结果保留一天),这些链接未计入问题清单"
            )
        return f"外部链接 {total} 个,均已检查(结果来自一天内的检查)"

    def as_dict(self):
        local = timezone.localtime
        return {
            "site": {"key": self.site_key, "name": self.site_name},
            "generated_at": local(self.generated_at).isoformat(),
            "verdict": self.verdict.as_dict(),
            "counts": self.counts,
            "findings": [f.as_dict() for f in self.findings],
            "columns": [
                {
                    "id": s.column.pk,
                    "name": s.column.name,
                    "path": s.path,
                    "type": s.column.column_type,
                    "update_period_days": s.period.days if s.period else None,
                    "newest": local(s.newest).isoformat() if s.newest else None,
                    "deadline": local(s.deadline).isoformat() if s.deadline else None,
                    "published": s.published,
                    "stale": s.stale,
                    "blank": s.blank,
                }
                for s in self.columns
            ],
            "stats": self.stats,
            "external_checked": self.external_checked,
            "weekly": {
                "weeks": [week.isoformat() for week in self.weekly.weeks],
                "rows": [[status.column.pk, counts] for status, counts in self.weekly.rows],
            },
        }

    @classmethod
    def from_dict(cls, data):
        """The report as `as_dict` stored it: what the page, the XLSX and the
        PDF show, without running the check again."""
        moment = datetime.fromisoformat
        statuses = []
        for item in data["columns"]:
            column = Column(pk=item["id"], name=item["name"], column_type=item["type"])
            period = item["update_period_days"]
            statuses.append(
                ColumnStatus(
                    column=column,
                    path=item["path"],
                    newest=moment(item["newest"]) if item["newest"] else None,
                    published=item["published"],
                    period=timedelta(days=period) if period is not None else None,
                    blank=item["blank"],
                    stale=item["stale"],
                )
            )
        by_id = {status.column.pk: status for status in statuses}
        weekly = data.get("weekly") or {"weeks": [], "rows": []}
        weeks = WeeklyCounts(
            [date.fromisoformat(week) for week in weekly["weeks"]],
            [(by_id[column_id], counts) for column_id, counts in weekly["rows"] if column_id in by_id],
        )
        finding_fields = {f.name for f in dataclass_fields(Finding)}
        findings = [
            Finding(
                **{
                    **{name: value for name, value in item.items() if name in finding_fields},
                    "severity": Severity(item["severity"]),
                    "category": Category(item["category"]),
                }
            )
            for item in data["findings"]
        ]
        return cls(
            moment(data["generated_at"]),
            findings,
            statuses,
            weeks,
            data.get("stats", {}),
            external_checked=data.get("external_checked", False),
            site_key=data.get("site", {}).get("key", ""),
            site_name=data.get("site", {}).get("name", ""),
        )


def weekly_counts(tree, statuses, now):
    """Counted over the tree's columns: one site's."""
    today = timezone.localtime(now).date()
    first = today - timedelta(days=today.weekday(), weeks=CHART_WEEKS - 1)
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    own = {}
    rows = (
        Article.objects.published()
        .in_columns([column.id for column in tree.columns])
        .filter(published_at__gte=start)
        .annotate(week=TruncWeek("published_at"))
        .order_by()
        .values("column_id", "week")
        .annotate(n=Count("id"))
    )
    for row in rows:
        week = row["week"]
        week = timezone.localtime(week).date() if isinstance(week, datetime) else week
        index = (week - first).days // 7
        if 0 <= index < CHART_WEEKS:
            own.setdefault(row["column_id"], [0] * CHART_WEEKS)[index] += row["n"]
    chart_rows = []
    for status in statuses:
        if status.period is None:
            continue  # sections have no deadline of their own
        counts = [0] * CHART_WEEKS
        for column_id in tree.descendant_ids(status.column):
            for i, n in enumerate(own.get(column_id, ())):
                counts[i] += n
        chart_rows.append((status, counts))
    return WeeklyCounts([first + timedelta(weeks=i) for i in range(CHART_WEEKS)], chart_rows)


def site_health_check(*, site=None, external=True, fetch_external=True):
    """Run every check on one site (the default site when None): its
    columns, articles, pages and settings only. `external=False` leaves
    external links out; `fetch_external=False` uses only answers already
    kept (for page views)."""
    now = timezone.now()
    timings = {}
    started = time.perf_counter()
    site = site or Site.objects.default()
    tree, statuses = column_statuses(now, site)
    findings = column_findings(tree, statuses, now, site)
    weekly = weekly_counts(tree, statuses, now)
    timings["columns"] = time.perf_counter() - started

    mark = time.perf_counter()
    scan = scan_articles(site)
    timings["content_scan"] = time.perf_counter() - mark

    mark = time.perf_counter()
    placed = list(scan.links)
    page_links, problem = template_links(site)
    if page_links is None:
        findings.append(
            Finding(
                "home_unavailable",
                Severity.VETO,
                Category.LINKS,
                "首页无法打开",
                subject="首页",
                detail=f"渲染首页时出错,无法检查页面模板中的链接:{problem}",
            )
        )
    else:
        placed += page_links
    found, link_stats = link_findings(placed, site=site, external=external, fetch_external=fetch_external)
    findings += found
    timings["links"] = time.perf_counter() - mark

    findings += wording_findings(scan)
    findings += settings_findings(site)
    findings += disclosure_findings(site)
    findings += publishing_findings(now, site)
    findings += mongolian_findings(site)
    findings.sort(key=lambda f: (f.severity.rank, f.category.value, f.code))
    timings["total"] = time.perf_counter() - started
    stats = {
        "articles_scanned": scan.articles,
        "links_found": len(placed),
        **link_stats,
        "external_checked": external,
        "seconds": {name: round(value, 2) for name, value in timings.items()},
    }
    return Report(
        now, findings, statuses, weekly, stats, external_checked=external, site_key=site.key, site_name=site.site_name
    )
