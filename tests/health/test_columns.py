"""Column update checks: stale, blank, the home page, undated articles."""

from datetime import timedelta

import pytest
from django.db import connection

from health.columns import column_statuses
from health.report import site_health_check
from news.models import Article, ArticleStatus, Column, ColumnType

from ..conftest import beijing
from .conftest import ago

pytestmark = pytest.mark.django_db


def codes(report, code):
    return [f for f in report.findings if f.code == code]


class TestHealthySite:
    def test_a_site_with_every_column_updated_has_no_findings_and_passes(self, healthy_site):
        report = site_health_check(external=False)
        assert report.findings == []
        assert report.verdict.label == "合格"
        assert report.verdict.score == 100
        assert not report.verdict.fails


class TestStaleColumns:
    def test_a_news_column_one_day_past_its_two_weeks_is_found_once(self, healthy_site, columns, make_article):
        Article.objects.filter(column=columns["headlines"]).delete()
        make_article(title="政务要闻旧消息", column=columns["headlines"], published_at=ago(days=15))
        stale = codes(site_health_check(external=False), "column_stale")
        assert len(stale) == 1
        assert stale[0].subject == "政务要闻"
        assert "超过更新期限 1 天" in stale[0].message
        assert stale[0].fix_url == f"/admin/news/article/add/?column={columns['headlines'].pk}"

    def test_a_news_column_updated_thirteen_days_ago_is_not_stale(self, healthy_site, columns, make_article):
        Article.objects.filter(column=columns["headlines"]).delete()
        make_article(title="政务要闻消息", column=columns["headlines"], published_at=ago(days=13))
        assert codes(site_health_check(external=False), "column_stale") == []

    def test_a_notice_column_keeps_six_months(self, healthy_site, columns, make_article):
        Article.objects.filter(column=columns["notices"]).delete()
        make_article(title="通知", column=columns["notices"], published_at=ago(days=120))
        assert codes(site_health_check(external=False), "column_stale") == []
        make_article(title="旧通知", column=columns["notices"], published_at=ago(days=200))
        Article.objects.filter(title="通知").delete()
        assert [f.subject for f in codes(site_health_check(external=False), "column_stale")] == ["公开 > 通知公告"]

    def test_drafts_and_scheduled_articles_do_not_count_as_updates(self, healthy_site, columns, make_article):
        Article.objects.filter(column=columns["headlines"]).delete()
        make_article(title="旧要闻", column=columns["headlines"], published_at=ago(days=15))
        make_article(title="草稿", column=columns["headlines"], status=ArticleStatus.DRAFT, published_at=ago(days=1))
        make_article(title="定时", column=columns["headlines"], published_at=ago(days=-3))
        assert len(codes(site_health_check(external=False), "column_stale")) == 1

    def test_five_stale_news_columns_are_a_single_veto(self, healthy_site, columns, make_article):
        Article.objects.all().delete()
        for i in range(5):
            column = Column.objects.create(
                name=f"动态{i}", slug=f"dt{i}", column_type=ColumnType.NEWS, description="d", keywords="k"
            )
            make_article(title=f"动态{i}消息", column=column, published_at=ago(days=20))
        report = site_health_check(external=False)
        assert len(codes(report, "columns_stale_veto")) == 1
        assert report.verdict.label == "单项否决"


class TestBlankColumns:
    def test_a_column_that_never_published_is_found_once(self, healthy_site):
        blank = Column.objects.create(
            name="人事信息", slug="renshi", column_type=ColumnType.PERSONNEL, description="人事", keywords="人事"
        )
        found = codes(site_health_check(external=False), "column_blank")
        assert len(found) == 1
        assert found[0].object_id == blank.pk
        assert codes(site_health_check(external=False), "column_stale") == []

    def test_a_section_whose_children_publish_is_not_blank(self, healthy_site, columns):
        _, statuses = column_statuses()
        section = next(s for s in statuses if s.column == columns["public"])
        assert not section.blank and section.published == 2

    def test_five_blank_columns_are_a_single_veto(self, healthy_site):
        for i in range(5):
            Column.objects.create(
                name=f"空{i}", slug=f"kong{i}", column_type=ColumnType.NOTICE, description="d", keywords="k"
            )
        report = site_health_check(external=False)
        assert len(codes(report, "column_blank")) == 5
        assert len(codes(report, "columns_blank_veto")) == 1
        assert report.verdict.fails


