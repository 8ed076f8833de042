"""静态页面 in `check_site`: a page whose writing failed, or that has waited
more than ten minutes, fails the check; written pages pass it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from publishing.models import PageFile

pytestmark = pytest.mark.django_db


def page(path, *, queued_ago, written_ago=None, error=""):
    now = timezone.now()
    written = None if written_ago is None else now - written_ago
    return PageFile.objects.create(
        path=path,
        queued_at=now - queued_ago,
        written_at=written,
        error=error,
        failed_at=written if error else None,
    )


class TestStaticPages:
    def test_written_pages_and_pages_queued_just_now_pass(self, healthy_site, run_check):
        page("/", queued_ago=timedelta(hours=1), written_ago=timedelta(minutes=59))
        page("/column/dongtai/", queued_ago=timedelta(minutes=9))
        status, output = run_check("--no-external")
        assert status == 0
        assert "静态页面" not in output

    def test_a_failed_page_fails_the_check_and_is_named_with_its_error(self, healthy_site, run_check):
        page(
            "/article/7/", queued_ago=timedelta(minutes=2), written_ago=timedelta(minutes=1), error="OSError: 磁盘已满"
        )
        status, output = run_check("--no-external")
        assert status == 1
        assert "[静态页面] 1 个静态页面写出失败" in output
        assert "main/article/7/:OSError: 磁盘已满" in output
        assert "/admin/publishing/pagefile/?state=failed" in output

    def test_a_page_waiting_more_than_ten_minutes_fails_the_check(self, healthy_site, run_check):
        page("/column/dongtai/?page=2", queued_ago=timedelta(minutes=11))
        status, output = run_check("--no-external")
        assert status == 1
        assert "1 个静态页面等待写出已超过 10 分钟" in output
        assert "main/column/dongtai/?page=2" in output

    def test_a_failed_page_queued_again_counts_as_waiting_not_failed(self, healthy_site, run_check):
        row = page("/", queued_ago=timedelta(minutes=5), written_ago=timedelta(minutes=4), error="RuntimeError: x")
        PageFile.objects.filter(pk=row.pk).update(queued_at=timezone.now())
        status, output = run_check("--no-external")
        assert status == 0 and "静态页面" not in output
