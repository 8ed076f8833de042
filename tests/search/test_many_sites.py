"""A site's search finds its own articles; the banner's portal
(Site.is_platform) searches every site, with a 站点 filter, each result
named and linked on its own site."""

import re

import pytest

from news.models import Column, ColumnType, Site

from ..conftest import beijing

pytestmark = pytest.mark.django_db

GALUTU_HOST = "galutu.example.gov.cn"


@pytest.fixture
def galutu(site):
    return Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain=GALUTU_HOST, organiser="嘎鲁图镇人民政府"
    )


@pytest.fixture
def articles(make_article, galutu):
    column = Column.objects.create(site=galutu, name="镇动态", slug="dongtai", column_type=ColumnType.NEWS)
    return {
        "main": make_article("苏力德苏木开展草原防火演练", published_at=beijing(2024, 6, 1, 9)),
        "galutu": make_article("嘎鲁图镇开展草原防火检查", column=column, published_at=beijing(2024, 6, 2, 9)),
    }


@pytest.fixture
def platform(site):
    site.is_platform = True
    site.save()
    return site


def linked(response):
    """The result links, in order."""
    return re.findall(r'<li class="search-result">\s*<h2><a href="([^"]+)"', response.content.decode())


class TestASitesOwnSearch:
    def test_a_township_site_finds_only_its_own_articles(self, client, articles):
        response = client.get("/search/", {"q": "草原防火"}, HTTP_HOST=GALUTU_HOST)
        assert linked(response) == [f"/article/{articles['galutu'].pk}/"]

    def test_the_default_site_that_is_no_platform_finds_only_its_own_articles(self, client, articles):
        response = client.get("/search/", {"q": "草原防火"})
        assert linked(response) == [f"/article/{articles['main'].pk}/"]
        assert "站点" not in response.context["form"].fields

    def test_a_site_reached_by_its_path_prefix_links_within_the_prefix(self, client, articles):
        response = client.get("/site/galutu/search/", {"q": "草原防火"})
        assert linked(response) == [f"/site/galutu/article/{articles['galutu'].pk}/"]

    def test_a_site_filter_given_to_a_township_site_is_ignored(self, client, articles):
        response = client.get("/search/", {"q": "草原防火", "site": "main"}, HTTP_HOST=GALUTU_HOST)
        assert linked(response) == [f"/article/{articles['galutu'].pk}/"]


class TestTheBannersSearch:
    def test_it_finds_every_sites_articles_each_named_and_linked_on_its_own_site(self, client, platform, articles):
        response = client.get("/search/", {"q": "草原防火", "sort": "date"})

        assert linked(response) == [
            f"https://{GALUTU_HOST}/article/{articles['galutu'].pk}/",
            f"/article/{articles['main'].pk}/",
        ]
        page = response.content.decode()
        assert "站点:嘎鲁图镇人民政府" in page and f"站点:{platform.site_name}" in page
        assert f'href="https://{GALUTU_HOST}/column/dongtai/"' in page

    def test_reached_by_a_path_prefix_it_links_other_sites_through_their_prefix(self, client, platform, articles):
        response = client.get("/site/main/search/", {"q": "草原防火", "sort": "date"})
        assert linked(response) == [
            f"/site/galutu/article/{articles['galutu'].pk}/",
            f"/site/main/article/{articles['main'].pk}/",
        ]

    def test_the_site_filter_lists_every_site_and_narrows_to_one(self, client, platform, articles):
        response = client.get("/search/", {"q": "草原防火", "site": "galutu"})

        choices = dict(response.context["form"].fields["site"].choices)
        assert choices == {"": "全部站点", "main": platform.site_name, "galutu": "嘎鲁图镇人民政府"}
        assert linked(response) == [f"https://{GALUTU_HOST}/article/{articles['galutu'].pk}/"]
        assert '<option value="galutu" selected>嘎鲁图镇人民政府</option>' in response.content.decode()

    def test_filtered_to_its_own_site_it_finds_only_its_own_articles(self, client, platform, articles):
        response = client.get("/search/", {"q": "草原防火", "site": "main"})
        assert linked(response) == [f"/article/{articles['main'].pk}/"]
        assert "站点:" not in response.content.decode()

    def test_an_unknown_site_is_answered_with_a_clear_message_and_no_results(self, client, platform, articles):
        response = client.get("/search/", {"q": "草原防火", "site": "nowhere"})
        assert response.status_code == 400
        assert "没有这个站点,请从列表中选择。" in response.content.decode()
        assert linked(response) == []

    def test_a_cached_result_page_changes_when_another_site_publishes(self, client, platform, articles, make_article):
        assert len(linked(client.get("/search/", {"q": "草原防火"}))) == 2
        galutu_column = articles["galutu"].column
        make_article("嘎鲁图镇草原防火宣传", column=galutu_column, published_at=beijing(2024, 6, 3, 9))

        assert len(linked(client.get("/search/", {"q": "草原防火"}))) == 3

    def test_a_cached_result_page_is_served_again_while_nothing_changes(
        self, client, platform, articles, django_assert_max_num_queries
    ):
        client.get("/search/", {"q": "草原防火"})
        with django_assert_max_num_queries(3):
            response = client.get("/search/", {"q": "草原防火"})
        assert len(linked(response)) == 2
