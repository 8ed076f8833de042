"""No public page request writes to the database (issue #14): the pages
residents read when a page has no file yet (the application's own answer,
anonymous) run no INSERT, UPDATE or DELETE, rendered or from the page cache,
and not even when a scheduled article's time has come (the task worker
publishes it: publishing.tasks.article_publication_due)."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in WRITES]


def pages(article):
    return ["/", article.column.get_absolute_url(), article.get_absolute_url()]


def reading(addresses):
    """The SQL of anonymous GETs of `addresses`, each twice (rendered, then
    from the page cache); every answer must be a 200."""
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        for address in addresses:
            for _ in range(2):
                assert client.get(address).status_code == 200, address
    return queries.captured_queries


class TestPublicPagesWriteNothing:
    def test_home_a_column_page_and_an_article_page_run_no_insert_update_or_delete(self, make_article):
        article = make_article(title="草原防火动员会")
        assert writes(reading(pages(article))) == []

    def test_nor_when_a_scheduled_articles_time_has_come(self, make_article, time_machine):
        make_article(title="已发布的文章")
        scheduled = make_article(title="定时发布的文章", published_at=timezone.now() + timedelta(hours=1))
        time_machine.move_to(timezone.now() + timedelta(hours=2), tick=True)
        assert writes(reading(pages(scheduled))) == []
