"""网站体检 reports published policy documents without an 有效性."""

from datetime import date

import pytest

from health.findings import Category, Severity
from health.report import site_health_check
from news.editorial.disclosure import Validity
from news.models import ArticleStatus, Column, ColumnType

from .conftest import ago, report_made

pytestmark = pytest.mark.django_db


def found(report):
    return [f for f in report.findings if f.code == "policy_without_validity"]


@pytest.fixture
def policy_column(healthy_site, columns):
    column = Column.objects.create(
        name="政策文件",
        slug="zhengce",
        parent=columns["public"],
        column_type=ColumnType.POLICY,
        description="政策文件",
        keywords="政策",
    )
    return column


class TestPolicyDocumentsWithoutValidity:
    def test_a_published_policy_document_without_validity_is_a_deduction_naming_it(self, policy_column, make_article):
        article = make_article("苏力德苏木草原防火工作方案", column=policy_column, published_at=ago(days=1))
        [finding] = found(site_health_check(external=False))
        assert finding.object_id == article.pk
        assert (finding.severity, finding.category, finding.points) == (Severity.DEDUCT, Category.DISCLOSURE, 1)
        assert finding.message == "政策文件未标注有效性:“苏力德苏木草原防火工作方案”"
        assert "公开 > 政策文件" in finding.detail
        assert finding.fix_url == f"/admin/news/article/{article.pk}/change/"

    def test_policy_documents_with_any_validity_are_not_reported(self, policy_column, make_article):
        make_article("有效的方案", column=policy_column, published_at=ago(days=1), validity=Validity.VALID)
        make_article(
            "废止的方案",
            column=policy_column,
            published_at=ago(days=2),
            validity=Validity.REPEALED,
            validity_date=date(2025, 3, 1),
        )
        assert found(site_health_check(external=False)) == []

    def test_articles_outside_policy_columns_and_unpublished_ones_are_not_reported(
        self, policy_column, make_article, columns
    ):
        make_article("一条动态", column=columns["news"], published_at=ago(days=1))
        make_article("草稿方案", column=policy_column, status=ArticleStatus.DRAFT)
        make_article("已发布方案", column=policy_column, published_at=ago(days=1), validity=Validity.VALID)
        assert found(site_health_check(external=False)) == []

    def test_the_points_stop_at_the_cap_however_many_are_missing(self, policy_column, make_article):
        for n in range(12):
            make_article(f"方案第{n}号", column=policy_column, published_at=ago(days=1, hours=n))
        report = site_health_check(external=False)
        assert len(found(report)) == 12
        assert report.verdict.score == 90

    def test_the_admin_report_lists_it_under_政务公开(self, policy_column, make_article, admin_client):
        make_article("未标注的方案", column=policy_column, published_at=ago(days=1))
        report_made()
        page = admin_client.get("/admin/health/sitehealth/").content.decode()
        assert "政策文件未标注有效性:“未标注的方案”" in page
        assert "未标注有效性的政策文件" in page
