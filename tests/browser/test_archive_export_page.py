"""An auditor exports an archive package from the admin in Chromium."""

import importlib
import zipfile

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission, User
from django.test import Client

from archive.models import ExportRecord
from tests.conftest import site_member_add
from tests.ops.test_daily_tasks import worker_run

pytestmark = pytest.mark.django_db(transaction=True)
auditor_migration = importlib.import_module("archive.migrations.0002_auditor_group")


@pytest.fixture
def auditor_page(context, live_server, make_article):
    make_article(title="苏力德苏木召开专题会议")
    # Earlier transactional tests flush the database: make the group again
    # with the migration's permissions (the site settings' are the site's now).
    group, _ = Group.objects.get_or_create(name="审计")
    for app_label, codename in auditor_migration.PERMISSIONS:
        codename = codename.replace("_sitesettings", "_site")
        group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    user = User.objects.create_user("shenji", password="pw-auditor-123", is_staff=True)
    user.groups.add(group)
    site_member_add(user)
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    return context.new_page()


class TestExportPage:
    def test_an_auditor_builds_a_package_watches_it_finish_and_downloads_it(self, auditor_page, live_server, tmp_path):
        page = auditor_page
        page.goto(f"{live_server.url}/admin/archive/exportrecord/")
        page.get_by_role("link", name="导出文章档案").click()
        page.get_by_label("格式").select_option("package")
        page.get_by_label("归档包中生成 PDF").uncheck()
        page.get_by_role("button", name="导出").click()
        assert "等待中" in page.get_by_role("status").inner_text()  # queued for the task worker
        worker_run()
        page.get_by_text("已完成:共 1 篇文章").wait_for(timeout=30_000)  # the page refreshes itself
        with page.expect_download() as download_info:
            page.get_by_role("link", name="下载").click()
        path = tmp_path / "download.zip"
        download_info.value.save_as(path)
        assert zipfile.ZipFile(path).testzip() is None
        assert ExportRecord.objects.get().count == 1

    def test_a_reversed_date_range_is_explained_on_the_page(self, auditor_page, live_server):
        page = auditor_page
        page.goto(f"{live_server.url}/admin/archive/exportrecord/export/")
        page.get_by_label("发布日期起").fill("2024-06-30")
        page.get_by_label("发布日期止").fill("2024-06-01")
        page.get_by_role("button", name="导出").click()
        assert "开始日期 2024-06-30 晚于结束日期 2024-06-01" in page.get_by_role("alert").inner_text()
        assert not ExportRecord.objects.exists()

    def test_a_csv_download_is_logged_as_finished_in_the_export_log(self, auditor_page, live_server, tmp_path):
        page = auditor_page
        page.goto(f"{live_server.url}/admin/archive/exportrecord/export/")
        page.get_by_label("格式").select_option("csv")
        with page.expect_download() as download_info:
            page.get_by_role("button", name="导出").click()
        path = tmp_path / "listing.csv"
        download_info.value.save_as(path)
        assert "苏力德苏木召开专题会议" in path.read_text(encoding="utf-8-sig")
        record = ExportRecord.objects.get()
        assert (record.status, record.count) == ("done", 1)
        page.goto(f"{live_server.url}/admin/archive/exportrecord/")
        row = page.locator("#result_list tbody tr").first
        assert "已完成" in row.inner_text() and "CSV" in row.inner_text()
