"""Retention as daily jobs of the task queue (ops/schedule.py): old backups
rotated after the night's backup (02:30, portal-backup.timer), the audit log
purged after AUDIT_LOG_RETENTION_DAYS, the queue's own finished results
removed after TASK_RESULTS_KEEP_DAYS."""

from datetime import time, timedelta

from django.utils import timezone

from .retention import audit_log_purge, backups_rotate
from .schedule import daily

# Finished task results (each night's runs, 网站体检 tasks) kept this long.
TASK_RESULTS_KEEP_DAYS = 30


@daily(at=time(3, 0))
def backups_rotate_daily():
    return len(backups_rotate())


@daily(at=time(3, 30))
def audit_log_purge_daily():
    return audit_log_purge()


@daily(at=time(4, 30))
def task_results_prune_daily():
    """What `manage.py prune_db_task_results` does, for results older than
    TASK_RESULTS_KEEP_DAYS; waiting and running tasks are never touched."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=TASK_RESULTS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted
