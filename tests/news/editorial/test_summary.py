"""The 摘要: while nobody writes one it is made from the body's paragraphs
again at every save (tables left out); once an editor writes one it stays.
It is the page's meta description and the RSS item's description."""

import pytest
from django.urls import reverse
from reversion.models import Version

from news.editorial.actors import SYSTEM
from news.editorial.services import article_publish, article_revert, article_save
from news.models import Article

from ...conftest import change_form_data, client_for

pytestmark = pytest.mark.django_db

TABLE = '<figure class="table"><table><tbody><tr><td>嘎查</td><td>面积</td></tr></tbody></table></figure>'


def post_form(user, article, **changes):
    article = Article.objects.get(pk=article.pk)
    response = client_for(user).post(
        reverse("admin:news_article_change", args=[article.pk]), change_form_data(article, **changes)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Article.objects.get(pk=article.pk)


class TestSummaryFollowsTheBody:
    def test_an_empty_summary_is_made_from_paragraphs_not_table_text(self, make_draft):
        article = make_draft(body=f"<h2>小标题</h2>{TABLE}<p>苏力德苏木召开会议。</p><p>会议强调防火。</p>")
        assert article.summary == "苏力德苏木召开会议。会议强调防火。"
        assert article.summary_auto

    def test_each_save_in_the_admin_makes_it_again_from_the_edited_body(self, make_draft, staff):
        article = make_draft(body="<p>初稿第一段。</p>")
        assert article.summary == "初稿第一段。"
        article = post_form(staff["editor"], article, body="<p>改后的第一段。</p>")
        assert article.summary == "改后的第一段。" and article.summary_auto
        article = post_form(staff["editor"], article, body="<p>第三次修改。</p>")
        assert article.summary == "第三次修改。"

    def test_a_summary_the_editor_writes_stays_through_later_edits(self, make_draft, staff):
        article = make_draft(body="<p>初稿。</p>")
        article = post_form(staff["editor"], article, summary="编辑写的摘要。")
        assert article.summary == "编辑写的摘要。" and not article.summary_auto
        article = post_form(staff["editor"], article, body="<p>正文又改了。</p>")
        assert article.summary == "编辑写的摘要。"

    def test_emptying_the_summary_hands_it_back_to_the_body(self, make_draft, staff):
        article = make_draft(body="<p>正文。</p>")
        article = post_form(staff["editor"], article, summary="编辑写的摘要。")
        article = post_form(staff["editor"], article, summary="", body="<p>新正文。</p>")
        assert article.summary == "新正文。" and article.summary_auto

    def test_a_long_body_is_cut_at_a_sentence_end(self, make_draft):
        article = make_draft(body="<p>" + "苏力德苏木开展草原防火宣传活动。" * 20 + "</p>")
        assert article.summary.endswith("。") and len(article.summary) <= 150

    def test_an_article_created_with_its_own_summary_keeps_it(self, columns):
        article = article_publish(
            article=Article(column=columns["news"], title="导入", body="<p>正文。</p>", summary="导入的摘要"),
            actor=SYSTEM,
        )
        article.body = "<p>改了。</p>"
        article.save()
        assert Article.objects.get(pk=article.pk).summary == "导入的摘要"

    def test_restoring_a_version_brings_back_whether_its_summary_was_written(self, make_draft, staff):
        article = make_draft(body="<p>初稿。</p>")
        post_form(staff["editor"], article, summary="编辑写的摘要。")
        first = list(Version.objects.get_for_object(article))[-1]
        restored = article_revert(article=Article.objects.get(pk=article.pk), version=first, actor=staff["editor"])
        assert restored.summary_auto and restored.summary == "初稿。"


class TestSummaryIsWhatResidentsAndReadersSee:
    def test_the_meta_description_and_the_rss_item_follow_the_edited_body(self, client, make_article, staff):
        article = make_article(body="<p>旧的第一段。</p>")
        stored = Article.objects.get(pk=article.pk)
        stored.body = "<p>新的第一段。</p>"
        article_save(article=stored, actor=staff["admin"], expected_version=article.version)
        page = client.get(article.get_absolute_url()).content.decode()
        assert '<meta name="description" content="新的第一段。">' in page
        feed = client.get(reverse("news:feed")).content.decode()
        assert "新的第一段。" in feed and "旧的第一段" not in feed


class TestExistingSummariesAtMigration:
    def test_a_summary_the_old_rule_filled_follows_the_body_and_a_written_one_stays(self, make_draft):
        from importlib import import_module

        from django.apps import apps

        from news.media.html import text_of

        migration = import_module("news.migrations.0012_summary_follows_body")
        body = f"<p>第一段。</p>{TABLE}<p>第二段。</p>"
        filled = make_draft(title="旧规则", body=body)
        written = make_draft(title="编辑写的", body=body)
        Article.objects.filter(pk=filled.pk).update(summary=text_of(body)[:150], summary_auto=True)
        Article.objects.filter(pk=written.pk).update(summary="编辑写的摘要。", summary_auto=True)
        migration.mark_written_summaries(apps, None)
        filled, written = Article.objects.get(pk=filled.pk), Article.objects.get(pk=written.pk)
        assert filled.summary_auto and filled.summary == "第一段。第二段。"
        assert not written.summary_auto and written.summary == "编辑写的摘要。"
