"""The liveness probe (/healthz), and what visitors and staff get while the database is lost."""

from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import Client

pytestmark = pytest.mark.django_db


@contextmanager
def database_down():
    """Every new query fails as it would with PostgreSQL stopped."""
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("connection refused")):
        yield


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


class TestLivenessProbe:
    def test_answers_ok_when_database_and_cache_work(self, client):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    def test_a_lost_database_is_a_503(self, client):
        with database_down():
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "fail"

    def test_a_broken_cache_is_a_503(self, client):
        with mock.patch.object(cache, "get", side_effect=ConnectionError("redis down")):
            response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {"status": "fail", "database": "ok", "cache": "fail"}


class TestDatabaseOutage:
    def test_pages_read_before_the_outage_keep_being_served(self, visitor, make_article, columns):
        article = make_article("停电前的文章")
        urls = ["/", columns["news"].get_absolute_url(), article.get_absolute_url()]
        for url in urls:
            assert visitor.get(url).status_code == 200
        with database_down():
            for url in urls:
                response = visitor.get(url)
                assert response.status_code == 200, url
            assert "停电前的文章" in visitor.get(article.get_absolute_url()).content.decode()

    def test_other_pages_get_a_short_503_in_the_site_style(self, visitor, make_article, site):
        article = make_article()
        visitor.get("/")
        with database_down():
            response = visitor.get(article.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "服务暂时不可用" in html and site.site_name in html and "portal" in html and ".css" in html
        assert "no-store" in response["Cache-Control"]

    def test_the_503_page_works_when_the_database_was_never_reached(self, visitor):
        from news.public import pages

        pages._last_good.clear()
        with database_down():
            response = visitor.get("/")
        assert response.status_code == 503
        assert "服务暂时不可用" in response.content.decode()

    def test_staff_are_told_their_change_was_not_saved(self, visitor, site):
        visitor.get("/")
        visitor.cookies["sessionid"] = "a-signed-in-editor"
        with database_down():
            response = visitor.get("/admin/news/article/")
        assert response.status_code == 503
        assert "您刚才的操作没有保存" in response.content.decode()

    @pytest.mark.django_db(transaction=True)
    def test_the_portal_recovers_by_itself(self, visitor, make_article):
        article = make_article()
        with database_down():
            assert visitor.get(article.get_absolute_url()).status_code == 503
        assert visitor.get(article.get_absolute_url()).status_code == 200

    def test_postgresql_connections_and_statements_are_time_limited(self):
        code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
        from tests.settings_env import manage

        out = manage("shell", "-v", "0", "-c", code, DATABASE_URL="postgres://u:p@db.example:5432/portal").stdout
        assert "'connect_timeout': 3" in out and "statement_timeout=15000" in out
        code = "from django.conf import settings; print(settings.DATABASES['default']['CONN_HEALTH_CHECKS'])"
        assert manage("shell", "-v", "0", "-c", code).stdout.strip() == "True"
