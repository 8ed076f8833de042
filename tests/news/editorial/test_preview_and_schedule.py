"""Preview for staff, 404 for residents; scheduled publication on pages,
feeds and sitemap with no cron job; 索引号 with 发布机构; query counts."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.editorial.services import article_approve, article_publish, article_submit, article_withdraw

from ...conftest import client_for

pytestmark = pytest.mark.django_db


def preview_url(article):
    return reverse("news:article_preview", args=[article.pk])


class TestPreview:
    def test_staff_see_a_draft_with_the_public_article_template(self, make_draft, staff):
        article = make_draft(title="未发布的稿件", body="<p>稿件正文。</p>")
        response = client_for(staff["editor"]).get(preview_url(article))
        html = response.content.decode()
        assert response.status_code == 200
        assert [t.name for t in response.templates][0] == "news/article.html"
        assert '<h1 id="article-title" class="article-title">未发布的稿件</h1>' in html
        assert "<p>稿件正文。</p>" in html and "公众看不到" in html

    def test_the_preview_is_never_cached(self, make_draft, staff):
        response = client_for(staff["editor"]).get(preview_url(make_draft()))
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()

    def test_a_preview_shows_the_latest_save(self, make_draft, staff):
        from news.editorial.services import article_save
        from news.models import Article

        article = make_draft(title="第一版")
        client = client_for(staff["editor"])
        client.get(preview_url(article))
        fresh = Article.objects.get(pk=article.pk)
        fresh.title = "第二版"
        article_save(article=fresh, actor=staff["editor"], expected_version=fresh.version)
        assert "第二版" in client.get(preview_url(article)).content.decode()

    def test_drafts_submissions_and_withdrawn_articles_are_404_for_residents(self, make_draft, staff):
        draft = make_draft()
        submitted = article_submit(article=make_draft(), actor=staff["editor"])
        withdrawn = article_publish(article=make_draft(), actor=staff["reviewer"])
        article_withdraw(article=withdrawn, actor=staff["reviewer"], remark="下线")
        for article in (draft, submitted, withdrawn):
            assert Client().get(article.get_absolute_url()).status_code == 404

    def test_residents_cannot_open_the_preview(self, make_draft):
        response = Client().get(preview_url(make_draft()))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    def test_staff_of_another_column_cannot_preview(self, make_draft, staff):
        assert client_for(staff["other_editor"]).get(preview_url(make_draft())).status_code == 403

    def test_a_logged_in_editor_sees_no_cached_draft_on_the_public_url(self, make_draft, staff):
        article = make_draft()
        assert client_for(staff["editor"]).get(article.get_absolute_url()).status_code == 404


class TestScheduledPublication:
    def test_an_approved_article_appears_on_pages_feed_and_sitemap_at_its_time(
        self, make_draft, staff, time_machine, django_capture_on_commit_callbacks, settings, tmp_path
    ):
        from tests.ops.test_daily_tasks import worker_run

        settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"
        now = timezone.now()
        at = now + timedelta(hours=1)
        article = article_submit(article=make_draft(title="定时发布的稿件", published_at=at), actor=staff["editor"])
        with django_capture_on_commit_callbacks(execute=True):
            article_approve(article=article, actor=staff["reviewer"])
        urls = ["/", "/column/dongtai/", "/feed/", "/sitemap-articles.xml", article.get_absolute_url()]
        resident = Client()
        before = [resident.get(url) for url in urls]
        assert before[-1].status_code == 404
        assert all("定时发布的稿件" not in r.content.decode() for r in before[:3])
        assert article.get_absolute_url() not in before[3].content.decode()
        # An hour and a minute later the task queued for that time has run.
        time_machine.move_to(at + timedelta(minutes=1), tick=False)
        worker_run()
        after = [resident.get(url) for url in urls]
        assert after[-1].status_code == 200
        assert all("定时发布的稿件" in r.content.decode() for r in after[:3])
        assert article.get_absolute_url() in after[3].content.decode()


class TestDisclosureMetadata:
    def test_the_article_page_shows_the_index_number_with_the_publishing_body(self, make_draft, staff, site):
        article = article_publish(article=make_draft(), actor=staff["reviewer"])
        html = Client().get(article.get_absolute_url()).content.decode()
        assert f"<dt>索引号:</dt><dd>{article.index_number}</dd>" in html
        assert f"<dt>发布机构:</dt><dd>{site.publisher}</dd>" in html


class TestQueryCounts:
    def test_the_article_page_stays_within_six_queries(self, make_article, django_assert_max_num_queries):
        article = make_article()
        for _ in range(2):  # cold cache, then warm
            with django_assert_max_num_queries(6):
                assert Client().get(article.get_absolute_url()).status_code == 200

    def test_the_column_page_stays_within_eight_queries(self, make_article, django_assert_max_num_queries):
        for n in range(25):
            make_article(f"文章{n}")
        for _ in range(2):
            with django_assert_max_num_queries(8):
                assert Client().get("/column/dongtai/").status_code == 200