class TestHomePage:
    def test_a_home_page_whose_newest_item_is_over_two_weeks_old_is_a_single_veto(self, site, columns, make_article):
        for column in (columns["news"], columns["notices"], columns["headlines"]):
            make_article(title=f"{column.name}旧消息", column=column, published_at=ago(days=15))
        report = site_health_check(external=False)
        home = codes(report, "home_stale")
        assert len(home) == 1
        assert home[0].severity.value == "veto"
        assert report.verdict.label == "单项否决"

    def test_a_home_page_updated_yesterday_passes(self, healthy_site):
        assert codes(site_health_check(external=False), "home_stale") == []


@pytest.mark.django_db(transaction=True)
class TestUndatedArticles:
    def test_a_published_article_without_a_time_is_found_once_and_does_not_count_as_an_update(
        self, healthy_site, columns, monkeypatch
    ):
        # The database refuses such rows; data imported from an older system may
        # carry them, so the check drops the constraint to make one.
        constraint = next(c for c in Article._meta.constraints if c.name == "published_article_has_time")
        kept = list(Article._meta.constraints)
        monkeypatch.setattr(Article._meta, "constraints", [c for c in kept if c is not constraint])
        with connection.schema_editor() as editor:
            editor.remove_constraint(Article, constraint)
        try:
            undated = Article.objects.create(column=columns["headlines"], title="无时间", body="<p>正文</p>")
            Article.objects.filter(pk=undated.pk).update(status=ArticleStatus.PUBLISHED, published_at=None)
            Article.objects.filter(column=columns["headlines"]).exclude(pk=undated.pk).update(published_at=ago(days=30))
            report = site_health_check(external=False)
            found = codes(report, "article_without_time")
            assert [f.object_id for f in found] == [undated.pk]
            assert [f.subject for f in codes(report, "column_stale")] == ["政务要闻"]
        finally:
            Article.objects.filter(published_at__isnull=True, status=ArticleStatus.PUBLISHED).delete()
            monkeypatch.setattr(Article._meta, "constraints", kept)
            with connection.schema_editor() as editor:
                editor.add_constraint(Article, constraint)


class TestQueries:
    def test_the_column_checks_take_a_fixed_number_of_queries(
        self, healthy_site, columns, make_article, django_assert_max_num_queries
    ):
        for i in range(30):
            make_article(title=f"消息{i}", column=columns["news"], published_at=ago(days=i % 20, hours=1))
        # 26: a fixed number (the host-name check reads the sites once), not one per article.
        with django_assert_max_num_queries(26):
            site_health_check(external=False)


class TestWeeklyChart:
    def test_articles_are_counted_per_column_and_week_with_sub_columns_rolled_up(
        self, healthy_site, columns, make_article
    ):
        from django.utils import timezone

        from health.report import CHART_WEEKS

        child = Column.objects.create(
            name="嘎查动态",
            slug="gacha",
            parent=columns["headlines"],
            column_type=ColumnType.NEWS,
            description="d",
            keywords="k",
        )
        make_article(title="嘎查消息", column=child, published_at=ago(minutes=5))
        make_article(title="很久以前", column=columns["headlines"], published_at=ago(days=400))
        weekly = site_health_check(external=False).weekly
        assert len(weekly.weeks) == CHART_WEEKS and weekly.weeks[0].weekday() == 0
        assert weekly.weeks[-1] <= timezone.localdate() < weekly.weeks[-1] + timedelta(weeks=1)
        counts = {status.column.name: row for status, row in weekly.rows}
        assert "公开" not in counts  # a section has no deadline of its own
        assert sum(counts["嘎查动态"]) == 1 and counts["嘎查动态"][-1] == 1
        assert sum(counts["政务要闻"]) == 2  # its own article from yesterday and the sub-column's

    @pytest.mark.parametrize("day", range(15, 22))  # Monday 15 June 2026 to the Sunday
    @pytest.mark.parametrize("hour_minute", [(0, 5), (23, 55)])
    def test_the_six_month_deadline_is_inside_the_chart_on_every_day_of_the_week(
        self, healthy_site, time_machine, day, hour_minute
    ):
        from health.chart import LABEL_W, layout

        time_machine.move_to(beijing(2026, 6, day, *hour_minute), tick=False)
        report = site_health_check(external=False)
        periods = sorted(status.period.days for status, _ in report.weekly.rows)
        assert periods == [14, 14, 183]  # 苏木镇动态, 政务要闻, 通知公告
        _, _, shapes = layout(report.weekly, report.generated_at)
        deadlines = [shape for shape in shapes if shape.dashed]
        assert len(deadlines) == 3 and all(shape.x >= LABEL_W for shape in deadlines)
        assert not any(shape.text.startswith("◀ 时限") for shape in shapes)
