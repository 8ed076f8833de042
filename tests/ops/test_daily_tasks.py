"""Daily jobs on the task queue (ops/schedule.py), run by the real worker
(`manage.py db_worker --batch`): backups rotated, the audit log purged and
unused editor images removed every night, each run queueing the next."""

import io
import os
from datetime import timedelta
from unittest import mock

import pytest
import reversion
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from news.media.image_cleanup import editor_images_stored, editor_images_unused_purge
from news.media.images import image_store, rendition_name
from news.models import Article, ArticleCorrection, ArticleStatus, AuditAction, AuditEntry
from ops.schedule import DAILY_TASKS, daily_tasks_schedule, next_run
from tests.conftest import beijing
from tests.media_files import photo_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_media(settings, tmp_path):
    """Only this test's uploads in MEDIA_ROOT, whatever other tests left;
    the every-minute view count job the worker runs beside the daily ones
    finds only this test's (empty) spool."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VIEW_COUNT_SPOOL_DIR = tmp_path / "views"


def worker_run():
    """`manage.py db_worker --batch`: every task that is due run, then it
    stops. Inside a test's transaction it must keep the connection open."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


AT = {
    "ops.tasks.backups_rotate_daily": (3, 0),
    "ops.tasks.audit_log_purge_daily": (3, 30),
    "news.media.tasks.editor_images_unused_purge_daily": (4, 0),
    "ops.tasks.task_results_prune_daily": (4, 30),
}
ONCE_EACH = [1] * len(AT)


def queued(path, status=TaskResultStatus.READY):
    return list(DBTaskResult.objects.filter(task_path=path, status=status).order_by("run_after"))


def schedule():
    out = io.StringIO()
    call_command("tasks_schedule", stdout=out)
    return out.getvalue()


def nightly_archives(directory, days, end):
    directory.mkdir(exist_ok=True)
    for back in range(days):
        stamp = end - timedelta(days=back)
        (directory / f"portal-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"x")


def aged(stored_name, days):
    """Make the image's files (original and renditions) `days` old."""
    moment = (timezone.now() - timedelta(days=days)).timestamp()
    for name in editor_images_stored()[stored_name.rsplit(".", 1)[0]]:
        os.utime(default_storage.path(name), (moment, moment))
    return stored_name


def editor_image(days_old):
    return aged(image_store(upload=photo_upload(size=(1200, 800))).name, days_old)


def exists_with_renditions(name):
    return default_storage.exists(name) and default_storage.exists(rendition_name(name, 480))


def body_with(name):
    return f'<figure class="image"><img src="{default_storage.url(name)}" alt="会场"></figure>'


class TestScheduling:
    def test_each_daily_job_is_queued_for_its_next_time_in_beijing(self, time_machine):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0), tick=False)
        schedule()
        runs = {path: queued(path) for path in DAILY_TASKS}
        assert all(len(rows) == 1 for rows in runs.values())
        assert runs["ops.tasks.backups_rotate_daily"][0].run_after == beijing(2026, 6, 16, 3, 0)
        assert runs["ops.tasks.audit_log_purge_daily"][0].run_after == beijing(2026, 6, 16, 3, 30)
        assert runs["news.media.tasks.editor_images_unused_purge_daily"][0].run_after == beijing(2026, 6, 16, 4, 0)
        assert runs["ops.tasks.task_results_prune_daily"][0].run_after == beijing(2026, 6, 16, 4, 30)
        assert set(runs) == set(AT)

    def test_scheduling_twice_queues_each_job_once(self):
        first = schedule()
        second = schedule()
        assert f"新排入 {len(AT)} 项" in first and "新排入 0 项" in second
        assert [len(queued(path)) for path in DAILY_TASKS] == ONCE_EACH
        assert daily_tasks_schedule() == []

    def test_before_its_time_the_worker_leaves_a_job_waiting(self, time_machine):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0), tick=False)
        schedule()
        time_machine.move_to(beijing(2026, 6, 16, 2, 59), tick=False)
        worker_run()
        daily_runs = DBTaskResult.objects.filter(task_path__in=DAILY_TASKS)
        assert daily_runs.filter(status=TaskResultStatus.READY).count() == len(AT)
        assert not daily_runs.exclude(status=TaskResultStatus.READY).exists()

    def test_the_next_run_is_today_until_the_time_has_passed(self):
        at = timezone.datetime(2026, 6, 15, 3, 0).time()
        assert next_run(at, beijing(2026, 6, 15, 2, 59)) == beijing(2026, 6, 15, 3, 0)
        assert next_run(at, beijing(2026, 6, 15, 3, 0)) == beijing(2026, 6, 16, 3, 0)
        assert next_run(at, beijing(2026, 6, 15, 23, 59)) == beijing(2026, 6, 16, 3, 0)


