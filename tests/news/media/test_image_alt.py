"""Images in an article body need a 图片说明 (alt text) before the article
is submitted or published (WCAG 1.1.1); the sanitiser keeps the text."""

import pytest
from django.urls import reverse

from news.editorial.services import ImagesWithoutAltError, article_approve, article_publish, article_submit
from news.media.html import images_without_alt, sanitize_html
from news.models import Article, ArticleStatus

from ...conftest import client_for

pytestmark = pytest.mark.django_db

WITHOUT = '<p>正文。</p><figure class="image"><img src="/media/editor/2024/06/a.jpg"></figure>'
WITH = '<p>正文。</p><figure class="image"><img src="/media/editor/2024/06/a.jpg" alt="会议现场"></figure>'


class TestFindingImagesWithoutAlt:
    def test_images_without_alt_or_with_blank_alt_are_listed_by_position_and_file(self):
        body = '<img src="/m/a.jpg" alt="会场"><img src="/m/b.jpg"><img src="/m/c.jpg" alt="  ">'
        assert images_without_alt(body) == [(2, "b.jpg"), (3, "c.jpg")]

    def test_a_body_without_images_has_none(self):
        assert images_without_alt("<p>只有文字。</p>") == []

    def test_the_sanitiser_keeps_alt_text(self):
        assert 'alt="会议现场"' in sanitize_html(WITH)

    def test_a_saved_body_keeps_alt_text(self, make_draft):
        assert 'alt="会议现场"' in make_draft(body=WITH).body


class TestPublishingRefusesImagesWithoutAlt:
    def test_submitting_is_refused_naming_the_image(self, make_draft, staff):
        article = make_draft(body=WITHOUT)
        with pytest.raises(ImagesWithoutAltError) as refused:
            article_submit(article=article, actor=staff["editor"])
        assert "第 1 张图片(a.jpg)" in refused.value.messages
        assert Article.objects.get(pk=article.pk).status == ArticleStatus.DRAFT

    def test_publishing_directly_is_refused(self, make_draft, staff):
        article = make_draft(body=WITHOUT)
        with pytest.raises(ImagesWithoutAltError):
            article_publish(article=article, actor=staff["admin"])

    def test_approving_is_refused_when_the_image_lost_its_alt_after_submission(self, make_draft, staff):
        article = make_draft(body=WITH)
        article_submit(article=article, actor=staff["editor"])
        Article.objects.filter(pk=article.pk).update(body=WITHOUT)
        with pytest.raises(ImagesWithoutAltError):
            article_approve(article=Article.objects.get(pk=article.pk), actor=staff["reviewer"])

    def test_with_alt_text_the_article_goes_through(self, make_draft, staff):
        article = make_draft(body=WITH)
        assert article_submit(article=article, actor=staff["editor"]).status == ArticleStatus.SUBMITTED

    def test_the_confirmation_page_refuses_with_a_400_and_the_list(self, make_draft, staff):
        article = make_draft(body=WITHOUT)
        response = client_for(staff["editor"]).post(
            reverse("admin:news_article_workflow", args=[article.pk, "submit"]), {"remark": ""}
        )
        assert response.status_code == 400
        assert "第 1 张图片(a.jpg)" in response.content.decode()
