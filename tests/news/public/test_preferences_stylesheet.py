"""Reading preferences (大/中/小, 关怀版) without a copy of each page per
preference: every page is the same for every visitor, and /preferences.css,
picked by the cookies, carries the rules."""

import re

import pytest

BODY_FONT = {
    ("small", False): "14px",
    ("medium", False): "16px",
    ("large", False): "20px",
    ("small", True): "24px",
    ("medium", True): "30px",
    ("large", True): "40px",
}
COMBINATIONS = [pytest.param(size, elder, id=f"{size}-{'elder' if elder else 'normal'}") for size, elder in BODY_FONT]


def stylesheet(client, font_size=None, elder_mode=None):
    for name, value in (("font_size", font_size), ("elder_mode", elder_mode)):
        if value is None:
            client.cookies.pop(name, None)
        else:
            client.cookies[name] = value
    response = client.get("/preferences.css")
    assert response.status_code == 200
    return response


def body_font(css):
    return re.search(r"--body-font: (\d+px);", css).group(1)


class TestThePreferenceStylesheet:
    @pytest.mark.parametrize(("size", "elder"), COMBINATIONS)
    def test_each_cookie_combination_gets_its_rules(self, client, size, elder):
        css = stylesheet(client, size, "1" if elder else None).content.decode()
        assert body_font(css) == BODY_FONT[size, elder]
        assert f'.font-control a[data-font-size="{size}"]' in css
        assert ("--target: 60px" in css) is elder
        assert ("large-cursor.svg" in css) is elder
        assert (".mode-switch-off { display: inline-flex; }" in css) is elder

    def test_no_cookie_is_medium_without_elder_mode(self, client):
        css = stylesheet(client).content.decode()
        assert body_font(css) == "16px" and "--target: 60px" not in css

    @pytest.mark.parametrize(
        ("font_size", "elder_mode"),
        [
            ("huge", None),
            ("LARGE", None),
            ("large ", None),
            ('"><script>', None),
            (None, "yes"),
            (None, "0"),
            (None, "11"),
        ],
    )
    def test_unknown_cookie_values_fall_back_to_the_default(self, client, font_size, elder_mode):
        default = stylesheet(client).content
        assert stylesheet(client, font_size, elder_mode).content == default

    def test_an_unknown_size_keeps_elder_mode(self, client):
        css = stylesheet(client, "huge", "1").content.decode()
        assert body_font(css) == "30px"

    def test_no_browser_or_proxy_keeps_one_visitors_stylesheet_for_another(self, client):
        response = stylesheet(client, "large", "1")
        assert response["Content-Type"] == "text/css; charset=utf-8"
        assert response["Cache-Control"] == "private, no-cache"
        assert "Cookie" in response["Vary"]

    def test_it_answers_without_the_database(self, client):
        # No db fixture: pytest-django makes any query fail this test.
        assert b"--target: 60px" in stylesheet(client, "small", "1").content

    def test_the_cache_busting_query_is_ignored(self, client):
        client.cookies["font_size"] = "large"
        assert client.get("/preferences.css", {"v": "123"}).content == client.get("/preferences.css").content


class TestPagesAreTheSameForEveryCookie:
    @pytest.fixture
    def paths(self, make_article, columns):
        article = make_article("苏木召开会议")
        return [
            "/",
            columns["news"].get_absolute_url(),
            article.get_absolute_url(),
            "/sitemap/",
            "/search/?q=会议",
            "/column/no-such-column/",
        ]

    def test_every_preference_cookie_gets_the_same_bytes(self, client, paths):
        for path in paths:
            client.cookies.clear()
            first = client.get(path)
            for size in ("small", "medium", "large", "huge"):
                for elder in ("1", "0"):
                    client.cookies["font_size"] = size
                    client.cookies["elder_mode"] = elder
                    response = client.get(path)
                    assert response.status_code == first.status_code, path
                    assert response.content == first.content, (path, size, elder)

    def test_pages_link_the_preference_stylesheet_after_the_portal_one(self, client, paths):
        html = client.get(paths[2]).content.decode()
        portal = html.index("/static/css/portal.css")
        preferences = html.index('<link rel="stylesheet" href="/preferences.css" data-preferences>')
        assert portal < preferences < html.index("/static/css/print.css")

    def test_no_size_is_marked_current_in_the_page(self, client, paths):
        client.cookies["font_size"] = "large"
        html = client.get(paths[2]).content.decode()
        assert 'data-font-size="large"' in html
        assert not re.search(r'data-font-size="\w+"[^>]*aria-current', html)
