"""Retention: backups rotated (the newest of each of the last N days, weeks
and months that have one) and the audit log purged after its period. Plain
functions, each writing its audit entry, run every night as daily tasks
(ops/tasks.py, ops/schedule.py) and by hand through their commands."""

import re
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ops.backups import checksum_path

ARCHIVE_NAME = re.compile(r"^portal-(\d{8}-\d{6})\.tar\.gz$")
# The audit log is evidence: it is never kept for less than this.
AUDIT_LOG_MIN_DAYS = 180


def backup_archives(directory=None):
    """(time, path) of every archive `backup_create` wrote, newest first."""
    found = []
    for path in Path(directory or settings.BACKUP_DIR).glob("portal-*.tar.gz"):
        match = ARCHIVE_NAME.match(path.name)
        if match and path.is_file() and not path.is_symlink():
            found.append((datetime.strptime(match.group(1), "%Y%m%d-%H%M%S"), path))
    return sorted(found, reverse=True)


def backups_to_keep(stamps, *, daily, weekly, monthly):
    """The archive times to keep: the newest of each of the `daily` most recent
    days that have an archive, likewise for ISO weeks and months, and the
    newest of all."""
    keep = set(stamps[:1])
    for count, period in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen = []
        for stamp in stamps:  # newest first: the first of a period is its newest
            key = period(stamp)
            if key not in seen:
                if len(seen) == count:
                    break
                seen.append(key)
                keep.add(stamp)
    return keep


def backups_rotate(*, directory=None, daily=None, weekly=None, monthly=None):
    """Delete the archives the retention policy no longer keeps (settings
    BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY by default). Returns the deleted paths."""
    from news.audit import audit_record
    from news.models import AuditAction

    daily = settings.BACKUP_KEEP_DAILY if daily is None else daily
    weekly = settings.BACKUP_KEEP_WEEKLY if weekly is None else weekly
    monthly = settings.BACKUP_KEEP_MONTHLY if monthly is None else monthly
    archives = backup_archives(directory)
    keep = backups_to_keep([stamp for stamp, _ in archives], daily=daily, weekly=weekly, monthly=monthly)
    deleted = [path for stamp, path in archives if stamp not in keep]
    for path in deleted:
        path.unlink(missing_ok=True)
        checksum_path(path).unlink(missing_ok=True)
    if deleted:
        audit_record(
            user=None,
            action=AuditAction.RETENTION,
            remark=f"按保留规则删除 {len(deleted)} 个旧备份",
            deleted=[path.name for path in deleted],
            kept=len(archives) - len(deleted),
            policy={"daily": daily, "weekly": weekly, "monthly": monthly},
        )
    return deleted


def audit_log_retention_days():
    return max(int(settings.AUDIT_LOG_RETENTION_DAYS), AUDIT_LOG_MIN_DAYS)


def audit_log_purge(*, now=None):
    """Delete audit entries older than AUDIT_LOG_RETENTION_DAYS (never fewer
    than 180 days), recording the purge itself. Returns how many went."""
    from news.audit import audit_record
    from news.models import AuditAction, AuditEntry

    days = audit_log_retention_days()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    with transaction.atomic():
        purged, _ = AuditEntry.objects.filter(created_at__lt=cutoff).delete()
        if purged:
            audit_record(
                user=None,
                action=AuditAction.RETENTION,
                remark=f"删除 {purged} 条超过 {days} 天的操作日志",
                purged=purged,
                before=cutoff.isoformat(),
                days=days,
            )
    return purged


def audit_log_next_purge():
    """When the oldest entry passes its retention period (None: no entries)."""
    from news.models import AuditEntry

    oldest = AuditEntry.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return oldest + timedelta(days=audit_log_retention_days()) if oldest else None


def backup_latest_summary(directory=None):
    """The newest archive for the admin: name, time, size and SHA-256 (from
    the checksum file written with it; None if that is missing)."""
    archives = backup_archives(directory)
    if not archives:
        return None
    stamp, path = archives[0]
    checksum = checksum_path(path)
    digest = checksum.read_text().split()[0] if checksum.is_file() else None
    return {"name": path.name, "created": stamp, "size": path.stat().st_size, "sha256": digest}


def retention_overview():
    """What the audit log page shows about backups and the log's own purge."""
    return {
        "backup": backup_latest_summary(),
        "backup_policy": (settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_WEEKLY, settings.BACKUP_KEEP_MONTHLY),
        "audit_days": audit_log_retention_days(),
        "audit_next_purge": audit_log_next_purge(),
    }
