"""What importing many pages quickly relies on: a fixed number of queries per
page, the search index and the page cache brought up to date once per batch,
and a page's 索引号 or address seen earlier in the same batch still matched."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from imports.sample_pages import sample_page
from imports.services import addresses_taken, article_import, article_saves_batched
from imports.sources import mapping_load, page_read
from news.models import Article, IndexNumberCounter, Site

from .conftest import MAPPING


@pytest.fixture
def read_page(demo_columns, pages):
    mapping = mapping_load(MAPPING)

    def read(page):
        return page_read(page.write(pages), folder=pages, mapping=mapping)

    return read


def queries_of(run, *args):
    with CaptureQueriesContext(connection) as queries:
        run(*args)
    return len(queries.captured_queries)


class TestQueriesPerPage:
    def test_a_new_page_known_to_be_new_costs_eight_queries(self, read_page, django_assert_max_num_queries):
        article_import(record=read_page(sample_page(1)))  # the first makes the 索引号 counter
        record = read_page(sample_page(2))
        with transaction.atomic(), article_saves_batched() as saved:
            assert addresses_taken(records=[record]) == set()
            # savepoint, 索引号 counter, article, reversion's check, revision,
            # version, audit entry, release
            with django_assert_max_num_queries(8):
                saved.append(article_import(record=record, known_new=True).article)
        assert Article.objects.get(source_url=record.source_url).index_number == record.index_number

    def test_a_page_not_known_to_be_new_costs_one_query_more(self, read_page, django_assert_max_num_queries):
        article_import(record=read_page(sample_page(1)))
        record = read_page(sample_page(2))
        with transaction.atomic(), article_saves_batched(), django_assert_max_num_queries(9):
            article_import(record=record)

    def test_an_unchanged_page_costs_three_queries(self, read_page, django_assert_max_num_queries):
        record = read_page(sample_page(1))
        article_import(record=record)
        with django_assert_max_num_queries(3):  # savepoint, match, release
            assert article_import(record=read_page(sample_page(1))).action == "unchanged"

    def test_more_pages_in_a_run_cost_no_more_than_eight_queries_each(self, run_import, pages):
        sample_page(1).write(pages)
        sample_page(2).write(pages)
        two = queries_of(run_import, pages)
        Article.objects.all().delete()
        for number in range(3, 9):
            sample_page(number).write(pages)
        eight = queries_of(run_import, pages)  # pages 1 and 2 are new again
        assert eight - two <= 6 * 8


class TestOncePerBatch:
    def test_imported_articles_are_findable_and_cached_pages_go_stale(self, run_import, pages, client):
        version = Site.objects.get().content_version
        sample_page(1).write(pages)
        code, output = run_import(pages)
        assert code == 0, output
        assert Site.objects.get().content_version > version
        article = Article.objects.get()
        response = client.get("/search/", {"q": "第1期"})
        assert article.get_absolute_url() in response.content.decode()

    def test_after_an_import_a_save_reindexes_the_article_at_once_again(self, run_import, pages, client):
        sample_page(1).write(pages)
        run_import(pages)
        article = Article.objects.get()
        article.title = "禁牧休牧通告"
        article.save()
        response = client.get("/search/", {"q": "禁牧休牧"})
        assert article.get_absolute_url() in response.content.decode()
        version = Site.objects.get().content_version
        article.save()
        assert Site.objects.get().content_version == version + 1

    def test_nothing_is_indexed_when_the_batch_fails(self, read_page):
        record = read_page(sample_page(1))
        with pytest.raises(RuntimeError), transaction.atomic(), article_saves_batched() as saved:
            saved.append(article_import(record=record, known_new=True).article)
            raise RuntimeError("stopped")
        assert not Article.objects.exists()
        with connection.cursor() as cursor:
            table = "search_entry" if connection.vendor == "postgresql" else "search_fts"
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            assert cursor.fetchone()[0] == 0


class TestPagesAlikeInOneRun:
    def test_two_pages_with_one_index_number_give_one_article(self, run_import, pages):
        first, second = sample_page(1), sample_page(2)
        second.index_number = first.index_number
        first.write(pages)
        second.write(pages)
        code, output = run_import(pages)
        assert code == 0, output
        assert Article.objects.count() == 1

    def test_index_numbers_in_any_order_leave_the_counter_at_the_highest(self, run_import, pages, site):
        for number, path in ((42, "a.html"), (7, "b.html")):
            page = sample_page(number)
            page.path = path
            page.index_number = f"{site.index_prefix}/2024-{number:05d}"
            page.write(pages)
        code, output = run_import(pages)
        assert code == 0, output
        assert IndexNumberCounter.objects.get(prefix=site.index_prefix, year=2024).last_number == 42
