"""What residents may see, and what an article looks like once saved."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from imports.services import ImportedArticle, article_import
from news.bench_data import bench_articles_seed
from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish, article_save, article_withdraw
from news.models import Article, ArticleStatus

from ...conftest import beijing, change_form_data, client_for

pytestmark = pytest.mark.django_db


class TestPublishedQueryset:
    def test_published_articles_with_a_past_time_are_public(self, make_article):
        article = make_article()
        assert list(Article.objects.published()) == [article]

    def test_drafts_are_not_public(self, make_article):
        make_article(status=ArticleStatus.DRAFT)
        assert not Article.objects.published().exists()

    def test_articles_scheduled_for_the_future_are_not_public_yet(self, make_article):
        make_article(published_at=timezone.now() + timedelta(hours=1))
        assert not Article.objects.published().exists()

    def test_unpublished_articles_leave_the_public_site(self, make_article):
        article = make_article()
        article_withdraw(article=article, actor=SYSTEM, remark="撤稿")
        assert not Article.objects.published().exists()

    def test_a_published_article_must_have_a_publication_time(self, columns):
        with pytest.raises(IntegrityError):
            Article.objects.create(title="无时间", column=columns["news"], body="x", status=ArticleStatus.PUBLISHED)


class TestSaving:
    def test_body_is_sanitised_when_saved(self, make_article):
        article = make_article(
            body='<p onclick="x()">好<script>alert(1)</script></p><a href="javascript:alert(1)">链接</a>'
            '<img src="data:image/png;base64,AAAA" alt="a"><iframe src="https://evil.example"></iframe>'
        )
        article.refresh_from_db()
        assert "script" not in article.body
        assert "onclick" not in article.body
        assert "javascript:" not in article.body
        assert "data:" not in article.body
        assert "iframe" not in article.body
        assert "<p>好</p>" in article.body

    def test_allowed_markup_is_kept(self, make_article):
        body = (
            '<h2>小标题</h2><p style="text-align: center">居中</p><table><tbody><tr><td colspan="2">表</td></tr>'
            '</tbody></table><a href="https://www.gov.cn/">国务院</a>'
        )
        article = make_article(body=body)
        assert "<h2>小标题</h2>" in article.body
        assert 'style="text-align:center"' in article.body
        assert '<td colspan="2">表</td>' in article.body
        assert 'href="https://www.gov.cn/"' in article.body

    def test_summary_defaults_to_the_start_of_the_body_text(self, make_article):
        article = make_article(body="<p>第一段。</p><p>第二段。</p>")
        assert article.summary == "第一段。第二段。"


class TestSourceDefault:
    """An article nobody gave a 来源 takes the site's default source; the
    services that write articles set it, not Article.save()."""

    def test_a_published_article_without_source_takes_the_site_default(self, make_article, site):
        assert make_article().source == site.default_source

    def test_an_explicit_source_is_kept(self, make_article):
        assert make_article(source="乌审旗融媒体中心").source == "乌审旗融媒体中心"

    def test_a_draft_an_editor_saves_without_source_takes_the_site_default(self, make_draft, site):
        assert Article.objects.get(pk=make_draft().pk).source == site.default_source

    def test_an_edit_that_empties_the_source_brings_the_default_back(self, make_draft, staff, site):
        stored = Article.objects.get(pk=make_draft(source="旗融媒体中心").pk)
        stored.source = "  "
        article_save(article=stored, actor=staff["editor"], expected_version=stored.version)
        assert Article.objects.get(pk=stored.pk).source == site.default_source

    def test_the_default_follows_the_site_settings(self, make_draft, site):
        site.default_source = ""
        site.save()
        assert Article.objects.get(pk=make_draft().pk).source == site.organiser

    def test_saving_the_model_itself_leaves_the_source_alone(self, columns):
        article = Article(title="直接保存", column=columns["news"], body="<p>正文。</p>")
        article.save()
        assert Article.objects.get(pk=article.pk).source == ""

    def test_the_admin_add_form_offers_the_site_default(self, staff, site):
        page = client_for(staff["editor"]).get(reverse("admin:news_article_add")).content.decode()
        assert f'name="source" value="{site.default_source}"' in page

    def test_an_article_added_in_the_admin_with_the_source_emptied_gets_the_default(self, staff, columns, site):
        article = Article(column=columns["news"], title="后台新建无来源", body="<p>正文。</p>")
        client_for(staff["editor"]).post(reverse("admin:news_article_add"), change_form_data(article, source=""))
        assert Article.objects.get(title="后台新建无来源").source == site.default_source

    def test_an_imported_article_without_source_takes_the_site_default(self, columns, site):
        record = ImportedArticle(
            title="导入无来源",
            column=columns["news"],
            body="<p>正文。</p>",
            source_url="/old/1.html",
            published_at=beijing(2024, 6, 7, 18, 49),
        )
        article_import(record=record)
        assert Article.objects.get(title="导入无来源").source == site.default_source

    def test_benchmark_articles_take_the_site_default(self, site):
        bench_articles_seed(3)
        # The benchmark fills 苏力德苏木's site (here the fixture's); the demo
        # loaded beside it has articles of its own on the other sites.
        seeded = Article.objects.filter(column__site=site)
        assert seeded.count() == 4  # the seed article and three more
        assert set(seeded.values_list("source", flat=True)) == {site.source}


class TestIndexNumber:
    def test_first_publication_gives_prefix_year_and_running_number(self, make_article, site):
        first = make_article(published_at=beijing(2024, 6, 7, 18, 49))
        second = make_article(published_at=beijing(2024, 7, 1, 9, 0))
        assert first.index_number == "11150626MB1234567X/2024-00001"
        assert second.index_number == "11150626MB1234567X/2024-00002"

    def test_the_running_number_starts_again_each_year(self, make_article):
        make_article(published_at=beijing(2024, 12, 31, 23, 0))
        assert make_article(published_at=beijing(2025, 1, 1, 8, 0)).index_number.endswith("/2025-00001")

    def test_the_year_is_the_beijing_year(self, make_article):
        # 2024-12-31 16:30 UTC is already 2025 in Beijing.
        article = make_article(published_at=beijing(2025, 1, 1, 0, 30))
        assert "/2025-" in article.index_number

    def test_the_index_number_never_changes_once_given(self, make_article, site):
        article = make_article()
        given = article.index_number
        article_withdraw(article=article, actor=SYSTEM, remark="撤稿")
        site.index_prefix = "CHANGED"
        site.save()
        article_publish(article=article, published_at=beijing(2026, 1, 1, 8, 0), actor=SYSTEM)
        article.refresh_from_db()
        assert article.index_number == given

    def test_drafts_have_no_index_number(self, make_article):
        assert make_article(status=ArticleStatus.DRAFT).index_number is None


class TestNeighbours:
    def test_previous_and_next_are_in_the_same_column_by_time(self, make_article, columns):
        older = make_article("旧", published_at=beijing(2024, 1, 1, 8, 0))
        middle = make_article("中", published_at=beijing(2024, 2, 1, 8, 0))
        newer = make_article("新", published_at=beijing(2024, 3, 1, 8, 0))
        make_article("别的栏目", column=columns["notices"], published_at=beijing(2024, 2, 15, 8, 0))
        make_article("草稿", status=ArticleStatus.DRAFT, published_at=beijing(2024, 2, 10, 8, 0))
        assert middle.neighbours() == (older, newer)
        assert older.neighbours() == (None, middle)

    def test_articles_at_the_same_minute_are_ordered_by_id(self, make_article):
        first = make_article("一")
        second = make_article("二")
        assert first.neighbours() == (None, second)
        assert second.neighbours() == (first, None)
