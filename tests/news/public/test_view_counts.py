"""Article views counted without a database write per view: the page's
counting request appends to a spool, a task adds the spool to the counts once
a minute, exactly once even when it stops halfway (news/public/view_counts.py)."""

import io
import os
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from archive.pages import page_render
from news.editorial.actors import SYSTEM
from news.editorial.services import article_withdraw
from news.models import Article, ArticleStatus, ViewCountBatch
from news.public import view_counts
from news.public.view_counts import article_view_record, spool_path, view_counts_flush

from ...conftest import beijing, client_for

pytestmark = pytest.mark.django_db

FLUSH_TASK = "news.public.tasks.view_counts_flush_minutely"


@pytest.fixture(autouse=True)
def spool(settings, tmp_path):
    """This test's own spool folder."""
    settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"
    return settings.VIEW_COUNT_SPOOL_DIR


def beacon_url(article_id):
    return reverse("news:article_view_beacon", args=[article_id])


def spooled(spool):
    """Every spooled line, in the spool files and in batches not yet counted."""
    if not spool.exists():
        return []
    return [line for path in sorted(spool.rglob("*.views")) for line in path.read_text().splitlines()]


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


def view_count(article):
    return Article.objects.values_list("view_count", flat=True).get(pk=article.pk)


@pytest.fixture
def article(make_article):
    return make_article("苏力德苏木召开春季防火会议")


class TestTheArticlePageWritesNothing:
    def test_reading_an_article_runs_no_insert_update_or_delete(self, client, article):
        for _ in range(2):  # rendered, then served from the page cache
            with CaptureQueriesContext(connection) as queries:
                assert client.get(article.get_absolute_url()).status_code == 200
            assert writes(queries.captured_queries) == []
        assert view_count(article) == 0

    def test_a_cached_page_stays_cached_and_reads_only_the_count(self, client, article):
        client.get(article.get_absolute_url())
        with mock.patch("news.public.views.article_page_parts") as parts, CaptureQueriesContext(connection) as queries:
            html = client.get(article.get_absolute_url()).content.decode()
        parts.assert_not_called()
        assert "苏力德苏木召开春季防火会议" in html
        article_reads = [q["sql"] for q in queries.captured_queries if '"news_article"' in q["sql"]]
        assert len(article_reads) == 1 and "view_count" in article_reads[0]

    def test_the_page_shows_the_count_of_the_last_batch_while_it_is_cached(self, client, article):
        assert "浏览次数:0" in client.get(article.get_absolute_url()).content.decode()
        for _ in range(3):
            client.post(beacon_url(article.pk))
        assert "浏览次数:0" in client.get(article.get_absolute_url()).content.decode()
        view_counts_flush()
        assert "浏览次数:3" in client.get(article.get_absolute_url()).content.decode()

    def test_the_page_carries_the_counting_script_and_the_noscript_image(self, client, article):
        html = client.get(article.get_absolute_url()).content.decode()
        url = beacon_url(article.pk)
        assert f'data-view-beacon="{url}"' in html
        assert 'src="/static/js/view_count.js" defer' in html
        assert (
            f'<noscript><img class="visually-hidden" src="{url}" alt="" width="1" height="1" aria-hidden="true">'
            "</noscript>" in html
        )
        assert "<script>" not in html  # no inline script under the CSP

    def test_a_withdrawn_article_is_not_found_even_from_the_page_cache(self, client, article):
        client.get(article.get_absolute_url())
        article_withdraw(article=article, actor=SYSTEM, remark="下线")
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_the_staff_preview_and_the_archive_copy_count_no_view(self, make_draft, staff, article):
        html = client_for(staff["editor"]).get(reverse("news:article_preview", args=[make_draft().pk])).content
        assert b"data-view-beacon" not in html and b"/views/" not in html
        archived = page_render(article)
        assert "data-view-beacon" not in archived and "/views/" not in archived and "view_count.js" not in archived


