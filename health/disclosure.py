"""政务公开 checks: published policy documents must say whether they are still
in force (有效性), which inspectors look for on every 政策文件."""

from django.urls import reverse

from news.models import Article, Column, ColumnType
from news.public.column_tree import ColumnTree

from .findings import Category, Finding, Severity

# Listed one by one up to this many; the points stop at POINTS_CAP anyway.
WITHOUT_VALIDITY_LISTED = 100


def disclosure_findings(site):
    """Published articles in the site's 政策文件 columns without an 有效性."""
    tree = ColumnTree(Column.objects.filter(site=site).order_by("order", "id"))
    policy_ids = [column.id for column in tree.columns if column.column_type == ColumnType.POLICY]
    missing = (
        Article.objects.published()
        .in_columns(policy_ids)
        .filter(validity="")
        .newest_first()
        .values_list("id", "title", "column_id")[:WITHOUT_VALIDITY_LISTED]
    )
    findings = []
    for article_id, title, column_id in missing:
        path = " > ".join(column.name for column in tree.ancestors(tree.by_id[column_id]))
        findings.append(
            Finding(
                "policy_without_validity",
                Severity.DEDUCT,
                Category.DISCLOSURE,
                f"政策文件未标注有效性:“{title}”",
                subject=f"文章“{title}”",
                detail=f"栏目:{path}。在文章的“政务公开”中选择有效、失效或废止(失效、废止须填日期)",
                fix_url=reverse("admin:news_article_change", args=[article_id]),
                fix_label="填写有效性",
                object_id=article_id,
            )
        )
    return findings
