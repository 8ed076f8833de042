"""Column update checks: each column's newest published article against its
type's update period, blank columns, the home page, undated articles.
One GROUP BY query gives every column's newest article and count."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone

from news.models import Article, ArticleStatus, Column, ColumnType, Site
from news.public.column_tree import ColumnTree

from .findings import Category, Finding, Severity

HOME_PERIOD = timedelta(weeks=2)
# docs/standards.md: 5 or more stale news/notice/policy columns, or 10 or more
# stale columns of any kind, or 5 or more blank columns fail the site.
STALE_CORE_VETO = 5
STALE_ANY_VETO = 10
BLANK_VETO = 5
CORE_TYPES = {ColumnType.NEWS, ColumnType.NOTICE, ColumnType.POLICY}


@dataclass
class ColumnStatus:
    column: Column
    path: str
    newest: object  # datetime or None
    published: int
    period: timedelta | None
    blank: bool
    stale: bool

    @property
    def deadline(self):
        """When the column must next be updated; in the past when stale."""
        if self.period is None or self.newest is None:
            return None
        return self.newest + self.period

    @property
    def type_label(self):
        return self.column.get_column_type_display()


def _add_url(column):
    return f"{reverse('admin:news_article_add')}?column={column.pk}"


def column_statuses(now=None, site=None):
    """Every column of `site` (the default site when None) with its newest
    and its count of published articles, its own and its sub-columns'."""
    now = now or timezone.now()
    site = site or Site.objects.default()
    tree = ColumnTree(Column.objects.filter(site=site).order_by("order", "id"))
    own = {
        row["column_id"]: row
        for row in Article.objects.published()
        .filter(column__site=site)
        .order_by()
        .values("column_id")
        .annotate(newest=Max("published_at"), published=Count("id"))
    }
    statuses = []
    for column in tree.columns:
        rows = [own[i] for i in tree.descendant_ids(column) if i in own]
        newest = max((row["newest"] for row in rows), default=None)
        published = sum(row["published"] for row in rows)
        period = column.update_period
        has_children = bool(tree.children(column))
        blank = published == 0 and not (column.column_type == ColumnType.SECTION and has_children)
        stale = period is not None and newest is not None and newest + period < now
        path = " > ".join(c.name for c in tree.ancestors(column))
        statuses.append(ColumnStatus(column, path, newest, published, period, blank, stale))
    return tree, statuses


def home_newest(tree, statuses):
    """The newest item the home page shows: its columns' newest, or its headline."""
    by_id = {status.column.id: status for status in statuses}
    dates = [by_id[c.id].newest for c in tree.home_sections() if by_id[c.id].newest]
    published = Article.objects.published().in_columns([column.id for column in tree.columns])
    headline = published.filter(is_headline=True).newest_first().values_list("published_at", flat=True).first()
    if headline is None:
        headline = published.newest_first().values_list("published_at", flat=True).first()
    if headline:
        dates.append(headline)
    return max(dates, default=None)


def _days(delta):
    return max(0, delta.days)


def column_findings(tree, statuses, now=None, site=None):
    now = now or timezone.now()
    site = site or Site.objects.default()
    local = timezone.localtime
    findings = []
    stale, blank = [], []
    for status in statuses:
        column = status.column
        if status.blank:
            blank.append(status)
            findings.append(
                Finding(
                    "column_blank",
                    Severity.DEDUCT,
                    Category.COLUMNS,
                    f"空白栏目:“{status.path}”自创建以来没有发布任何内容",
                    subject=status.path,
                    detail=f"栏目类型:{status.type_label}",
                    fix_url=_add_url(column),
                    fix_label="在此栏目发布文章",
                    object_id=column.pk,
                )
            )
        elif status.stale:
            stale.append(status)
            overdue = _days(now - status.deadline)
            findings.append(
                Finding(
                    "column_stale",
                    Severity.DEDUCT,
                    Category.COLUMNS,
                    f"栏目未按期更新:“{status.path}”已超过更新期限 {overdue} 天",
                    subject=status.path,
                    detail=(
                        f"栏目类型:{status.type_label},更新周期 {status.period.days} 天;"
                        f"最近发布 {local(status.newest):%Y-%m-%d %H:%M},应在 {local(status.deadline):%Y-%m-%d} 前更新"
                    ),
                    fix_url=_add_url(column),
                    fix_label="在此栏目发布文章",
                    object_id=column.pk,
                )
            )
    core = [s for s in stale if s.column.column_type in CORE_TYPES]
    if len(core) >= STALE_CORE_VETO or len(stale) >= STALE_ANY_VETO:
        findings.append(
            Finding(
                "columns_stale_veto",
                Severity.VETO,
                Category.COLUMNS,
                f"栏目不更新累计 {len(stale)} 个(其中动态、通知公告、政策文件类 {len(core)} 个),达到单项否决标准",
                detail="动态/要闻、通知公告/政策文件类栏目未更新累计 5 个及以上,或应更新未更新栏目 10 个及以上",
                fix_url=reverse("admin:news_column_changelist"),
                fix_label="查看栏目",
            )
        )
    if len(blank) >= BLANK_VETO:
        findings.append(
            Finding(
                "columns_blank_veto",
                Severity.VETO,
                Category.COLUMNS,
                f"空白栏目 {len(blank)} 个,达到单项否决标准(5 个及以上)",
                fix_url=reverse("admin:news_column_changelist"),
                fix_label="查看栏目",
            )
        )
    newest = home_newest(tree, statuses)
    if newest is None or newest + HOME_PERIOD < now:
        since = f"最近一条发布于 {local(newest):%Y-%m-%d %H:%M}" if newest else "首页没有任何内容"
        findings.append(
            Finding(
                "home_stale",
                Severity.VETO,
                Category.COLUMNS,
                "首页超过 2 周未更新",
                subject="首页",
                detail=since,
                fix_url=reverse("admin:news_article_add"),
                fix_label="发布文章",
            )
        )
    findings.extend(undated_findings(site))
    return findings


UNDATED_LISTED = 100


def undated_findings(site):
    """Published articles without a publication time: counted as not updated.
    The database refuses them today; data brought in from elsewhere may not."""
    undated = Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__isnull=True, column__site=site)
    findings = []
    for article_id, title in undated.order_by("id").values_list("id", "title")[:UNDATED_LISTED]:
        findings.append(
            Finding(
                "article_without_time",
                Severity.DEDUCT,
                Category.COLUMNS,
                f"已发布文章没有发布时间:“{title}”",
                subject=title,
                detail="没有发布时间的信息按未更新计",
                fix_url=reverse("admin:news_article_change", args=[article_id]),
                fix_label="填写发布时间",
                object_id=article_id,
            )
        )
    return findings
