"""The 网站体检 report as a background task, on the project's one task
queue (settings.TASKS, run by `manage.py db_worker`). The admin page asks
for a report and shows the last one made; it never runs the check inside
a request, which takes seconds over 100,000 articles.

`django_tasks` is the backport of Django 6's `django.tasks`: on Django 6
only this import changes."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import HealthReport
from .report import Report, site_health_check

logger = logging.getLogger(__name__)

KEEP_REPORTS = 20
STALE_AFTER = timedelta(minutes=30)


def health_report_request(*, user=None):
    """Ask for a new report: a queued HealthReport, and the task that makes
    it, enqueued once the row is committed. A report already waiting is
    returned instead of queueing a second one."""
    with transaction.atomic():
        waiting = HealthReport.objects.filter(made_at__isnull=True, error="")
        # A worker killed in the middle leaves its row waiting for ever: past
        # the longest a report takes, it is marked failed and a new one queued.
        waiting.filter(requested_at__lt=timezone.now() - STALE_AFTER).update(
            error="体检任务未完成(后台任务进程可能已中断),已重新排队。", made_at=timezone.now()
        )
        if (row := waiting.first()) is not None:
            return row
        report = HealthReport.objects.create(
            requested_at=timezone.now(), requested_by=user.get_username() if user is not None else ""
        )
        transaction.on_commit(lambda: site_health_report_make.enqueue(report_id=report.pk))
    return report


@task()
def site_health_report_make(report_id):
    """Run the whole check (external links from the answers `check_site`
    kept, no other site fetched) and store the report."""
    try:
        made = site_health_check(external=True, fetch_external=False)
    except Exception as error:
        logger.exception("site health report %s failed", report_id)
        HealthReport.objects.filter(pk=report_id).update(
            error=f"{type(error).__name__}: {error}", made_at=timezone.now()
        )
        raise
    HealthReport.objects.filter(pk=report_id).update(data=made.as_dict(), made_at=made.generated_at)
    _prune()
    return report_id


def health_report_store(*, report, requested_by):
    """Keep a report made elsewhere (`check_site` from cron) as the page's
    last report."""
    row = HealthReport.objects.create(
        requested_at=report.generated_at, requested_by=requested_by, made_at=report.generated_at, data=report.as_dict()
    )
    _prune()
    return row


def _prune():
    old = HealthReport.objects.exclude(made_at__isnull=True).order_by("-made_at", "-id").values_list("pk", flat=True)
    HealthReport.objects.filter(pk__in=list(old[KEEP_REPORTS:])).delete()


def last_health_report():
    """(the last report made as a Report, its HealthReport row), or (None, None)."""
    row = HealthReport.objects.filter(data__isnull=False).order_by("-made_at", "-id").first()
    if row is None:
        return None, None
    return Report.from_dict(row.data), row


def waiting_health_report():
    """The report asked for and not made yet, or None."""
    return HealthReport.objects.filter(made_at__isnull=True, error="").order_by("-requested_at").first()
