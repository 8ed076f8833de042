"""The 网站体检 report is made by a task on the queue, never inside a request:
the page shows the last report with its time and a button to ask for a new one."""

import pytest
import time_machine
from django.test import TestCase
from django_tasks_db.models import DBTaskResult

from health import chart, tasks
from health.models import HealthReport
from health.report import Report, site_health_check
from tests.conftest import beijing

from .conftest import report_made, worker_run

pytestmark = pytest.mark.django_db
URL = "/admin/health/sitehealth/"


@pytest.fixture
def no_check_in_requests(monkeypatch):
    """Any check run while this is active fails the test."""

    def refuse(**kwargs):
        raise AssertionError("the check ran inside the request")

    monkeypatch.setattr(tasks, "site_health_check", refuse)


class TestThePageNeverRunsTheCheck:
    def test_before_any_report_the_page_says_so_and_offers_the_button(
        self, client, auditor, healthy_site, no_check_in_requests
    ):
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        assert "还没有体检报告" in page and "重新体检" in page
        assert HealthReport.objects.count() == 0

    def test_the_page_and_the_downloads_show_the_last_report_made_not_a_new_one(
        self, client, auditor, healthy_site, make_article, monkeypatch
    ):
        with time_machine.travel(beijing(2026, 11, 30, 8, 15), tick=False):
            report_made()
        make_article(title="后来的文章", body='<p><a href="/article/999999/">断链</a></p>')
        monkeypatch.setattr(tasks, "site_health_check", lambda **kwargs: pytest.fail("the check ran in a request"))
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        assert "本报告生成于 <strong>2026-11-30 08:15</strong>" in page
        assert "后来的文章" not in page  # found by the next report, not by opening the page
        assert client.get(URL + "report.xlsx").status_code == 200

    def test_downloads_before_any_report_lead_back_with_a_chinese_message(self, client, auditor, healthy_site):
        client.force_login(auditor)
        response = client.get(URL + "report.xlsx", follow=True)
        assert response.redirect_chain == [(URL + "?site=main", 302)]
        assert "还没有体检报告。请先点击「重新体检」" in response.content.decode()


class TestTheButtonQueuesAReport:
    def test_a_queued_report_is_made_by_the_worker_and_then_shown(
        self, client, auditor, healthy_site, make_article, django_capture_on_commit_callbacks
    ):
        make_article(title="转发通知", body='<p><a href="/article/999999/">旧通知原文</a></p>')
        client.force_login(auditor)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL + "refresh/", follow=True)
        page = response.content.decode()
        assert response.redirect_chain == [(URL + "?site=main", 302)]
        assert (
            "已提交重新体检(乌审旗苏力德苏木人民政府)" in page and "正在排队或运行" in page and "还没有体检报告" in page
        )
        waiting = HealthReport.objects.get()
        assert waiting.made_at is None and waiting.requested_by == "shenji"
        assert DBTaskResult.objects.filter(task_path="health.tasks.site_health_report_make").count() == 1

        worker_run()
        waiting.refresh_from_db()
        assert waiting.made_at is not None and waiting.data["stats"]["articles_scanned"] >= 1
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"
        page = client.get(URL).content.decode()
        assert "不可用链接:文章“转发通知”中的“旧通知原文”" in page
        assert "正在排队或运行" not in page

    def test_pressing_twice_while_one_waits_queues_one_report(self, auditor, healthy_site):
        with TestCase.captureOnCommitCallbacks(execute=True):
            first = tasks.health_report_request(user=auditor)
            second = tasks.health_report_request(user=auditor)
        assert first == second
        assert DBTaskResult.objects.count() == 1

    def test_a_report_left_waiting_by_a_killed_worker_does_not_block_new_ones(
        self, auditor, healthy_site, time_machine
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            stuck = tasks.health_report_request(user=auditor)
        DBTaskResult.objects.all().delete()  # the worker died with it
        time_machine.shift(tasks.STALE_AFTER.total_seconds() + 60)
        with TestCase.captureOnCommitCallbacks(execute=True):
            fresh = tasks.health_report_request(user=auditor)
        stuck.refresh_from_db()
        assert fresh != stuck and "已重新排队" in stuck.error
        assert DBTaskResult.objects.count() == 1

    def test_staff_without_the_permission_may_not_ask_for_a_report(self, client, editor, healthy_site):
        client.force_login(editor)
        assert client.post(URL + "refresh/").status_code == 403
        assert HealthReport.objects.count() == 0

    def test_a_get_does_not_queue_anything(self, client, auditor, healthy_site):
        client.force_login(auditor)
        assert client.get(URL + "refresh/").status_code == 405
        assert HealthReport.objects.count() == 0

    def test_only_the_last_reports_are_kept(self, healthy_site, monkeypatch):
        monkeypatch.setattr(tasks, "KEEP_REPORTS", 2)
        for _ in range(3):
            report_made()
        assert HealthReport.objects.count() == 2


class TestTheStoredReport:
    def test_a_stored_report_reads_back_as_the_one_made(self, healthy_site, make_article):
        make_article(title="转发通知", body='<p><a href="/article/999999/">旧通知原文</a></p>')
        made = site_health_check(external=True, fetch_external=False)
        stored = Report.from_dict(made.as_dict())
        assert stored.as_dict() == made.as_dict()
        assert [(f.severity, f.category, f.points_label) for f in stored.findings] == [
            (f.severity, f.category, f.points_label) for f in made.findings
        ]
        assert [(s.column.name, s.type_label, counts) for s, counts in stored.weekly.rows] == [
            (s.column.name, s.type_label, counts) for s, counts in made.weekly.rows
        ]
        assert chart.svg(stored.weekly, stored.generated_at) == chart.svg(made.weekly, made.generated_at)


class TestCheckSiteKeepsItsReport:
    def test_the_page_shows_the_report_check_site_made(self, client, auditor, healthy_site, run_check):
        run_check("--no-external")
        row = HealthReport.objects.get()
        assert row.requested_by == "check_site" and row.made_at is not None
        client.force_login(auditor)
        page = client.get(URL).content.decode()
        assert "还没有体检报告" not in page and "本报告生成于" in page