class TestTheNightlyRun:
    @pytest.fixture
    def night(self, time_machine, tmp_path, settings):
        """Scheduled on 15 June; old backups and an old audit entry waiting;
        the worker runs at 05:00 on 16 June."""
        time_machine.move_to(beijing(2026, 6, 15, 10, 0), tick=False)
        settings.BACKUP_DIR = tmp_path / "backups"
        settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 3, 0, 0
        nightly_archives(settings.BACKUP_DIR, 10, timezone.datetime(2026, 6, 16, 2, 30))
        old = AuditEntry.objects.create(action=AuditAction.LOGIN, username="old")
        AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=400))
        unused = editor_image(days_old=30)
        schedule()
        time_machine.move_to(beijing(2026, 6, 16, 5, 0), tick=False)
        worker_run()
        return {"backups": settings.BACKUP_DIR, "old_entry": old, "unused": unused}

    def test_every_job_ran_and_did_its_work(self, night):
        assert sorted(p.name for p in night["backups"].glob("*.tar.gz")) == [
            "portal-20260614-023000.tar.gz",
            "portal-20260615-023000.tar.gz",
            "portal-20260616-023000.tar.gz",
        ]
        assert not AuditEntry.objects.filter(pk=night["old_entry"].pk).exists()
        assert not default_storage.exists(night["unused"])
        for path in DAILY_TASKS:
            assert len(queued(path, TaskResultStatus.SUCCESSFUL)) == 1

    def test_each_job_queued_itself_for_the_next_day(self, night):
        assert queued("ops.tasks.backups_rotate_daily")[0].run_after == beijing(2026, 6, 17, 3, 0)
        assert queued("ops.tasks.audit_log_purge_daily")[0].run_after == beijing(2026, 6, 17, 3, 30)
        assert queued("news.media.tasks.editor_images_unused_purge_daily")[0].run_after == beijing(2026, 6, 17, 4, 0)
        assert queued("ops.tasks.task_results_prune_daily")[0].run_after == beijing(2026, 6, 17, 4, 30)
        assert [len(queued(path)) for path in DAILY_TASKS] == ONCE_EACH

    def test_scheduling_after_the_run_adds_nothing(self, night):
        assert "新排入 0 项" in schedule()
        assert [len(queued(path)) for path in DAILY_TASKS] == ONCE_EACH

    def test_the_next_night_runs_again(self, night, time_machine):
        time_machine.move_to(beijing(2026, 6, 17, 5, 0), tick=False)
        worker_run()
        for path in DAILY_TASKS:
            assert len(queued(path, TaskResultStatus.SUCCESSFUL)) == 2
            assert [row.run_after for row in queued(path)] == [beijing(2026, 6, 18, *AT[path])]

    def test_the_runs_are_in_the_audit_log(self, night):
        remarks = list(AuditEntry.objects.filter(action=AuditAction.RETENTION).values_list("remark", flat=True))
        assert any("旧备份" in remark for remark in remarks)
        assert any("操作日志" in remark for remark in remarks)
        assert any("正文图片" in remark for remark in remarks)


class TestOldTaskResults:
    def test_results_finished_over_a_month_ago_go_and_waiting_tasks_stay(self, time_machine):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0), tick=False)
        schedule()
        time_machine.move_to(beijing(2026, 6, 16, 5, 0), tick=False)
        worker_run()  # the first night's runs finish
        time_machine.move_to(beijing(2026, 7, 16, 4, 0), tick=False)
        worker_run()  # 30 days later: the runs of 16 June are not quite old enough
        assert len(queued("ops.tasks.backups_rotate_daily", TaskResultStatus.SUCCESSFUL)) == 2
        time_machine.move_to(beijing(2026, 7, 17, 5, 0), tick=False)
        worker_run()  # the prune due at 04:30 on 16 July removes them
        assert len(queued("ops.tasks.backups_rotate_daily", TaskResultStatus.SUCCESSFUL)) == 2
        assert queued("ops.tasks.backups_rotate_daily", TaskResultStatus.SUCCESSFUL)[0].finished_at > beijing(
            2026, 7, 1
        )
        assert [len(queued(path)) for path in DAILY_TASKS] == ONCE_EACH


