"""The published tree as residents get it: through a real nginx configured
with the deploy snippets, in front of a real gunicorn (tests/gunicorn.py).
Every published page is the file, byte for byte what Django serves; what has
no file is the application's answer; and the files stay readable with the
application and the database down."""

from contextlib import contextmanager

import pytest

from news.models.site import DEFAULT_SITE_KEY as DEFAULT_SITE
from publishing.paths import error_file_name, page_file_name
from tests.gunicorn import Gunicorn, unreachable_database
from tests.nginx import Nginx
from tests.publishing.conftest import SITE_NAME, anonymous_get

# The module's site is committed data (published_site); each test still runs
# in a transaction of its own, and the marker makes pytest-django create the
# test database even when a single test that reads no data runs alone.
pytestmark = pytest.mark.django_db

PAGE_NAMES = [
    "home",
    "column",
    "column page 2",
    "article",
    "site feed",
    "column feed",
    "sitemap index",
    "sitemap section",
    "robots",
    "site map",
    "mn home",
    "mn column",
    "mn article",
    "mn site feed",
    "mn column feed",
    "mn site map",
]
MEDIA_TYPES = {
    "site feed": "application/rss+xml",
    "column feed": "application/rss+xml",
    "mn site feed": "application/rss+xml",
    "mn column feed": "application/rss+xml",
    # nginx's mime.types says text/xml where Django says application/xml:
    # both are XML to every crawler; the charset is the same.
    "sitemap index": "text/xml",
    "sitemap section": "text/xml",
    "robots": "text/plain",
}


def file_of(site, path):
    return site["root"] / page_file_name(DEFAULT_SITE, path)


@contextmanager
def marked(file):
    """The file with a mark added at its end, as if rewritten; put back after."""
    original = file.read_bytes()
    file.write_bytes(original + b"<!-- marked by the test -->")
    try:
        yield b"<!-- marked by the test -->"
    finally:
        file.write_bytes(original)


def media_type(response):
    return response.headers["Content-Type"].split(";")[0].strip()


class TestPublishedPages:
    @pytest.mark.parametrize("name", PAGE_NAMES)
    def test_nginx_serves_the_bytes_django_serves_an_anonymous_visitor(self, published_site, front, name):
        path = published_site["pages"][name]
        response = front.get(path)
        assert response.status == 200
        assert response.body == published_site["served"][path]
        assert response.body == file_of(published_site, path).read_bytes()

    @pytest.mark.parametrize("name", PAGE_NAMES)
    def test_the_content_type_is_the_one_django_sends(self, published_site, front, name):
        path = published_site["pages"][name]
        response = front.get(path)
        assert media_type(response) == MEDIA_TYPES.get(name, "text/html")
        django = anonymous_get(path)["Content-Type"].replace(" ", "").lower()
        if MEDIA_TYPES.get(name) == "text/xml":
            django = django.replace("application/xml", "text/xml")
            django += "" if "charset" in django else ";charset=utf-8"
        assert response.headers["Content-Type"].replace(" ", "").lower() == django

    @pytest.mark.parametrize("name", PAGE_NAMES)
    def test_the_page_is_read_from_its_file(self, published_site, front, name):
        path = published_site["pages"][name]
        with marked(file_of(published_site, path)) as mark:
            assert front.get(path).body.endswith(mark)
        assert front.get(path).body == published_site["served"][path]


class TestWhatHasNoFile:
    """Spellings the tree does not name, and pages it does not hold, go to the
    application: residents get its answer, never a file."""

    @pytest.mark.parametrize(
        ("path", "file_path"),
        [
            ("/column/dongtai/?page=01", "/column/dongtai/"),
            ("/column/dongtai/?page=1", "/column/dongtai/"),
            ("/column/dongtai/?page=last", "/column/dongtai/?page=2"),
            ("/?page=02", "/"),
        ],
    )
    def test_another_spelling_of_a_page_is_the_applications_answer(self, published_site, front, path, file_path):
        with marked(file_of(published_site, file_path)) as mark:
            response = front.get(path)
        assert mark not in response.body
        expected = anonymous_get(path)
        assert response.status == expected.status_code
        assert response.body == expected.content

    @pytest.mark.parametrize(
        "path",
        [
            "/article/999999999/",
            "/column/no-such-column/",
            "/column/dongtai/?page=3",
            "/no-such-page.xml",
            "/sitemap-articles.xml?p=9",
        ],
    )
    def test_a_page_without_a_file_gets_the_applications_404(self, front, path):
        response = front.get(path)
        expected = anonymous_get(path)
        assert expected.status_code == 404
        assert response.status == 404
        assert response.body == expected.content
        assert "页面不存在".encode() in response.body

    def test_a_temporary_file_in_the_tree_is_never_served(self, published_site, front):
        directory = file_of(published_site, "/column/dongtai/").parent
        partial = directory / ".tmp-abc123.part"
        partial.write_bytes(b"<!doctype html><html><body>half a pa")
        try:
            for path in ("/column/dongtai/.tmp-abc123.part", "/column/dongtai/.tmp-abc123.part/"):
                response = front.get(path)
                assert response.status == 404
                assert b"half a pa" not in response.body
        finally:
            partial.unlink()


