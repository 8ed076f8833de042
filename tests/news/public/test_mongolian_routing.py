"""The 蒙古文版 under /mn/: which pages it answers and in which language."""

import pytest
from django.utils import translation

from news.language import CHINESE
from news.models import Site
from news.public.sites import site_hosts_forget


@pytest.mark.django_db
class TestMongolianPrefix:
    def test_an_article_with_a_mongolian_version_is_shown_in_mongolian(self, client, make_mongolian_article):
        article = make_mongolian_article()
        response = client.get(f"/mn/article/{article.pk}/")
        assert response.status_code == 200
        assert response["Content-Language"] == "mn-Mong"
        assert article.title_mn in response.content.decode()

    def test_an_article_without_a_mongolian_version_is_not_found_on_the_mongolian_site(
        self, client, make_article, mongolian
    ):
        article = make_article()
        assert client.get(f"/mn/article/{article.pk}/").status_code == 404
        assert client.get(f"/article/{article.pk}/").status_code == 200

    def test_the_chinese_page_stays_chinese(self, client, make_mongolian_article):
        article = make_mongolian_article(title="中文标题")
        response = client.get(f"/article/{article.pk}/")
        assert response["Content-Language"] == "zh-CN"
        assert "中文标题" in response.content.decode()

    def test_a_site_without_a_mongolian_version_answers_404(self, client, site, make_article):
        article = make_article(title_mn="ᠮᠣᠩᠭᠣᠯ", body_mn="<p>ᠮᠣᠩᠭᠣᠯ</p>")
        assert not Site.objects.get(pk=site.pk).mongolian_enabled
        assert client.get(f"/mn/article/{article.pk}/").status_code == 404
        assert client.get("/mn/").status_code == 404

    def test_mn_without_a_slash_goes_to_the_mongolian_home_page(self, client, mongolian):
        response = client.get("/mn?x=1")
        assert response.status_code == 301
        assert response["Location"] == "/mn/?x=1"

    def test_links_on_a_mongolian_page_stay_mongolian(self, client, make_mongolian_article):
        article = make_mongolian_article()
        page = client.get("/mn/").content.decode()
        assert f'href="/mn/article/{article.pk}/"' in page

    def test_the_admin_has_no_mongolian_version(self, admin_client, mongolian):
        assert admin_client.get("/mn/admin/").status_code == 404

    def test_the_language_is_chinese_again_after_a_mongolian_request(self, client, make_mongolian_article):
        client.get("/mn/")
        assert translation.get_language() == CHINESE

    def test_a_second_site_by_prefix_has_its_own_mongolian_version(self, client, galutu, make_mongolian_article):
        make_mongolian_article()
        assert client.get("/site/galutu/mn/").status_code == 404
        galutu["site"].mongolian_enabled = True
        galutu["site"].save()
        site_hosts_forget()
        response = client.get("/site/galutu/mn/")
        assert response.status_code == 200
        assert response["Content-Language"] == "mn-Mong"


@pytest.mark.django_db
class TestMongolianVersionSaved:
    def test_the_mongolian_body_is_sanitised(self, make_mongolian_article):
        article = make_mongolian_article(body_mn='<p>ᠮᠣᠩᠭᠣᠯ<script>alert(1)</script></p><img src=x onerror="alert(2)">')
        assert "script" not in article.body_mn and "onerror" not in article.body_mn
        assert article.has_mongolian

    def test_a_title_without_a_body_is_not_a_mongolian_version(self, make_article, mongolian):
        assert not make_article(title_mn="ᠮᠣᠩᠭᠣᠯ", body_mn="<p> </p>").has_mongolian

    def test_an_empty_paragraph_is_not_a_mongolian_body(self, make_article, mongolian):
        assert not make_article(title_mn="ᠮᠣᠩᠭᠣᠯ", body_mn="<p>&nbsp;</p>").has_mongolian

    def test_clearing_the_title_alone_ends_the_mongolian_version(self, make_mongolian_article):
        article = make_mongolian_article()
        article.title_mn = ""
        article.save(update_fields=["title_mn"])
        article.refresh_from_db()
        assert not article.has_mongolian
