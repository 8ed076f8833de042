"""A scheduled article is published by the task queued for its publication
time (publishing.tasks.article_publication_due), run by the real worker
(`manage.py db_worker --batch`), never by a page request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from news.editorial.actors import SYSTEM
from news.editorial.services import article_save, article_withdraw
from news.models import Site
from publishing.tasks import article_publication_due
from tests.conftest import beijing
from tests.ops.test_daily_tasks import worker_run

pytestmark = pytest.mark.django_db

NOW = beijing(2026, 6, 15, 10, 0)
AT = beijing(2026, 6, 15, 11, 0)


@pytest.fixture(autouse=True)
def own_spool(settings, tmp_path):
    settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run `change` as a request would: its on-commit callbacks (the queueing) run."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


@pytest.fixture
def scheduled(make_article, committed, time_machine):
    time_machine.move_to(NOW, tick=False)
    return committed(lambda: make_article(title="牧区定时发布的通知", published_at=AT))


def article_file(root, article):
    return root / "main" / f"article/{article.pk}/index.html"


def version():
    return Site.objects.values_list("content_version", flat=True).get()


def due_runs():
    return DBTaskResult.objects.filter(task_path=article_publication_due.module_path)


def writes(queries):
    return [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]


class TestAtThePublicationTime:
    def test_the_task_is_queued_for_the_publication_time(self, scheduled):
        (run,) = due_runs()
        assert run.run_after == AT and run.status == TaskResultStatus.READY

    def test_before_its_time_the_worker_writes_nothing(self, scheduled, published_tree, time_machine):
        time_machine.move_to(AT - timedelta(minutes=1), tick=False)
        worker_run()
        assert not article_file(published_tree, scheduled).exists()
        assert due_runs().get().status == TaskResultStatus.READY

    def test_the_worker_writes_the_file_and_the_dynamic_pages_show_it(self, scheduled, published_tree, time_machine):
        home = Client()
        assert "牧区定时发布的通知" not in home.get("/").content.decode()  # cached without it
        time_machine.move_to(AT + timedelta(seconds=1), tick=False)
        worker_run()
        assert "牧区定时发布的通知" in article_file(published_tree, scheduled).read_text()
        assert "牧区定时发布的通知" in (published_tree / "main" / "index.html").read_text()
        assert "牧区定时发布的通知" in home.get("/").content.decode()
        assert "牧区定时发布的通知" in home.get("/column/dongtai/").content.decode()
        assert due_runs().get().status == TaskResultStatus.SUCCESSFUL

    def test_no_page_request_writes_to_the_database_after_the_time_passed(self, scheduled, time_machine):
        before = version()
        time_machine.move_to(AT + timedelta(seconds=1), tick=False)
        client = Client()
        for url in ("/", "/column/dongtai/", scheduled.get_absolute_url(), "/feed/"):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            assert writes(queries.captured_queries) == [], url
        assert version() == before


class TestChangedMeanwhile:
    def test_a_withdrawn_articles_task_does_nothing(self, scheduled, published_tree, committed, time_machine):
        committed(lambda: article_withdraw(article=scheduled, actor=SYSTEM, remark="暂缓发布"))
        before = version()
        time_machine.move_to(AT + timedelta(seconds=1), tick=False)
        worker_run()
        assert not article_file(published_tree, scheduled).exists()
        assert version() == before
        assert due_runs().get().return_value == {"published": False}

    def test_an_edit_keeping_the_time_queues_no_second_run(self, scheduled, committed):
        scheduled.title = "牧区定时发布的通知(修改)"
        committed(lambda: article_save(article=scheduled, actor=SYSTEM))
        assert due_runs().count() == 1

    def test_a_postponed_articles_earlier_task_does_nothing(self, scheduled, published_tree, committed, time_machine):
        later = AT + timedelta(hours=2)
        scheduled.published_at = later
        committed(lambda: article_save(article=scheduled, actor=SYSTEM))
        assert sorted(due_runs().values_list("run_after", flat=True)) == [AT, later]
        time_machine.move_to(AT + timedelta(seconds=1), tick=False)
        before = version()
        worker_run()
        assert not article_file(published_tree, scheduled).exists()
        assert version() == before
        time_machine.move_to(later + timedelta(seconds=1), tick=False)
        worker_run()
        assert "牧区定时发布的通知" in article_file(published_tree, scheduled).read_text()
        assert version() == before + 1

    def test_an_article_brought_forward_is_published_once(self, scheduled, published_tree, committed, time_machine):
        earlier = AT - timedelta(minutes=30)
        scheduled.published_at = earlier
        committed(lambda: article_save(article=scheduled, actor=SYSTEM))
        time_machine.move_to(earlier + timedelta(seconds=1), tick=False)
        worker_run()
        assert article_file(published_tree, scheduled).exists()
        before = version()
        time_machine.move_to(AT + timedelta(seconds=1), tick=False)
        worker_run()
        assert version() == before
        returns = {run.run_after: run.return_value["published"] for run in due_runs()}
        assert returns == {earlier: True, AT: False}


class TestEveryPathSchedules:
    def test_an_admin_edit_moving_a_published_article_later_takes_its_file_and_schedules_it(
        self, make_article, committed, published_tree, staff, time_machine
    ):
        from news.models import Article
        from publishing.services import pages_publish_waiting
        from tests.conftest import change_form_data, client_for

        time_machine.move_to(NOW, tick=False)
        article = committed(lambda: make_article(title="已发布后改期"))
        pages_publish_waiting()
        assert article_file(published_tree, article).exists()
        data = change_form_data(article, published_at_0="2026-06-15", published_at_1="11:00:00")
        response = committed(lambda: client_for(staff["admin"]).post(f"/admin/news/article/{article.pk}/change/", data))
        assert response.status_code == 302
        assert Article.objects.get(pk=article.pk).published_at == AT
        assert not article_file(published_tree, article).exists()
        assert list(due_runs().values_list("run_after", flat=True)) == [AT]
        time_machine.move_to(AT + timedelta(seconds=1), tick=False)
        worker_run()
        assert "已发布后改期" in article_file(published_tree, article).read_text()
