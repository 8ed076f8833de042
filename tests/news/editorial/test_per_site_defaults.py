"""索引号 and 来源 come from the article's own site, not the default site."""

import pytest
from django.urls import reverse

from news.editorial.services import SYSTEM, article_publish
from news.models import Article, Column, ColumnType, Site, SiteMembership
from tests.conftest import beijing, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def galutu(site):
    return Site.objects.create(
        key="galutu",
        site_name="嘎鲁图镇人民政府",
        domain="galutu.example.gov.cn",
        organiser="嘎鲁图镇人民政府",
        default_source="嘎鲁图镇党政办",
        index_prefix="11150626MB7654321Y",
    )


@pytest.fixture
def galutu_news(galutu):
    return Column.objects.create(site=galutu, name="镇动态", slug="dongtai", column_type=ColumnType.NEWS)


def publish(column, title):
    article = Article(title=title, column=column, body="<p>正文。</p>")
    return article_publish(article=article, published_at=beijing(2026, 6, 1, 9), actor=SYSTEM)


class TestIndexNumbers:
    def test_two_sites_with_different_prefixes_number_their_articles_in_their_own_sequences(
        self, site, columns, galutu, galutu_news
    ):
        first_main = publish(columns["news"], "苏木一")
        first_galutu = publish(galutu_news, "镇一")
        second_galutu = publish(galutu_news, "镇二")
        second_main = publish(columns["news"], "苏木二")

        assert first_main.index_number == f"{site.index_prefix}/2026-00001"
        assert second_main.index_number == f"{site.index_prefix}/2026-00002"
        assert first_galutu.index_number == f"{galutu.index_prefix}/2026-00001"
        assert second_galutu.index_number == f"{galutu.index_prefix}/2026-00002"


class TestDefaultSource:
    def test_an_article_published_without_a_source_takes_its_sites_default_source(
        self, site, columns, galutu, galutu_news
    ):
        assert publish(galutu_news, "镇一").source == "嘎鲁图镇党政办"
        assert publish(columns["news"], "苏木一").source == site.default_source

    def test_the_new_article_form_offers_the_source_of_the_only_site_the_user_works_on(self, site, galutu, make_staff):
        editor = make_staff("galutu_editor", "编辑")
        SiteMembership.objects.filter(user=editor).delete()
        SiteMembership.objects.create(site=galutu, user=editor)

        page = client_for(editor).get(reverse("admin:news_article_add"))

        assert page.status_code == 200
        assert page.context["adminform"].form.initial["source"] == "嘎鲁图镇党政办"

    def test_the_new_article_form_offers_the_default_sites_source_to_someone_on_several_sites(
        self, site, galutu, make_staff
    ):
        editor = make_staff("both_editor", "编辑")
        for each in (site, galutu):
            SiteMembership.objects.get_or_create(site=each, user=editor)

        page = client_for(editor).get(reverse("admin:news_article_add"))

        assert page.context["adminform"].form.initial["source"] == site.default_source
