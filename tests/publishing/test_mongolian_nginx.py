"""The 蒙古文版 through a real nginx with the deploy snippets: its pages are
the tree's files under <site>/mn/, byte for byte what Django serves; the
addresses only the application answers (search, the view counter, the
reading-preference switches) reach it under /mn/ too; a site without a
蒙古文版 answers /mn/ with the application's 404."""

from urllib.parse import quote, urlsplit

import pytest
from django.test import Client

from publishing.services import pages_publish_waiting, site_publish_queue
from tests.conftest import MN_TITLE
from tests.nginx import Nginx, free_port

HOST = "www.example.gov.cn"


def anonymous_get(path):
    return Client(HTTP_HOST=HOST).get(path)


def rebuild():
    site_publish_queue()
    assert pages_publish_waiting()[1] == 0


@pytest.fixture
def front(live_server, published_tree):
    server = Nginx(urlsplit(live_server.url).port).start()
    yield server
    server.stop()


@pytest.fixture
def without_application(published_tree):
    """nginx with nothing listening where gunicorn should be: what it answers comes from the tree."""
    server = Nginx(free_port()).start()
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
class TestMongolianPages:
    @pytest.mark.parametrize("path", ["/mn/", "/mn/column/dongtai/", "/mn/feed/", "article"])
    def test_a_mongolian_page_is_its_file_byte_for_byte(
        self, without_application, published_tree, make_mongolian_article, path
    ):
        article = make_mongolian_article()
        rebuild()
        path = f"/mn/article/{article.pk}/" if path == "article" else path
        response = without_application.get(path)
        assert response.status == 200
        assert response.body == anonymous_get(path).content
        name = path.lstrip("/") + ("index.xml" if path.endswith("/feed/") else "index.html")
        assert response.body == (published_tree / "main" / name).read_bytes()
        if path.startswith("/mn/article/"):
            assert MN_TITLE in response.body.decode()

    def test_the_preference_stylesheet_of_a_mongolian_page_comes_from_the_tree(
        self, without_application, published_tree, mongolian
    ):
        rebuild()
        response = without_application.get(
            "/mn/preferences.css?v=1", headers={"Cookie": "font_size=large; elder_mode=1"}
        )
        assert response.status == 200
        assert response.body == (published_tree / "main" / "_prefs" / "large-1.css").read_bytes()
        assert (
            response.body
            == Client().get("/mn/preferences.css", headers={"Cookie": "font_size=large; elder_mode=1"}).content
        )


@pytest.mark.django_db(transaction=True)
class TestMongolianAddressesOfTheApplication:
    def test_a_mongolian_search_reaches_the_application(self, front, make_mongolian_article):
        rebuild()
        response = front.get("/mn/search/?q=" + quote("ᠰᠤᠮᠤ"))
        assert response.status == 200
        assert response.headers["Content-Language"] == "mn-Mong"  # set by Django only
        assert 'lang="mn-Mong"' in response.body.decode()

    def test_the_view_counter_and_the_preference_switches_reach_the_application(self, front, make_mongolian_article):
        article = make_mongolian_article()
        rebuild()
        switch = front.get("/mn/preferences/font/large/", headers={"Referer": f"http://{HOST}/mn/"})
        assert switch.status == anonymous_get("/mn/preferences/font/large/").status_code
        assert "Content-Language" in switch.headers
        beacon = front.get(f"/mn/views/article/{article.pk}/")
        assert beacon.headers.get("Content-Language") == "mn-Mong"

    def test_mn_of_a_site_without_a_mongolian_version_is_the_applications_404(self, front, make_article):
        article = make_article(title_mn=MN_TITLE, body_mn="<p>ᠰᠤᠮᠤ</p>")
        rebuild()
        for path in ("/mn/", f"/mn/article/{article.pk}/", "/mn/search/?q=x"):
            response = front.get(path)
            assert response.status == 404, path
            assert "页面不存在".encode() in response.body
