"""The page cache keys on what a page reads, so that random query parameters
cannot fill it, and the copy it serves never carries someone else's parameters."""

import secrets

import pytest
from django.core.cache import cache

import news.public.pages

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

    def test_reading_preferences_still_get_their_own_entry(self, client, columns, stored_page_keys):
        client.get("/")
        client.cookies["elder_mode"] = "1"
        client.get("/")
        client.cookies["font_size"] = "large"
        client.get("/")
        assert len(stored_page_keys) == 3

    def test_staff_pages_keep_every_parameter(self, client, columns, admin_user):
        client.force_login(admin_user)
        page = client.get("/column/dongtai/", {"marker": "staff-marker"}).content.decode()
        assert "staff-marker" in page
