"""nginx answers a query string from a file only when it reads it as the
application does (deploy/nginx/portal-maps.conf)."""

import urllib.request

import pytest
from django.test import Client

from publishing.services import pages_publish_waiting, site_publish_queue
from tests.conftest import beijing

MARK = b"<!-- from the published file -->"


def fetch(server, path):
    with urllib.request.urlopen(server.url + path, timeout=20) as response:
        return response.read()


@pytest.fixture
def two_pages(published_tree, make_article):
    for number in range(25):
        make_article(title=f"第{number}篇", published_at=beijing(2024, 1, 1 + number, 9, 0))
    site_publish_queue()
    pages_publish_waiting()
    for name in ("index.html", "page-2.html"):
        page = published_tree / "main" / "column" / "dongtai" / name
        page.write_bytes(page.read_bytes() + MARK)
    return published_tree


@pytest.mark.django_db(transaction=True)
class TestQueryStrings:
    @pytest.mark.parametrize("query", ["", "?from=singlemessage&isappinstalled=0", "?utm_source=x"])
    def test_parameters_the_page_ignores_are_answered_by_page_one(self, two_pages, nginx, query):
        body = fetch(nginx, f"/column/dongtai/{query}")
        assert body.endswith(MARK)
        assert "第24篇" in body.decode()

    def test_page_two_is_its_file(self, two_pages, nginx):
        body = fetch(nginx, "/column/dongtai/?page=2&from=x")
        assert body.endswith(MARK)
        assert "第4篇" in body.decode()

    @pytest.mark.parametrize(
        "query",
        ["?page=2&page=1", "?page=1&page=2", "?PAGE=2", "?Page=2", "?%70age=2", "?page=02", "?page=1"],
    )
    def test_a_query_read_differently_goes_to_the_application(self, two_pages, nginx, query):
        body = fetch(nginx, f"/column/dongtai/{query}")
        assert not body.endswith(MARK)
        assert body == Client().get(f"/column/dongtai/{query}").content
