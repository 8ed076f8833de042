"""Retention as daily jobs of the task queue (ops/schedule.py): old backups
rotated after the night's backup (02:30, portal-backup.timer), the audit log
purged after AUDIT_LOG_RETENTION_DAYS."""
from datetime import time

from .retention import audit_log_purge, backups_rotate
from .schedule import daily


@daily(at=time(3, 0))
def backups_rotate_daily():
    return len(backups_rotate())


@daily(at=time(3, 30))
def audit_log_purge_daily():
    return audit_log_purge()