class TestTheCountingRequest:
    def test_the_beacon_post_answers_204_without_touching_the_database(self, client, article, spool):
        with CaptureQueriesContext(connection) as queries:
            response = client.post(beacon_url(article.pk))
        assert queries.captured_queries == []
        assert response.status_code == 204 and response.content == b""
        assert "no-store" in response["Cache-Control"]
        assert spooled(spool) == [str(article.pk)]

    def test_the_noscript_image_gets_a_1x1_gif_without_touching_the_database(self, client, article, spool):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(beacon_url(article.pk))
        assert queries.captured_queries == []
        assert response.status_code == 200 and response["Content-Type"] == "image/gif"
        assert response.content.startswith(b"GIF89a\x01\x00\x01\x00")
        assert "no-store" in response["Cache-Control"]
        assert spooled(spool) == [str(article.pk)]

    def test_unknown_ids_answer_without_the_database_and_are_dropped_when_counted(self, client, article, spool):
        with CaptureQueriesContext(connection) as queries:
            assert client.post(beacon_url(999999)).status_code == 204
        assert queries.captured_queries == []
        assert view_counts_flush() == 0
        assert view_count(article) == 0
        assert spooled(spool) == [] and ViewCountBatch.objects.get().views == 0

    @pytest.mark.parametrize(
        "path", ["/views/article/abc/", "/views/article/-1/", "/views/article/1234567890123456789/"]
    )
    def test_odd_ids_are_not_found(self, client, site, path, spool):
        assert client.post(path).status_code == 404
        assert spooled(spool) == []

    def test_other_methods_are_refused(self, client, article, spool):
        assert client.put(beacon_url(article.pk)).status_code == 405
        assert spooled(spool) == []

    def test_a_page_on_another_site_embedding_the_beacon_counts_no_view(self, client, article, spool):
        assert client.get(beacon_url(article.pk), headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
        assert client.post(beacon_url(article.pk), headers={"Sec-Fetch-Site": "same-origin"}).status_code == 204
        assert spooled(spool) == [str(article.pk)]

    def test_a_full_spool_file_drops_views_and_still_answers(self, client, article, spool, monkeypatch):
        line = len(f"{article.pk}\n")
        monkeypatch.setattr(view_counts, "SPOOL_FILE_MAX_BYTES", 2 * line - 1)  # full after two views
        for _ in range(5):
            assert client.post(beacon_url(article.pk)).status_code == 204
        assert len(spooled(spool)) == 2
        view_counts_flush()
        assert client.post(beacon_url(article.pk)).status_code == 204
        assert len(spooled(spool)) == 1  # the batch took the full file: counting goes on

    def test_an_unwritable_spool_still_answers_and_logs(self, client, article, settings, tmp_path, caplog):
        (tmp_path / "a-file").write_text("")
        settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "a-file" / "views"
        assert client.post(beacon_url(article.pk)).status_code == 204
        assert "could not be spooled" in caplog.text


class TestTheFlush:
    def test_it_adds_exactly_the_counted_views(self, client, make_article, article):
        other = make_article("另一篇")
        for _ in range(3):
            client.post(beacon_url(article.pk))
        client.get(beacon_url(other.pk))
        assert view_counts_flush() == 4
        assert (view_count(article), view_count(other)) == (3, 1)
        assert view_counts_flush() == 0
        assert (view_count(article), view_count(other)) == (3, 1)
        batch = ViewCountBatch.objects.get()
        assert (batch.views, batch.articles) == (4, 2)

    def test_each_article_is_updated_once_per_batch(self, make_article, article):
        others = [make_article(f"文章{number}") for number in range(3)]
        for _ in range(3):
            article_view_record(article_id=article.pk)
        for other in others:
            article_view_record(article_id=other.pk)
        with CaptureQueriesContext(connection) as queries:
            view_counts_flush()
        updates = [sql for sql in writes(queries.captured_queries) if sql.lstrip().upper().startswith("UPDATE")]
        assert len(updates) == 2  # one for the article read 3 times, one for the three read once
        assert [view_count(other) for other in others] == [1, 1, 1] and view_count(article) == 3

    def test_views_spooled_by_other_and_departed_processes_are_counted(self, article, spool):
        spool.mkdir()
        (spool / "web1-4242.views").write_text(f"{article.pk}\n{article.pk}\n")
        (spool / "web2-77.views").write_text(f"{article.pk}\n")
        article_view_record(article_id=article.pk)
        assert view_counts_flush() == 4
        assert view_count(article) == 4
        assert sorted(path.name for path in spool.iterdir()) == [".flush.lock"]

    def test_views_of_articles_residents_cannot_see_are_dropped(self, make_article, article):
        draft = make_article("草稿", status=ArticleStatus.DRAFT)
        scheduled = make_article("定时发布", published_at=timezone.now() + timedelta(days=1))
        withdrawn = make_article("已撤稿")
        trashed = make_article("回收站")
        for one in (draft, scheduled, withdrawn, trashed, article):
            article_view_record(article_id=one.pk)
        article_withdraw(article=withdrawn, actor=SYSTEM, remark="下线")
        Article.objects.filter(pk=trashed.pk).update(trashed_at=timezone.now())  # as if withdrawn and deleted
        assert view_counts_flush() == 1
        assert [view_count(one) for one in (draft, scheduled, withdrawn, trashed, article)] == [0, 0, 0, 0, 1]

    def test_lines_that_are_not_whole_ids_are_skipped(self, article, spool):
        spool.mkdir()
        garbage = f"abc\n0\n-{article.pk}\n{2**64}\n {article.pk}\n{article.pk}\n{article.pk}"
        (spool / "web-1.views").write_text(garbage)  # the last line is torn: no newline
        assert view_counts_flush() == 1
        assert view_count(article) == 1

    def test_counting_does_not_change_the_modification_time_or_the_content_version(self, client, article, site):
        updated = Article.objects.get(pk=article.pk).updated_at
        version = type(site).objects.get(pk=site.pk).content_version
        article_view_record(article_id=article.pk)
        view_counts_flush()
        assert Article.objects.get(pk=article.pk).updated_at == updated
        assert type(site).objects.get(pk=site.pk).content_version == version

    def test_batch_records_older_than_a_day_are_removed(self, article):
        ViewCountBatch.objects.create(name="old", counted_at=timezone.now() - timedelta(days=2))
        ViewCountBatch.objects.create(name="recent", counted_at=timezone.now() - timedelta(hours=2))
        view_counts_flush()
        assert list(ViewCountBatch.objects.values_list("name", flat=True)) == ["recent"]

    def test_a_second_flush_while_one_runs_leaves_the_views_for_later(self, article, spool):
        import fcntl

        article_view_record(article_id=article.pk)
        fd = os.open(spool / ".flush.lock", os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            assert view_counts_flush() == 0
            assert spooled(spool) == [str(article.pk)]
        finally:
            os.close(fd)
        assert view_counts_flush() == 1


class TestAFlushThatStopsHalfway:
    def test_a_crash_after_the_rename_and_before_the_update_loses_no_view(self, article, spool, monkeypatch):
        for _ in range(2):
            article_view_record(article_id=article.pk)
        monkeypatch.setattr(view_counts, "view_counts_add", mock.Mock(side_effect=RuntimeError("进程被终止")))
        with pytest.raises(RuntimeError):
            view_counts_flush()
        assert [path.parent.name.startswith("batch-") for path in spool.rglob("*.views")] == [True]
        article_view_record(article_id=article.pk)  # a view spooled meanwhile, into a new file
        monkeypatch.undo()
        assert view_counts_flush() == 3
        assert view_count(article) == 3
        assert view_counts_flush() == 0 and view_count(article) == 3

    def test_a_crash_after_the_update_and_before_the_files_are_removed_counts_nothing_twice(
        self, article, spool, monkeypatch
    ):
        for _ in range(2):
            article_view_record(article_id=article.pk)
        monkeypatch.setattr(view_counts.shutil, "rmtree", mock.Mock(side_effect=OSError("磁盘错误")))
        with pytest.raises(OSError):
            view_counts_flush()
        assert view_count(article) == 2 and len(spooled(spool)) == 2
        monkeypatch.undo()
        assert view_counts_flush() == 0
        assert view_count(article) == 2 and spooled(spool) == []

    def test_a_view_written_while_its_file_is_taken_goes_to_the_next_batch(self, article, spool, monkeypatch):
        article_view_record(article_id=article.pk)
        still_at = view_counts._still_at
        taken = spool / "batch-taken"

        def taken_between_open_and_lock(fd, path):
            if path.exists() and not taken.exists():  # a flush renames the file just now
                taken.mkdir()
                os.rename(path, taken / path.name)
            return still_at(fd, path)

        monkeypatch.setattr(view_counts, "_still_at", taken_between_open_and_lock)
        assert article_view_record(article_id=article.pk)
        assert (taken / spool_path().name).read_text() == f"{article.pk}\n"
        assert spool_path().read_text() == f"{article.pk}\n"
        monkeypatch.undo()
        assert view_counts_flush() == 2 and view_count(article) == 2


def worker_run():
    """`manage.py db_worker --batch` inside the test's transaction."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def queued(status=TaskResultStatus.READY):
    return list(DBTaskResult.objects.filter(task_path=FLUSH_TASK, status=status).order_by("run_after"))


class TestTheMinuteTask:
    def test_tasks_schedule_queues_the_flush_for_the_next_minute_once(self, time_machine):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0, 30), tick=False)
        out = io.StringIO()
        call_command("tasks_schedule", stdout=out)
        call_command("tasks_schedule", stdout=io.StringIO())
        assert "每分钟任务 1 项,本次新排入 1 项" in out.getvalue()
        assert [row.run_after for row in queued()] == [beijing(2026, 6, 15, 10, 1)]

    def test_the_worker_counts_the_views_and_queues_the_next_minute(self, article, time_machine):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0, 30), tick=False)
        call_command("tasks_schedule", stdout=io.StringIO())
        for _ in range(2):
            article_view_record(article_id=article.pk)
        worker_run()
        assert view_count(article) == 0  # not its minute yet
        time_machine.move_to(beijing(2026, 6, 15, 10, 1, 2), tick=False)
        worker_run()
        assert view_count(article) == 2
        assert [row.return_value for row in queued(TaskResultStatus.SUCCESSFUL)] == [2]
        assert [row.run_after for row in queued()] == [beijing(2026, 6, 15, 10, 2)]

    def test_a_failing_flush_is_still_queued_for_the_next_minute(self, article, time_machine, monkeypatch):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0, 30), tick=False)
        call_command("tasks_schedule", stdout=io.StringIO())
        article_view_record(article_id=article.pk)
        monkeypatch.setattr("news.public.tasks.view_counts_flush", mock.Mock(side_effect=OSError("磁盘错误")))
        time_machine.move_to(beijing(2026, 6, 15, 10, 1, 2), tick=False)
        worker_run()
        assert len(queued(TaskResultStatus.FAILED)) == 1
        assert [row.run_after for row in queued()] == [beijing(2026, 6, 15, 10, 2)]
        monkeypatch.undo()
        time_machine.move_to(beijing(2026, 6, 15, 10, 2, 2), tick=False)
        worker_run()
        assert view_count(article) == 1
