"""The auditors' export page in the admin."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from archive.models import ExportJob, ExportRecord
from archive.tasks import export_job_make
from tests.conftest import client_for
from tests.ops.test_daily_tasks import worker_run

EXPORT_URL = "/admin/archive/exportrecord/export/"


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("admin", password="pw-admin-123")


class TestWhoMayExport:
    def test_the_migration_creates_the_auditor_group_with_its_permissions(self, db):
        group = Group.objects.get(name="审计")
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {"export_archive", "view_exportrecord", "view_article", "view_column"} <= codenames

    def test_anonymous_visitors_are_refused_with_403(self, client, site):
        assert client.get(EXPORT_URL).status_code == 403
        assert client.post(EXPORT_URL, {"format": "csv"}).status_code == 403
        assert not ExportRecord.objects.exists()

    def test_editors_are_refused_with_403(self, client, editor, make_article):
        make_article()
        client.force_login(editor)
        response = client.get(EXPORT_URL)
        assert response.status_code == 403
        assert "您没有导出文章档案的权限" in response.content.decode()
        assert client.post(EXPORT_URL, {"format": "csv", "status": "published"}).status_code == 403
        assert not ExportRecord.objects.exists()

    def test_auditors_may_export(self, client, auditor, site):
        client.force_login(auditor)
        response = client.get(EXPORT_URL)
        assert response.status_code == 200
        assert "导出文章档案" in response.content.decode()

    def test_superusers_may_export_once_past_the_second_factor(self, client, superuser, site):
        assert client_for(superuser).get(EXPORT_URL).status_code == 200

    def test_auditors_see_the_export_log_with_a_link_to_the_page(self, client, auditor, site):
        client.force_login(auditor)
        page = client.get(reverse("admin:archive_exportrecord_changelist")).content.decode()
        assert EXPORT_URL in page

    def test_editors_do_not_see_the_export_log(self, client, editor, site):
        client.force_login(editor)
        assert client.get(reverse("admin:archive_exportrecord_changelist")).status_code == 403


class TestStreamedListings:
    def test_csv_is_streamed_and_logged_with_the_sha256_of_what_was_sent(self, client, auditor, make_article, columns):
        make_article(title="苏力德苏木召开专题会议", column=columns["news"])
        make_article(title="要闻一则", column=columns["headlines"])
        client.force_login(auditor)
        response = client.post(EXPORT_URL, {"format": "csv", "status": "published", "columns": ["gongkai"]})
        assert response.status_code == 200 and response.streaming
        assert response["Content-Disposition"].startswith('attachment; filename="archive-')
        content = body_of(response)
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        assert [row[1] for row in rows[1:]] == ["苏力德苏木召开专题会议"]
        record = ExportRecord.objects.get()
        assert record.sha256 == hashlib.sha256(content).hexdigest()
        assert (record.user, record.count, record.fmt, record.via) == (auditor, 1, "csv", "admin")
        assert record.filters["columns"] == ["gongkai"]

    def test_json_is_streamed(self, client, auditor, make_article):
        make_article(title="防汛工作")
        client.force_login(auditor)
        response = client.post(EXPORT_URL, {"format": "json", "status": "published", "keyword": "防汛"})
        data = json.loads(body_of(response))
        assert [a["标题"] for a in data["文章"]] == ["防汛工作"] and data["筛选条件"]["keyword"] == "防汛"


class TestBadInput:
    @pytest.mark.parametrize(
        "data, message",
        [
            ({"since": "2024-02-30"}, "日期无效"),
            ({"since": "2024-06-30", "until": "2024-06-01"}, "开始日期 2024-06-30 晚于结束日期 2024-06-01"),
            # The calendar's first and last days were a 500 (OverflowError) before.
            ({"since": "0001-01-01"}, "开始日期 0001-01-01 超出范围"),
            ({"until": "9999-12-31"}, "结束日期 9999-12-31 超出范围"),
            ({"columns": ["no-such-column"]}, "没有这个栏目:no-such-column"),
            ({"format": "pdf"}, "没有这种导出格式:pdf"),
            ({"status": "deleted"}, "没有这种状态:deleted"),
        ],
    )
    def test_gets_400_and_a_clear_message(self, client, auditor, columns, data, message):
        client.force_login(auditor)
        response = client.post(EXPORT_URL, {"format": "csv", "status": "published", **data})
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not ExportRecord.objects.exists() and not ExportJob.objects.exists()


# The job is queued once the request's transaction commits and built by the
# task worker (`db_worker --batch`, run here in the test's transaction).
class TestBackgroundPackages:
    def test_a_package_is_built_in_the_background_and_offered_when_ready(
        self, client, auditor, make_article, django_capture_on_commit_callbacks
    ):
        make_article(title="苏力德苏木召开专题会议")
        client.force_login(auditor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(EXPORT_URL, {"format": "package", "status": "published"})
        job = ExportJob.objects.get()
        assert response.status_code == 302 and response["Location"] == f"{EXPORT_URL}jobs/{job.pk}/"
        assert job.state == "pending"  # queued, not built in the web worker
        assert "等待中" in client.get(response["Location"]).content.decode()
        (queued,) = DBTaskResult.objects.filter(task_path=export_job_make.module_path)
        assert queued.args_kwargs["args"] == [job.pk] and queued.status == TaskResultStatus.READY
        worker_run()
        job.refresh_from_db()
        assert (job.state, job.done, job.total, job.with_pdf) == ("done", 1, 1, False)
        page = client.get(response["Location"]).content.decode()
        assert "已完成:共 1 篇文章" in page and "http-equiv" not in page
        download = client.get(f"{EXPORT_URL}jobs/{job.pk}/download/")
        content = body_of(download)
        assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
        assert job.record.sha256 == hashlib.sha256(content).hexdigest()
        assert (job.record.user, job.record.count, job.record.fmt) == (auditor, 1, "package")

    def test_xlsx_with_pdf_box_ticked_runs_in_the_background_too(
        self, client, auditor, make_article, django_capture_on_commit_callbacks
    ):
        make_article()
        client.force_login(auditor)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(EXPORT_URL, {"format": "xlsx", "status": "published", "with_pdf": "on"})
        job = ExportJob.objects.get()
        worker_run()
        job.refresh_from_db()
        assert job.state == "done" and job.file_name.endswith(".xlsx")


class TestJobPages:
    def test_a_running_job_shows_progress_and_refreshes(self, client, auditor, site):
        job = ExportJob.objects.create(user=auditor, fmt="package", state="running", done=300, total=1200)
        client.force_login(auditor)
        page = client.get(f"{EXPORT_URL}jobs/{job.pk}/").content.decode()
        assert "已完成 300 / 1200 篇(25%)" in page and 'http-equiv="refresh"' in page

    def test_another_auditors_job_is_not_shown(self, client, auditor, site):
        other = User.objects.create_user("other", is_staff=True)
        other.groups.add(Group.objects.get(name="审计"))
        job = ExportJob.objects.create(user=other, fmt="package")
        client.force_login(auditor)
        assert client.get(f"{EXPORT_URL}jobs/{job.pk}/").status_code == 404
        assert client.get(f"{EXPORT_URL}jobs/{job.pk}/download/").status_code == 404

    def test_a_job_queued_long_without_a_worker_says_it_is_kept(self, client, auditor, site, time_machine):
        job = ExportJob.objects.create(user=auditor, fmt="package")
        time_machine.shift(ExportJob.STALE_AFTER + timedelta(minutes=1))
        client.force_login(auditor)
        page = client.get(f"{EXPORT_URL}jobs/{job.pk}/").content.decode()
        assert "排队已超过 10 分钟" in page and "任务不会丢失" in page

    def test_a_failed_job_says_so(self, client, auditor, site):
        job = ExportJob.objects.create(user=auditor, fmt="package", state="failed", error="OSError: 磁盘已满")
        client.force_login(auditor)
        assert "导出失败:OSError: 磁盘已满" in client.get(f"{EXPORT_URL}jobs/{job.pk}/").content.decode()
