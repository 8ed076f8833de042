"""The preference stylesheets in the published tree, and nginx picking one
from the visitor's cookies: the pages themselves are one file for everyone."""

import urllib.request

import pytest
from django.test import Client

from publishing.services import site_extras_publish

VARIANTS = [f"{size}-{elder}" for size in ("small", "medium", "large") for elder in (0, 1)]


def served_by_the_application(font_size, elder):
    client = Client()
    client.cookies["font_size"] = font_size
    if elder:
        client.cookies["elder_mode"] = "1"
    return client.get("/preferences.css").content


def through(nginx, path, cookie=None, **headers):
    request = urllib.request.Request(nginx.url + path)
    if cookie is not None:
        request.add_header("Cookie", cookie)
    for name, value in headers.items():
        request.add_header(name.replace("_", "-"), value)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


class TestPublishedVariants:
    def test_every_combination_is_written_as_the_application_serves_it(self, published_tree, site):
        site_extras_publish()
        written = sorted(path.name for path in (published_tree / "main" / "_prefs").iterdir())
        assert written == sorted(f"{variant}.css" for variant in VARIANTS)
        for variant in VARIANTS:
            size, elder = variant.split("-")
            content = (published_tree / "main" / "_prefs" / f"{variant}.css").read_bytes()
            assert content == served_by_the_application(size, elder == "1"), variant


@pytest.mark.django_db(transaction=True)
class TestNginxPicksTheStylesheet:
    @pytest.fixture
    def tree(self, published_tree, site):
        site_extras_publish()
        prefs = published_tree / "main" / "_prefs"
        # Mark each file, so that an answer proves it came from the tree.
        for path in prefs.iterdir():
            path.write_bytes(path.read_bytes() + f"/* tree:{path.stem} */".encode())
        return prefs

    @pytest.mark.parametrize(
        ("cookie", "variant"),
        [
            (None, "medium-0"),
            ("font_size=small", "small-0"),
            ("font_size=large", "large-0"),
            ("font_size=medium; elder_mode=1", "medium-1"),
            ("elder_mode=1; font_size=large", "large-1"),
            ("elder_mode=1; font_size=small", "small-1"),
            ("elder_mode=1", "medium-1"),
            ("font_size=huge; elder_mode=1", "medium-1"),
            ("font_size=large1", "medium-0"),
            ("font_size=../../etc/passwd", "medium-0"),
            ("font_size=large; elder_mode=yes", "large-0"),
            ("font_size=large; elder_mode=10", "large-0"),
            ("font_size=large|1", "medium-0"),
            ("font_size=large;1", "large-0"),
            ("sessionid=x; font_size=small", "small-0"),
        ],
    )
    def test_the_cookies_pick_the_file(self, tree, nginx, cookie, variant):
        status, headers, body = through(nginx, "/preferences.css", cookie)
        assert status == 200
        assert body == (tree / f"{variant}.css").read_bytes()
        assert headers["Content-Type"] == "text/css; charset=utf-8"
        assert headers["Cache-Control"] == "private, no-cache"
        assert headers["Vary"] == "Cookie"

    def test_the_cache_busting_query_is_ignored(self, tree, nginx):
        _, _, body = through(nginx, "/preferences.css?v=1719999999", "font_size=large")
        assert body == (tree / "large-0.css").read_bytes()

    def test_a_revalidation_never_gets_another_variants_copy_confirmed(self, tree, nginx):
        # Variants of equal size written in the same second would share an
        # ETag and a date: the file is always sent whole.
        _, first, _ = through(nginx, "/preferences.css", "font_size=small")
        assert "ETag" not in first
        status, _, body = through(
            nginx, "/preferences.css", "font_size=large", If_Modified_Since=first["Last-Modified"]
        )
        assert status == 200 and body == (tree / "large-0.css").read_bytes()

    def test_without_the_published_file_the_application_answers(self, published_tree, site, nginx):
        status, headers, body = through(nginx, "/preferences.css", "font_size=large; elder_mode=1")
        assert status == 200 and b"--body-font: 40px;" in body and b"tree:" not in body
        assert headers["Cache-Control"] == "private, no-cache"

    def test_the_variants_are_not_pages_of_their_own(self, tree, nginx):
        with pytest.raises(urllib.error.HTTPError) as answer:
            through(nginx, "/_prefs/large-1.css")
        assert answer.value.code == 404