class TestAFailingRun:
    def test_a_job_that_fails_is_still_queued_for_the_next_day(self, time_machine, monkeypatch):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0), tick=False)
        schedule()

        def broken(**kwargs):
            raise OSError("磁盘错误")

        monkeypatch.setattr("ops.tasks.audit_log_purge", broken)
        time_machine.move_to(beijing(2026, 6, 16, 5, 0), tick=False)
        worker_run()
        path = "ops.tasks.audit_log_purge_daily"
        assert len(queued(path, TaskResultStatus.FAILED)) == 1
        assert [row.run_after for row in queued(path)] == [beijing(2026, 6, 17, 3, 30)]

    def test_a_worker_that_was_down_runs_the_job_once_when_it_is_back(self, time_machine):
        time_machine.move_to(beijing(2026, 6, 15, 10, 0), tick=False)
        schedule()
        time_machine.move_to(beijing(2026, 6, 19, 9, 0), tick=False)
        worker_run()
        for path in DAILY_TASKS:
            assert len(queued(path, TaskResultStatus.SUCCESSFUL)) == 1
            assert [row.run_after for row in queued(path)] == [beijing(2026, 6, 20, *AT[path])]


class TestUnusedEditorImages:
    def test_an_old_unused_image_goes_with_its_renditions_and_is_counted_in_the_audit_log(self):
        name = editor_image(days_old=8)
        assert exists_with_renditions(name)
        assert editor_images_unused_purge() == [name.rsplit(".", 1)[0]]
        assert not default_storage.exists(name)
        assert not default_storage.exists(rendition_name(name, 480))
        entry = AuditEntry.objects.get(action=AuditAction.RETENTION)
        assert entry.username == "系统" and "删除 1 张" in entry.remark

    def test_an_image_within_the_grace_period_stays(self):
        name = editor_image(days_old=6)
        assert editor_images_unused_purge() == []
        assert exists_with_renditions(name)
        assert not AuditEntry.objects.exists()

    def test_the_grace_period_comes_from_the_settings(self, settings):
        settings.EDITOR_IMAGE_GRACE_DAYS = 30
        name = editor_image(days_old=20)
        assert editor_images_unused_purge() == []
        settings.EDITOR_IMAGE_GRACE_DAYS = 10
        assert editor_images_unused_purge() == [name.rsplit(".", 1)[0]]

    def test_an_image_in_an_article_body_stays(self, make_article):
        name = editor_image(days_old=30)
        make_article(body=body_with(name))
        assert editor_images_unused_purge() == []
        assert exists_with_renditions(name)

    def test_an_image_in_an_article_in_the_recycle_bin_stays(self, make_article):
        from news.editorial.actors import SYSTEM
        from news.editorial.services import article_trash

        name = editor_image(days_old=30)
        article_trash(article=make_article(body=body_with(name), status=ArticleStatus.DRAFT), actor=SYSTEM)
        assert Article.objects.trashed().exists()
        assert editor_images_unused_purge() == []
        assert exists_with_renditions(name)

    def test_an_image_only_a_rendition_of_which_is_in_a_body_stays(self, make_article):
        name = editor_image(days_old=30)
        make_article(body=f'<img src="{default_storage.url(rendition_name(name, 480))}" alt="">')
        assert editor_images_unused_purge() == []
        assert exists_with_renditions(name)

    def test_an_image_only_an_earlier_revision_shows_stays(self, columns):
        name = editor_image(days_old=30)
        with reversion.create_revision():
            article = Article.objects.create(title="旧稿", column=columns["news"], body=body_with(name))
        Article.objects.filter(pk=article.pk).update(body="<p>图片已删去。</p>")
        assert editor_images_unused_purge() == []
        assert exists_with_renditions(name)

    def test_an_image_only_a_correction_shows_stays(self, make_article):
        name = editor_image(days_old=30)
        article = make_article(body="<p>原文没有图片。</p>")
        ArticleCorrection.objects.create(article=article, title=article.title, body=body_with(name), base_version=1)
        assert editor_images_unused_purge() == []
        assert exists_with_renditions(name)

    def test_only_the_unused_one_of_several_goes(self, make_article):
        used, unused = editor_image(days_old=30), editor_image(days_old=30)
        make_article(body=body_with(used))
        assert editor_images_unused_purge() == [unused.rsplit(".", 1)[0]]
        assert exists_with_renditions(used) and not default_storage.exists(unused)

    def test_covers_and_other_folders_are_never_touched(self):
        old = (timezone.now() - timedelta(days=365)).timestamp()
        names = [
            default_storage.save("covers/2025/01/" + "a" * 32 + ".jpg", ContentFile(b"cover")),
            default_storage.save("attachments/2025/01/" + "b" * 32 + ".jpg", ContentFile(b"file")),
            default_storage.save("editor/notes.txt", ContentFile(b"not an upload")),
        ]
        for name in names:
            os.utime(default_storage.path(name), (old, old))
        assert editor_images_unused_purge() == []
        assert all(default_storage.exists(name) for name in names)
