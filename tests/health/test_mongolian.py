"""网站体检 on a site with a 蒙古文版 lists, per column, the published
articles without a Mongolian version: a notice, not a deduction."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from health.findings import Category, Severity
from health.mongolian import LISTED_PER_COLUMN, mongolian_findings
from health.report import site_health_check
from tests.conftest import MN_BODY, MN_TITLE

from .conftest import ago, report_made

pytestmark = pytest.mark.django_db


def found(report):
    return [f for f in report.findings if f.code == "article_without_mongolian"]


@pytest.fixture
def mongolian_site(healthy_site, mongolian):
    """The healthy site with its 蒙古文版 open; its articles so far are Chinese only."""
    return mongolian


class TestArticlesWithoutMongolian:
    def test_each_column_with_untranslated_articles_is_a_notice_naming_them(
        self, mongolian_site, make_article, columns
    ):
        make_article(
            title="已翻译", column=columns["news"], published_at=ago(hours=1), title_mn=MN_TITLE, body_mn=MN_BODY
        )
        make_article(title="草原防火通知", column=columns["news"], published_at=ago(hours=2))
        report = site_health_check(external=False)
        by_column = {f.object_id: f for f in found(report)}
        news = by_column[columns["news"].pk]
        assert (news.severity, news.category, news.points) == (Severity.NOTICE, Category.MONGOLIAN, 0)
        # healthy_site's own article of the column and this one; the translated one is not counted.
        assert news.message == "栏目“苏木镇动态”:2 篇已发布文章没有蒙古文版,蒙古文版不显示"
        assert "公开 > 苏木镇动态" in news.detail
        assert "“草原防火通知”" in news.detail and "已翻译" not in news.detail
        assert news.fix_url == f"/admin/news/article/?column={columns['news'].pk}"
        assert columns["headlines"].pk in by_column

    def test_the_verdict_is_not_changed_by_it(self, mongolian_site, make_article):
        make_article(title="只有中文", published_at=ago(hours=1))
        report = site_health_check(external=False)
        assert found(report)
        assert report.verdict.label == "合格", [(f.category, f.message, f.points) for f in report.findings if f.points]

    def test_a_fully_translated_column_is_not_reported(self, mongolian_site, make_article, columns):
        from news.models import Article

        Article.objects.filter(column=columns["news"]).update(has_mongolian=True)
        assert columns["news"].pk not in {f.object_id for f in found(site_health_check(external=False))}

    def test_placeholder_mongolian_is_counted_as_waiting_for_a_translator(self, mongolian_site, make_article, columns):
        from news.models import Article

        Article.objects.filter(column=columns["news"]).update(has_mongolian=True)
        make_article(
            title="占位稿",
            column=columns["news"],
            published_at=ago(hours=1),
            title_mn=MN_TITLE,
            body_mn=MN_BODY,
            mongolian_placeholder=True,
        )
        [news] = [f for f in found(site_health_check(external=False)) if f.object_id == columns["news"].pk]
        assert news.message == "栏目“苏木镇动态”:1 篇的蒙古文为占位稿,待翻译"

    def test_a_site_without_a_mongolian_version_gets_no_such_finding(self, healthy_site, make_article):
        make_article(title="只有中文", published_at=ago(hours=1))
        assert not found(site_health_check(external=False))

    def test_a_big_column_names_its_newest_articles_and_counts_all(self, mongolian_site, make_article, columns):
        for number in range(LISTED_PER_COLUMN + 5):
            make_article(title=f"第{number}篇", column=columns["news"], published_at=ago(hours=number + 1))
        [news] = [f for f in found(site_health_check(external=False)) if f.object_id == columns["news"].pk]
        total = LISTED_PER_COLUMN + 6  # with healthy_site's article of the column
        assert f"{total} 篇已发布文章没有蒙古文版" in news.message
        assert "“第0篇”" in news.detail and f"“第{LISTED_PER_COLUMN - 1}篇”" in news.detail
        assert f"“第{LISTED_PER_COLUMN}篇”" not in news.detail
        assert f"等 {total} 篇" in news.detail

    def test_the_query_count_does_not_grow_with_the_columns(self, mongolian_site, make_article, columns):
        from news.models import Column, ColumnType

        for number in range(6):
            column = Column.objects.create(name=f"栏目{number}", slug=f"lanmu-{number}", column_type=ColumnType.NEWS)
            make_article(title=f"栏目{number}的文章", column=column, published_at=ago(hours=1))
        with CaptureQueriesContext(connection) as queries:
            findings = mongolian_findings(mongolian_site)
        assert len(findings) >= 6
        assert len(queries) <= 3  # the columns, the counts, the newest titles


class TestInTheReport:
    def test_the_admin_report_page_shows_it(self, client, auditor, mongolian_site, make_article):
        make_article(title="待翻译的文章", published_at=ago(hours=1))
        report_made()
        client.force_login(auditor)
        page = client.get("/admin/health/sitehealth/").content.decode()
        assert "蒙古文版" in page
        assert "没有蒙古文版" in page and "待翻译的文章" in page

    def test_the_json_report_carries_it(self, mongolian_site, make_article):
        make_article(title="待翻译的文章", published_at=ago(hours=1))
        data = site_health_check(external=False).as_dict()
        items = [f for f in data["findings"] if f["code"] == "article_without_mongolian"]
        assert items and items[0]["category_label"] == "蒙古文版" and items[0]["severity"] == "notice"


class TestLinksIntoTheMongolianVersion:
    def test_mongolian_pages_of_translated_articles_are_fine_and_of_untranslated_ones_broken(
        self, mongolian_site, make_article
    ):
        from health.links import check_internal

        both = make_article(title="双语", published_at=ago(hours=1), title_mn=MN_TITLE, body_mn=MN_BODY)
        chinese = make_article(title="只有中文", published_at=ago(hours=1))
        results = check_internal(
            ["/mn/", f"/mn/article/{both.pk}/", f"/mn/article/{chinese.pk}/", f"/article/{chinese.pk}/"],
            mongolian_site,
        )
        assert results["/mn/"] is None and results[f"/mn/article/{both.pk}/"] is None
        assert results[f"/article/{chinese.pk}/"] is None
        assert results[f"/mn/article/{chinese.pk}/"] == "文章不存在或未发布(404)"

    def test_on_a_site_without_one_mn_is_a_broken_link(self, healthy_site):
        from health.links import check_internal

        assert check_internal(["/mn/"], healthy_site)["/mn/"] == "页面不存在(404)"
