"""蒙古文版 coverage: on a site with a 蒙古文版, the published articles that
residents reading Mongolian never see because they have no Mongolian
version (the Mongolian pages list only those that have one), per column.

A notice (提示), not a deduction: the inspection rules (docs/standards.md)
score what a site publishes, not the share of it translated, and 蒙汉并用
asks for the site's own information in both languages, which a township
reaches article by article as its translator works. The finding is the
translator's work list. Articles whose Mongolian is only a placeholder
(蒙古文为占位稿) are counted in the same finding: they are listed on the
Mongolian pages but still wait for a real translation."""

from django.db.models import Count, F, Q
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.urls import reverse

from news.models import Article, Column
from news.public.column_tree import ColumnTree

from .findings import Category, Finding, Severity

# Articles named per column (the newest first); the count is always exact.
LISTED_PER_COLUMN = 10


def mongolian_findings(site):
    """One notice per column of `site` with published articles lacking a
    Mongolian version (or having only a placeholder), if the site has a
    蒙古文版. Two queries, whatever the number of columns."""
    if not site.mongolian_enabled:
        return []
    tree = ColumnTree(Column.objects.filter(site=site).order_by("order", "id"))
    published = Article.objects.published().in_columns([column.id for column in tree.columns])
    counts = {
        row["column_id"]: row
        for row in published.filter(Q(has_mongolian=False) | Q(mongolian_placeholder=True))
        .order_by()
        .values("column_id")
        .annotate(
            missing=Count("id", filter=Q(has_mongolian=False)),
            placeholder=Count("id", filter=Q(has_mongolian=True, mongolian_placeholder=True)),
        )
    }
    if not counts:
        return []
    newest = (
        published.filter(has_mongolian=False)
        .annotate(
            rank=Window(RowNumber(), partition_by=F("column_id"), order_by=[F("published_at").desc(), F("id").desc()])
        )
        .filter(rank__lte=LISTED_PER_COLUMN)
        .values_list("column_id", "title")
    )
    titles = {}
    for column_id, title in newest:
        titles.setdefault(column_id, []).append(title)
    findings = []
    for column in tree.columns:
        row = counts.get(column.id)
        if row is None:
            continue
        findings.append(_column_finding(tree, column, row["missing"], row["placeholder"], titles.get(column.id, [])))
    return findings


def _column_finding(tree, column, missing, placeholder, titles):
    path = " > ".join(c.name for c in tree.ancestors(column))
    parts = []
    if missing:
        parts.append(f"{missing} 篇已发布文章没有蒙古文版,蒙古文版不显示")
    if placeholder:
        parts.append(f"{placeholder} 篇的蒙古文为占位稿,待翻译")
    detail = f"栏目:{path}。"
    if titles:
        shown = "、".join(f"“{title}”" for title in titles)
        more = f"等 {missing} 篇" if missing > len(titles) else ""
        detail += f"没有蒙古文版的文章(最新的 {len(titles)} 篇):{shown}{more}。"
    detail += "在文章的蒙古文字段中填写标题和正文后即在蒙古文版显示。"
    return Finding(
        "article_without_mongolian",
        Severity.NOTICE,
        Category.MONGOLIAN,
        f"栏目“{column.name}”:" + ";".join(parts),
        subject=f"栏目“{column.name}”",
        detail=detail,
        fix_url=reverse("admin:news_article_changelist") + f"?column={column.pk}",
        fix_label="查看本栏目文章",
        object_id=column.pk,
    )
