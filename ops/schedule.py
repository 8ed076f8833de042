"""Daily jobs on the site's one task queue (settings.TASKS, run by
`manage.py db_worker`): no cron line, no systemd timer.

A daily job is a django-tasks task declared with `@daily(at=time(3, 30))`
instead of `@task()`. Each run ends, whatever happened, by queueing the next
run with `run_after` = the next time `at` comes round (TIME_ZONE). A worker
that was down at that time runs the job as soon as it is back, once.

`manage.py tasks_schedule` (run before the worker starts: ExecStartPre of
deploy/systemd/portal-worker.service and `make run`) queues every daily job
that has no run waiting or running; calling it again queues nothing more.
The jobs are listed in DAILY_TASKS below.

Two `tasks_schedule` at the very same moment could queue a job twice; the
first of the two runs then sees the other waiting and queues nothing, so the
pair becomes one again after a night. A run never skips queueing its
successor for any other reason, so a job is never lost.

A job run every few minutes is declared with `@every(minutes=1)` and listed
in MINUTE_TASKS; it works the same way, its next run queued for the next
whole multiple of `minutes` (e.g. every minute on the minute)."""

import logging
from datetime import datetime, timedelta
from functools import wraps

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# When each repeating job runs next (module path -> function of now), filled
# by @daily and @every.
_NEXT_RUN = {}

# Every daily job, by dotted path: what `tasks_schedule` makes sure is queued.
DAILY_TASKS = [
    "ops.tasks.backups_rotate_daily",
    "ops.tasks.audit_log_purge_daily",
    "news.media.tasks.editor_images_unused_purge_daily",
    "ops.tasks.task_results_prune_daily",
]

# Every job run every few minutes: what `tasks_schedule` queues as well.
MINUTE_TASKS = [
    "news.public.tasks.view_counts_flush_minutely",
]


def next_run(at, now=None):
    """The first time after `now` the local clock shows `at`."""
    now = timezone.localtime(now or timezone.now())
    day = now.date()
    candidate = timezone.make_aware(datetime.combine(day, at))
    if candidate <= now:
        candidate = timezone.make_aware(datetime.combine(day + timedelta(days=1), at))
    return candidate


def next_run_every(minutes, now=None):
    """The first whole multiple of `minutes` past the hour after `now`."""
    start = (now or timezone.now()).replace(second=0, microsecond=0)
    return start + timedelta(minutes=minutes - start.minute % minutes)


def _waiting(daily_task, statuses):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=daily_task.module_path, status__in=statuses)


def daily_enqueue(daily_task, *, now=None):
    """Queue the next run of `daily_task` unless one is already waiting (or
    running). Returns the new TaskResult, or None if nothing was queued."""
    from django_tasks import TaskResultStatus

    with transaction.atomic():
        if _waiting(daily_task, [TaskResultStatus.READY, TaskResultStatus.RUNNING]).exists():
            return None
        return daily_task.using(run_after=_NEXT_RUN[daily_task.module_path](now)).enqueue()


def daily_tasks_schedule(paths=None):
    """Make sure every job of `paths` (DAILY_TASKS unless given) is queued
    once. Returns the paths of the jobs queued now."""
    queued = []
    for path in DAILY_TASKS if paths is None else paths:
        if daily_enqueue(import_string(path)) is not None:
            queued.append(path)
    return queued


def daily(*, at):
    """`@task()` for a job run every day at `at` (a datetime.time, local)."""
    return _repeating(lambda now=None: next_run(at, now), logging.INFO)


def every(*, minutes):
    """`@task()` for a job run every `minutes` minutes, on the minute."""
    return _repeating(lambda now=None: next_run_every(minutes, now), logging.DEBUG)


def _repeating(next_at, log_level):
    def decorate(function):
        @wraps(function)
        def run():
            from django_tasks import TaskResultStatus

            try:
                return function()
            finally:
                # The next run is queued even if this one failed; the run
                # itself is RUNNING, so only another waiting run stops it.
                this = import_string(f"{function.__module__}.{function.__name__}")
                if not _waiting(this, [TaskResultStatus.READY]).exists():
                    when = next_at()
                    this.using(run_after=when).enqueue()
                    logger.log(log_level, "%s queued for %s", this.module_path, when.isoformat())

        queued = task()(run)
        _NEXT_RUN[queued.module_path] = next_at
        return queued

    return decorate
