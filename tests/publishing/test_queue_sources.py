"""Changes that bypass the article signals still reach the published tree:
a view count batch, a batch import, a backup restore; and pages left
waiting by a stopped worker are queued again when the worker starts."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from imports.services import ImportedArticle, article_import, article_saves_batched
from news.editorial.actors import SYSTEM
from news.public.tasks import view_counts_flush_minutely
from news.public.view_counts import article_view_record
from publishing.models import PageFile
from publishing.services import pages_publish_waiting
from publishing.tasks import article_publication_due, pages_publish, site_publish
from tests.conftest import TEST_NOW, beijing
from tests.ops.test_daily_tasks import worker_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_spool(settings, tmp_path):
    settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def article_file(root, article_id):
    return root / "main" / f"article/{article_id}/index.html"


def queued(publish_task):
    return DBTaskResult.objects.filter(task_path=publish_task.module_path, status=TaskResultStatus.READY)


class TestViewCounts:
    def test_the_published_file_shows_the_count_of_the_last_batch(self, published_tree, make_article, committed):
        article = committed(lambda: make_article(title="草原防火"))
        pages_publish_waiting()
        assert "浏览次数:0" in article_file(published_tree, article.pk).read_text()
        for _ in range(3):
            article_view_record(article_id=article.pk)
        assert committed(view_counts_flush_minutely.call) == 3
        assert set(PageFile.objects.waiting().values_list("article_id", flat=True)) == {article.pk}
        assert queued(pages_publish).count() == 1
        pages_publish_waiting()
        assert "浏览次数:3" in article_file(published_tree, article.pk).read_text()

    def test_only_the_articles_counted_are_queued(self, published_tree, make_article, committed):
        read, unread = committed(lambda: [make_article(title="有人读"), make_article(title="没人读")])
        pages_publish_waiting()
        article_view_record(article_id=read.pk)
        article_view_record(article_id=999999)  # no such article: dropped, nothing queued
        committed(view_counts_flush_minutely.call)
        assert list(PageFile.objects.waiting().values_list("article_id", flat=True)) == [read.pk]

    def test_a_batch_without_views_queues_nothing(self, published_tree, make_article, committed):
        committed(lambda: make_article())
        pages_publish_waiting()
        DBTaskResult.objects.all().delete()
        committed(view_counts_flush_minutely.call)
        assert not PageFile.objects.waiting().exists()
        assert not queued(pages_publish).exists()


def record(title, url, *, columns, **fields):
    return ImportedArticle(title=title, column=columns["news"], body="<p>导入的正文。</p>", source_url=url, **fields)


def batch_import(records):
    with article_saves_batched() as saved:
        for one in records:
            saved.append(article_import(record=one, actor=SYSTEM).article)
    return saved


class TestImports:
    def test_after_an_import_the_whole_site_is_queued_once_and_written(self, published_tree, columns, committed):
        records = [
            record(f"导入文章{n}", f"http://old.example/{n}.html", columns=columns, published_at=beijing(2024, 5, n, 9))
            for n in range(1, 4)
        ]
        saved = committed(lambda: batch_import(records[:2]))
        committed(lambda: batch_import(records[2:]))
        assert queued(site_publish).count() == 1
        worker_run()
        for article in saved:
            assert article.title in article_file(published_tree, article.pk).read_text()
        home = (published_tree / "main" / "index.html").read_text()
        assert all(f"导入文章{n}" in home for n in range(1, 4))

    def test_an_article_an_import_postpones_loses_its_file_at_once_and_is_scheduled(
        self, published_tree, columns, committed
    ):
        url = "http://old.example/p.html"
        (article,) = committed(
            lambda: batch_import([record("将推迟", url, columns=columns, published_at=beijing(2024, 5, 1, 9))])
        )
        worker_run()
        assert article_file(published_tree, article.pk).exists()
        later = TEST_NOW + timedelta(days=5)
        committed(lambda: batch_import([record("将推迟", url, columns=columns, published_at=later)]))
        assert not article_file(published_tree, article.pk).exists()
        assert queued(article_publication_due).get().run_after == later

    def test_an_imported_article_to_appear_later_is_scheduled(self, columns, committed):
        later = TEST_NOW + timedelta(days=5)
        (article,) = committed(
            lambda: batch_import([record("以后发布", "http://old.example/s.html", columns=columns, published_at=later)])
        )
        run = DBTaskResult.objects.get(task_path=article_publication_due.module_path)
        assert run.run_after == later and run.args_kwargs["args"][0] == article.pk


@pytest.mark.django_db(transaction=True)
class TestRestore:
    def test_a_restore_queues_the_whole_site_and_the_scheduled_publications(
        self, published_tree, make_article, tmp_path
    ):
        from ops.backups import backup_create, backup_restore

        article = make_article(title="恢复前的文章")
        later = make_article(title="恢复后才发布", published_at=TEST_NOW + timedelta(days=5))
        archive = backup_create(destination=tmp_path)
        made_after = make_article(title="备份之后的文章")
        pages_publish_waiting()
        assert article_file(published_tree, made_after.pk).exists()
        call_command("flush", interactive=False, verbosity=0)
        backup_restore(archive=archive)
        assert queued(site_publish).count() == 1
        scheduled = queued(article_publication_due).filter(run_after=later.published_at)
        assert {run.args_kwargs["args"][0] for run in scheduled} == {later.pk}
        worker_run()
        assert "恢复前的文章" in article_file(published_tree, article.pk).read_text()
        assert "恢复前的文章" in (published_tree / "main" / "index.html").read_text()
        assert not article_file(published_tree, later.pk).exists()
        assert not article_file(published_tree, made_after.pk).exists()


class TestWorkerStart:
    def schedule(self):
        out = io.StringIO()
        call_command("tasks_schedule", stdout=out)
        return out.getvalue()

    def test_pages_left_waiting_are_queued_when_the_worker_starts(self, published_tree, make_article, committed):
        article = committed(lambda: make_article(title="写到一半"))
        DBTaskResult.objects.all().delete()  # the worker stopped before writing: its run is gone
        assert PageFile.objects.waiting().exists()
        assert "等待写出的静态页面" in self.schedule()
        assert queued(pages_publish).count() == 1
        self.schedule()
        assert queued(pages_publish).count() == 1
        worker_run()
        assert "写到一半" in article_file(published_tree, article.pk).read_text()
        assert not PageFile.objects.waiting().exists()

    def test_with_nothing_waiting_no_writing_run_is_queued(self, published_tree):
        assert "静态页面" not in self.schedule()
        assert not queued(pages_publish).exists()
