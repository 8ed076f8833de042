"""Many sites cost the public pages nothing: with two sites routed by host
name (or by /site/<key>/), every page runs exactly the queries it runs on
a single site, within the budgets of test_public_pages.TestQueryCounts,
and once the host names are read, routing adds no query to a request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from news.models import Article, Column, ColumnType, Site
from tests.conftest import beijing

GALUTU_HOST = "galutu.example.gov.cn"
MAIN_HOST = "www.example.gov.cn"
# test_public_pages.TestQueryCounts and TestPageCache: (first request, cached).
BUDGETS = {"home": (8, 1), "column": (8, 1), "column page 3": (8, 1), "article": (6, 3)}


def fill(make_article, news, notices):
    for day in range(1, 31):
        make_article(f"文章{day}", column=news, published_at=beijing(2024, 5, day, 8, 0))
        make_article(f"公告{day}", column=notices, published_at=beijing(2024, 5, day, 9, 0))
    return Article.objects.published().filter(column=news).order_by("published_at")[10]


def pages(article):
    return {
        "home": "/",
        "column": "/column/dongtai/",
        "column page 3": "/column/gongkai/?page=3",
        "article": f"/article/{article.pk}/",
        "feed": "/feed/",
        "sitemap": "/sitemap-articles.xml",
    }


def query_counts(client, paths, host, prefix=""):
    """page -> (queries of the first request, of the same request again)."""
    counts = {}
    for name, path in paths.items():
        cache.clear()  # the page cache; the host names stay read (per process)
        with CaptureQueriesContext(connection) as first:
            assert client.get(prefix + path, HTTP_HOST=host).status_code == 200, path
        with CaptureQueriesContext(connection) as again:
            assert client.get(prefix + path, HTTP_HOST=host).status_code == 200, path
        counts[name] = (len(first), len(again))
    return counts


@pytest.fixture(autouse=True)
def script_prefix_restored():
    """A /site/<key>/ request leaves its prefix as this thread's script
    prefix (news.public.sites): reverse() in later tests must not see it."""
    yield
    set_script_prefix("/")


@pytest.fixture
def galutu(site):
    """The same column tree as the first site's (tests/conftest.py columns)."""
    other = Site.objects.create(
        key="galutu", site_name="嘎鲁图镇人民政府", domain=GALUTU_HOST, organiser="嘎鲁图镇人民政府"
    )
    public = Column.objects.create(name="公开", slug="gongkai", column_type=ColumnType.SECTION, order=1, site=other)
    news = Column.objects.create(
        name="嘎鲁图镇动态", slug="dongtai", parent=public, column_type=ColumnType.NEWS, order=1, site=other
    )
    notices = Column.objects.create(
        name="通知公告", slug="tongzhi", parent=public, column_type=ColumnType.NOTICE, site=other
    )
    Column.objects.create(name="要闻", slug="yaowen", column_type=ColumnType.NEWS, order=2, site=other)
    return {"news": news, "notices": notices}


class TestQueryCountsWithTwoSites:
    def test_every_page_runs_the_single_sites_queries_on_either_host(
        self, client, make_article, columns, django_assert_num_queries, request
    ):
        main_article = fill(make_article, columns["news"], columns["notices"])
        main_pages = pages(main_article)
        client.get("/", HTTP_HOST=MAIN_HOST)  # the host names read: warm
        single = query_counts(client, main_pages, MAIN_HOST)
        for name, (first, again) in BUDGETS.items():
            assert single[name][0] <= first and single[name][1] <= again, name

        galutu = request.getfixturevalue("galutu")
        galutu_pages = pages(fill(make_article, galutu["news"], galutu["notices"]))
        client.get("/", HTTP_HOST=GALUTU_HOST)  # a site was added: the host names are read again, once
        assert query_counts(client, main_pages, MAIN_HOST) == single
        assert query_counts(client, galutu_pages, GALUTU_HOST) == single
        assert query_counts(client, galutu_pages, "testserver", prefix="/site/galutu") == single

    def test_a_cached_page_on_another_sites_host_runs_one_query_once_warm(
        self, client, make_article, galutu, django_assert_num_queries
    ):
        make_article("嘎鲁图镇的文章", column=galutu["news"])
        client.get("/", HTTP_HOST=GALUTU_HOST)
        client.get("/column/dongtai/", HTTP_HOST=GALUTU_HOST)
        for _ in range(3):
            with django_assert_num_queries(1):  # the site's settings and content version: no routing query
                assert "嘎鲁图镇的文章" in client.get("/column/dongtai/", HTTP_HOST=GALUTU_HOST).content.decode()
