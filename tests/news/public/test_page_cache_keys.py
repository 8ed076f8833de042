"""The page cache keys on what a page reads, so that random query parameters
cannot fill it, and the copy it serves never carries someone else's parameters.
Search pages, one per query, are stored only up to a budget."""

import secrets

import pytest
from django.core.cache import cache

import news.public.pages
import search.views

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_page_keys(monkeypatch):
    """The keys of the rendered pages the cache is asked to store."""
    keys = set()
    real_set = cache.set

    def recording_set(key, *args, **kwargs):
        if key.startswith("page:"):
            keys.add(key)
        return real_set(key, *args, **kwargs)

    monkeypatch.setattr(news.public.pages.cache, "set", recording_set)
    cache.clear()
    return keys


def random_parameters():
    return {f"p{secrets.token_hex(4)}": secrets.token_hex(8)}


class TestRandomParameters:
    @pytest.mark.parametrize("url", ["/", "/column/dongtai/", "/search/?q=统战"])
    def test_a_thousand_random_parameters_add_one_entry_at_most(
        self, client, columns, make_article, stored_page_keys, url
    ):
        make_article("统战工作会议")
        for _ in range(1000):
            assert client.get(url, random_parameters()).status_code == 200
        assert len(stored_page_keys) == 1

    def test_a_random_parameter_is_served_the_plain_page(self, client, columns, make_article, stored_page_keys):
        make_article("统战工作会议")
        plain = client.get("/column/dongtai/").content
        assert client.get("/column/dongtai/", {"utm_source": "wechat"}).content == plain

    def test_a_cached_page_never_carries_the_first_visitors_parameters(self, client, columns, make_article):
        make_article("统战工作会议")
        client.get("/column/dongtai/", {"evil": "attacker-marker"})
        assert "attacker-marker" not in client.get("/column/dongtai/").content.decode()
        client.get("/search/", {"q": "统战", "evil": "attacker-marker"})
        assert "attacker-marker" not in client.get("/search/", {"q": "统战"}).content.decode()

    def test_one_page_number_written_many_ways_is_one_entry(self, client, columns, make_article, stored_page_keys):
        make_article("统战工作会议")
        plain = client.get("/column/dongtai/").content
        page_one = client.get("/column/dongtai/", {"page": "1"}).content
        for spelling in ["01", "0001"]:  # read as 1, kept as "1"
            response = client.get("/column/dongtai/", {"page": spelling})
            assert response.status_code == 200 and response.content == page_one, spelling
        for spelling in [" 1", "1 ", "+1", "1_0", "١", "x"]:  # not plain digits: no such page
            assert client.get("/column/dongtai/", {"page": spelling}).status_code == 404, spelling
        assert client.get("/column/dongtai/").content == plain
        assert len(stored_page_keys) == 2  # the plain page and ?page=1

    def test_a_repeated_parameter_is_one_entry(self, client, columns, make_article, stored_page_keys):
        make_article("统战工作会议")
        client.get("/column/dongtai/?page=1")
        client.get("/column/dongtai/?page=1&page=1&page=1")
        assert len(stored_page_keys) == 1


class TestParametersAPageReads:
    @pytest.fixture
    def two_pages(self, make_article, columns):
        return [make_article(f"动态第{n}篇") for n in range(25)]

    def test_page_two_of_a_column_gets_its_own_entry(self, client, two_pages, stored_page_keys):
        first = client.get("/column/dongtai/").content.decode()
        second = client.get("/column/dongtai/", {"page": 2}).content.decode()
        assert len(stored_page_keys) == 2
        assert first != second
        assert "动态第0篇" in second and "动态第0篇" not in first

    def test_search_filters_each_get_their_own_entry(self, client, columns, make_article, stored_page_keys):
        make_article("统战工作会议")
        for params in (
            {"q": "统战"},
            {"q": "会议"},
            {"q": "统战", "sort": "date"},
            {"q": "统战", "column": "dongtai"},
            {"q": "统战", "start": "2020-01-01"},
            {"q": "统战", "end": "2030-01-01"},
        ):
            assert client.get("/search/", params).status_code == 200
        assert len(stored_page_keys) == 6

    def test_reading_preferences_share_one_entry(self, client, columns, stored_page_keys):
        client.get("/")
        client.cookies["elder_mode"] = "1"
        client.get("/")
        client.cookies["font_size"] = "large"
        client.get("/")
        assert len(stored_page_keys) == 1

    def test_staff_pages_keep_every_parameter(self, client, columns, admin_user):
        client.force_login(admin_user)
        page = client.get("/column/dongtai/", {"marker": "staff-marker"}).content.decode()
        assert "staff-marker" in page


class TestSearchQueryBudget:
    """Every distinct query is a page of its own: without a budget, anyone
    could fill the cache (and push the home page out) with random queries."""

    def test_a_thousand_distinct_random_queries_do_not_store_a_thousand_pages(
        self, client, columns, make_article, stored_page_keys, settings
    ):
        make_article("统战工作会议")
        for _ in range(1000):
            assert client.get("/search/", {"q": secrets.token_hex(6)}).status_code == 200
        assert len(stored_page_keys) == settings.SEARCH_PAGE_CACHE_LIMIT < 1000

    def test_queries_past_the_budget_are_still_answered_in_full(
        self, client, columns, make_article, stored_page_keys, settings
    ):
        settings.SEARCH_PAGE_CACHE_LIMIT = 3
        article = make_article("统战工作会议")
        for word in ("草原", "教育", "培训", "公示"):
            client.get("/search/", {"q": word})
        page = client.get("/search/", {"q": "统战"})
        assert page.status_code == 200
        assert f'href="{article.get_absolute_url()}"' in page.content.decode()
        assert len(stored_page_keys) == 3

    def test_a_search_within_the_budget_is_served_from_the_cache(
        self, client, columns, make_article, stored_page_keys, monkeypatch
    ):
        make_article("统战工作会议")
        first = client.get("/search/", {"q": "统战"}).content

        def not_searched_again(*args, **kwargs):
            raise AssertionError("the stored page should have been served")

        monkeypatch.setattr(search.views, "SearchResults", not_searched_again)
        assert client.get("/search/", {"q": "统战"}).content == first

    def test_the_search_page_without_a_query_is_stored_even_past_the_budget(
        self, client, columns, stored_page_keys, settings
    ):
        settings.SEARCH_PAGE_CACHE_LIMIT = 0
        client.get("/search/", {"q": "统战"})
        assert stored_page_keys == set()
        client.get("/search/")
        assert len(stored_page_keys) == 1

    def test_a_content_change_starts_a_new_budget(self, client, columns, make_article, stored_page_keys, settings):
        settings.SEARCH_PAGE_CACHE_LIMIT = 1
        make_article("统战工作会议")
        client.get("/search/", {"q": "统战"})
        client.get("/search/", {"q": "会议"})
        assert len(stored_page_keys) == 1
        make_article("草原保护培训")  # publishing bumps the content version
        client.get("/search/", {"q": "草原"})
        assert len(stored_page_keys) == 2

    def test_the_budget_is_the_search_pages_alone(self, client, columns, make_article, stored_page_keys, settings):
        settings.SEARCH_PAGE_CACHE_LIMIT = 0
        make_article("统战工作会议")
        client.get("/")
        client.get("/column/dongtai/", {"page": 1})
        assert len(stored_page_keys) == 2