def csp_directives(value):
    """A Content-Security-Policy value as {directive: set of sources}."""
    directives = {}
    for part in value.split(";"):
        name, *sources = part.split()
        directives[name.lower()] = set(sources)
    return directives


def permissions(value):
    """A Permissions-Policy value as {feature: allow list}."""
    return dict(item.strip().split("=", 1) for item in value.split(","))


class TestSecurityHeaders:
    """deploy/nginx/portal-headers.conf must say what portal/settings says."""

    @pytest.mark.parametrize("name", ["home", "article", "site feed", "robots"])
    def test_nginx_sends_the_headers_django_sends_for_the_same_page(self, published_site, front, name):
        path = published_site["pages"][name]
        nginx = front.get(path).headers
        django = anonymous_get(path)
        assert csp_directives(nginx["Content-Security-Policy"]) == csp_directives(django["Content-Security-Policy"])
        assert permissions(nginx["Permissions-Policy"]) == permissions(django["Permissions-Policy"])
        for header in ("X-Frame-Options", "Referrer-Policy", "X-Content-Type-Options", "Cross-Origin-Opener-Policy"):
            assert nginx[header] == django[header], header
        for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options"):
            assert len(nginx.get_all(header)) == 1, header

    def test_hsts_comes_from_nginx_alone(self, published_site, front):
        # Django sends Strict-Transport-Security only over https with
        # SECURE_HSTS_SECONDS set (portal/settings/production.py); the test
        # settings run plain http, so nginx's value is checked on its own.
        path = published_site["pages"]["home"]
        assert front.get(path).headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert "Strict-Transport-Security" not in anonymous_get(path)

    def test_the_applications_own_answers_carry_its_headers_once(self, front):
        response = front.get("/column/dongtai/?page=01")
        django = anonymous_get("/column/dongtai/?page=01")
        (policy,) = response.headers.get_all("Content-Security-Policy")
        assert csp_directives(policy) == csp_directives(django["Content-Security-Policy"])
        assert response.headers.get_all("X-Frame-Options") == [django["X-Frame-Options"]]


@pytest.fixture(scope="module")
def database_down(published_site):
    """gunicorn running, its database unreachable, nginx in front."""
    application = Gunicorn(unreachable_database()).start()
    proxy = Nginx(application.port).start()
    yield application, proxy
    proxy.stop()
    application.stop()


@pytest.fixture(scope="class")
def everything_down(database_down):
    """Then gunicorn killed as a crash would (SIGKILL), its database still
    unreachable: only nginx and the tree are left."""
    application, proxy = database_down
    application.kill()
    return proxy


def tree_503(site):
    return (site["root"] / error_file_name(DEFAULT_SITE, "503")).read_bytes()


class TestDatabaseDown:
    """The application runs but cannot reach its database."""

    def test_every_published_page_is_still_served(self, published_site, database_down):
        _, proxy = database_down
        for path in published_site["pages"].values():
            response = proxy.get(path)
            assert response.status == 200, path
            assert response.body == published_site["served"][path], path

    def test_search_gets_the_applications_own_503(self, published_site, database_down):
        _, proxy = database_down
        response = proxy.get("/search/?q=%E5%8A%A8%E6%80%81")
        assert response.status == 503
        assert response.headers["Retry-After"] == "30"
        assert "服务暂时不可用".encode() in response.body
        assert response.body != tree_503(published_site)  # Django's page, not the tree's

    def test_the_admin_says_the_database_is_unreachable(self, database_down):
        _, proxy = database_down
        response = proxy.get("/admin/login/")
        assert response.status == 503
        assert response.headers["Retry-After"] == "30"
        assert "数据库暂时无法连接".encode() in response.body


class TestApplicationAndDatabaseDown:
    def test_every_published_page_is_still_served(self, published_site, everything_down):
        for path in published_site["pages"].values():
            response = everything_down.get(path)
            assert response.status == 200, path
            assert response.body == published_site["served"][path], path

    @pytest.mark.parametrize("path", ["/search/?q=%E5%8A%A8%E6%80%81", "/admin/", "/admin/login/", "/article/999999/"])
    def test_what_needs_the_application_gets_the_sites_styled_503(self, published_site, everything_down, path):
        response = everything_down.get(path)
        assert response.status == 503
        assert response.headers["Retry-After"] == "30"
        assert response.headers["Cache-Control"] == "no-store"
        assert response.body == tree_503(published_site)
        page = response.body.decode()
        assert SITE_NAME in page and "服务暂时不可用" in page
        assert 'href="/static/css/portal.css"' in page
        assert everything_down.get("/static/css/portal.css").status == 200
