import shutil
from datetime import timedelta

import pytest
from django.conf import settings

from publishing.services import pages_publish_waiting


@pytest.fixture
def published_tree():
    """An empty published tree; emptied again after the test."""
    root = settings.PUBLISH_ROOT
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    yield root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)


# The pages of every kind the published tree holds, by the address residents
# ask for (PUBLISHED_SITE's articles fill two pages of 苏木镇动态).
SITE_NAME = "乌审旗苏力德苏木人民政府"
DOMAIN = "www.example.gov.cn"


def page_addresses(article_id):
    return {
        "home": "/",
        "column": "/column/dongtai/",
        "column page 2": "/column/dongtai/?page=2",
        "article": f"/article/{article_id}/",
        "site feed": "/feed/",
        "column feed": "/column/dongtai/feed/",
        "sitemap index": "/sitemap.xml",
        "sitemap section": "/sitemap-articles.xml",
        "robots": "/robots.txt",
        "site map": "/sitemap/",
        # The 蒙古文版 (the first three articles have a Mongolian version).
        "mn home": "/mn/",
        "mn column": "/mn/column/dongtai/",
        "mn article": f"/mn/article/{article_id}/",
        "mn site feed": "/mn/feed/",
        "mn column feed": "/mn/column/dongtai/feed/",
        "mn site map": "/mn/sitemap/",
    }


def anonymous_get(path):
    """What Django answers an anonymous GET of `path` on the site's own host
    name (the one the tree is written for: feeds carry absolute addresses)."""
    from django.test import Client

    from publishing.render import site_address

    host, scheme = site_address()
    return Client(HTTP_HOST=host).get(path, secure=scheme == "https")


@pytest.fixture(scope="module")
def published_site(django_db_setup, django_db_blocker):
    """A small site, committed so that child processes (gunicorn, a writer)
    read it, with its whole tree written: 25 articles in 苏木镇动态, one in
    政务要闻; the site has a 蒙古文版, the first three articles a Mongolian version. Yields the article ids, the page addresses and the bytes Django
    serves for each. Afterwards the database is put back as it was (what the
    migrations wrote included: the tests after this module run in their own
    transactions on it) and the tree emptied."""
    import time_machine
    from django.core.management import call_command
    from django.db import connection

    from news.editorial.actors import SYSTEM
    from news.editorial.services import article_publish
    from news.models import Article, Column, ColumnType, Site
    from publishing.services import pages_publish_waiting, site_publish_queue
    from tests.conftest import MN_BODY, MN_TITLE, TEST_NOW, beijing

    root = settings.PUBLISH_ROOT
    with django_db_blocker.unblock():
        before = connection.creation.serialize_db_to_string()
    # An hour before the tests' clock: what a test queues is later than what was written here.
    with django_db_blocker.unblock(), time_machine.travel(TEST_NOW - timedelta(hours=1), tick=True):
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        Site.objects.update_or_create(
            pk=1, defaults={"site_name": SITE_NAME, "domain": DOMAIN, "mongolian_enabled": True}
        )
        public = Column.objects.create(name="公开", slug="gongkai", column_type=ColumnType.SECTION, order=1)
        news = Column.objects.create(
            name="苏木镇动态", slug="dongtai", parent=public, column_type=ColumnType.NEWS, order=1
        )
        headlines = Column.objects.create(name="政务要闻", slug="yaowen", column_type=ColumnType.NEWS, order=2)
        ids = [
            article_publish(
                article=Article(
                    title=f"苏木镇动态第{number}篇",
                    column=news,
                    body=f"<p>第{number}篇的正文。</p>",
                    **({"title_mn": f"{MN_TITLE} {number}", "body_mn": MN_BODY} if number < 3 else {}),
                ),
                published_at=beijing(2024, 3, 1 + number, 9, 0),
                actor=SYSTEM,
            ).pk
            for number in range(25)
        ]
        ids.append(
            article_publish(
                article=Article(title="政务要闻一篇", column=headlines, body="<p>要闻正文。</p>"),
                published_at=beijing(2024, 5, 1, 9, 0),
                actor=SYSTEM,
            ).pk
        )
        site_publish_queue()
        written, failed = pages_publish_waiting()
        assert failed == 0
        pages = page_addresses(ids[0])
        served = {path: anonymous_get(path).content for path in pages.values()}
    yield {"article_ids": ids, "pages": pages, "served": served, "root": root}
    with django_db_blocker.unblock():
        # As TransactionTestCase's serialized_rollback does it.
        call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
        connection.creation.deserialize_db_from_string(before)
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)


@pytest.fixture(scope="module")
def upstream(published_site):
    """A real gunicorn reading the test database: the application behind nginx."""
    from tests.gunicorn import Gunicorn

    server = Gunicorn().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def front(upstream):
    """A real nginx with the deploy snippets, serving the published tree and
    passing the rest to `upstream`."""
    from tests.nginx import Nginx

    server = Nginx(upstream.port).start()
    yield server
    server.stop()


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Run `change` as a request would, then the worker's writing task."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        pages_publish_waiting()
        return result

    return run


@pytest.fixture
def two_per_page(monkeypatch):
    """Sitemap pages of two entries, so that a few articles fill several."""
    from news.public.sitemaps import ArticleSitemap
    from publishing import targets

    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    monkeypatch.setattr(targets, "SITEMAP_PAGE_SIZE", 2)
