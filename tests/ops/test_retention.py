"""Retention: backups rotated 7 daily / 4 weekly / 12 monthly (configurable),
the audit log purged after its period and never before 180 days, each run
recorded in the audit log."""

import hashlib
import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.checks import run_checks
from django.core.management import call_command

from news.models import AuditAction, AuditEntry
from ops.retention import audit_log_next_purge, audit_log_purge, backup_archives, backups_rotate, backups_to_keep

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 30, 2, 30, tzinfo=UTC)


def nightly_archives(directory, days, start=datetime(2026, 6, 30, 2, 30)):
    """One archive a night for `days` nights, ending at `start`."""
    directory.mkdir(exist_ok=True)
    for back in range(days):
        stamp = start - timedelta(days=back)
        (directory / f"portal-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"x")
    return directory


class TestBackupRotation:
    def test_a_year_of_nightly_backups_keeps_seven_days_four_weeks_and_twelve_months(self, tmp_path, settings):
        settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 7, 4, 12
        directory = nightly_archives(tmp_path / "backups", 400)
        deleted = backups_rotate(directory=directory)
        kept = sorted(stamp for stamp, _ in backup_archives(directory))
        days = {stamp.date() for stamp in kept}
        assert {datetime(2026, 6, 30).date() - timedelta(days=n) for n in range(7)} <= days
        # 30 June 2026 is a Tuesday: this week's newest, then the three Sundays before (ISO weeks end on Sunday).
        assert {datetime(2026, 6, day).date() for day in (30, 28, 21, 14)} <= days
        assert datetime(2026, 6, 7).date() not in days
        # The last day of each of the previous eleven months, and this month's newest.
        month_ends = {(stamp.year, stamp.month) for stamp in kept}
        assert len(month_ends) == 12 and (2025, 7) in month_ends and (2025, 6) not in month_ends
        assert len(kept) + len(deleted) == 400
        assert len(kept) == len(set(kept)) < 7 + 4 + 12
        assert all(not path.exists() for path in deleted)

    def test_the_policy_comes_from_the_settings(self, tmp_path, settings):
        settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 2, 0, 0
        directory = nightly_archives(tmp_path / "backups", 10)
        backups_rotate(directory=directory)
        assert [stamp.day for stamp, _ in backup_archives(directory)] == [30, 29]

    def test_the_newest_archive_is_always_kept_and_other_files_are_left_alone(self, tmp_path):
        directory = nightly_archives(tmp_path / "backups", 3)
        (directory / "notes.txt").write_text("keep me")
        (directory / "portal-manual.tar.gz").write_bytes(b"not one of ours")
        backups_rotate(directory=directory, daily=0, weekly=0, monthly=0)
        assert [stamp.day for stamp, _ in backup_archives(directory)] == [30]
        assert (directory / "notes.txt").exists() and (directory / "portal-manual.tar.gz").exists()

    def test_several_backups_on_one_day_count_once(self):
        stamps = [datetime(2026, 6, 30, hour) for hour in (23, 12, 1)] + [datetime(2026, 6, 29, 2)]
        assert backups_to_keep(stamps, daily=2, weekly=0, monthly=0) == {stamps[0], stamps[3]}

    def test_the_rotation_is_recorded_in_the_audit_log(self, tmp_path, settings):
        settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY = 2, 0, 0
        directory = nightly_archives(tmp_path / "backups", 5)
        out = io.StringIO()
        call_command("backups_rotate", "--dir", str(directory), stdout=out)
        assert "保留 2 个备份,删除 3 个" in out.getvalue()
        entry = AuditEntry.objects.get(action=AuditAction.RETENTION)
        assert sorted(entry.details["deleted"]) == [f"portal-202606{day}-023000.tar.gz" for day in (26, 27, 28)]


def entry_at(when, **fields):
    entry = AuditEntry.objects.create(action=AuditAction.LOGIN, username="editor", **fields)
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)
    return entry


class TestAuditLogPurge:
    def test_entries_past_the_period_go_and_the_purge_is_recorded(self, settings):
        settings.AUDIT_LOG_RETENTION_DAYS = 365
        old = entry_at(NOW - timedelta(days=366))
        recent = entry_at(NOW - timedelta(days=364))
        assert audit_log_purge(now=NOW) == 1
        assert not AuditEntry.objects.filter(pk=old.pk).exists()
        assert AuditEntry.objects.filter(pk=recent.pk).exists()
        record = AuditEntry.objects.get(action=AuditAction.RETENTION)
        assert record.details["purged"] == 1 and record.details["days"] == 365

    def test_a_shorter_setting_still_keeps_180_days_and_fails_the_checks(self, settings):
        settings.AUDIT_LOG_RETENTION_DAYS = 30
        kept = entry_at(NOW - timedelta(days=179))
        assert audit_log_purge(now=NOW) == 0
        assert AuditEntry.objects.filter(pk=kept.pk).exists()
        assert "ops.E003" in [error.id for error in run_checks()]

    def test_nothing_to_purge_writes_nothing(self, settings):
        entry_at(NOW - timedelta(days=10))
        assert audit_log_purge(now=NOW) == 0
        assert not AuditEntry.objects.filter(action=AuditAction.RETENTION).exists()

    def test_the_next_purge_is_when_the_oldest_entry_expires(self, settings):
        settings.AUDIT_LOG_RETENTION_DAYS = 200
        assert audit_log_next_purge() is None
        entry_at(NOW - timedelta(days=10))
        entry_at(NOW - timedelta(days=50))
        assert audit_log_next_purge() == NOW - timedelta(days=50) + timedelta(days=200)


class TestAdminOverview:
    @pytest.mark.django_db(transaction=True)
    def test_the_audit_log_page_shows_the_last_backup_its_size_checksum_and_the_next_purge(
        self, admin_client, tmp_path, settings, site
    ):
        from django.urls import reverse

        from ops.backups import backup_create

        settings.BACKUP_DIR = tmp_path / "backups"
        settings.AUDIT_LOG_RETENTION_DAYS = 200
        page = admin_client.get(reverse("admin:news_auditentry_changelist")).content.decode()
        assert "尚无备份" in page
        archive = backup_create()
        digest, name = (tmp_path / "backups" / f"{archive.name}.sha256").read_text().split()
        assert name == archive.name and digest == hashlib.sha256(archive.read_bytes()).hexdigest()
        entry_at(NOW - timedelta(days=50))
        page = admin_client.get(reverse("admin:news_auditentry_changelist")).content.decode()
        assert archive.name in page and digest in page
        assert "最近 7 天、4 周、12 个月" in page
        assert f"200 天;下次有日志到期清理:{(NOW + timedelta(days=150)):%Y-%m-%d}" in page

    def test_rotation_deletes_the_checksum_file_with_its_archive(self, tmp_path):
        directory = nightly_archives(tmp_path / "backups", 3)
        for path in directory.glob("*.tar.gz"):
            (directory / f"{path.name}.sha256").write_text("x")
        backups_rotate(directory=directory, daily=1, weekly=0, monthly=0)
        assert sorted(p.name for p in directory.iterdir()) == [
            "portal-20260630-023000.tar.gz",
            "portal-20260630-023000.tar.gz.sha256",
        ]
