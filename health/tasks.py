"""The 网站体检 report as a background task, on the project's one task
queue (settings.TASKS, run by `manage.py db_worker`). The admin page asks
for a report and shows the last one made; it never runs the check inside
a request, which takes seconds over 100,000 articles.

`django_tasks` is the backport of Django 6's `django.tasks`: on Django 6
only this import changes."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django_tasks import task

from news.models import Site

from .models import HealthReport
from .report import Report, site_health_check

logger = logging.getLogger(__name__)

KEEP_REPORTS = 20
STALE_AFTER = timedelta(minutes=30)


def health_report_request(*, site=None, user=None):
    """Ask for a new report of the site (the default site when None): a
    queued HealthReport, and the task that makes it, enqueued once the row
    is committed. A report of the site already waiting is returned instead
    of queueing a second one."""
    site = site or Site.objects.default()
    with transaction.atomic():
        waiting = HealthReport.objects.filter(site=site, made_at__isnull=True, error="")
        # A worker killed in the middle leaves its row waiting for ever: past
        # the longest a report takes, it is marked failed and a new one queued.
        waiting.filter(requested_at__lt=timezone.now() - STALE_AFTER).update(
            error="体检任务未完成(后台任务进程可能已中断),已重新排队。", made_at=timezone.now()
        )
        if (row := waiting.first()) is not None:
            return row
        report = HealthReport.objects.create(
            site=site, requested_at=timezone.now(), requested_by=user.get_username() if user is not None else ""
        )
        transaction.on_commit(lambda: site_health_report_make.enqueue(report_id=report.pk))
    return report


@task()
def site_health_report_make(report_id):
    """Run the whole check of the report's site (external links from the
    answers `check_site` kept, no other site fetched) and store the report."""
    try:
        site = HealthReport.objects.select_related("site").get(pk=report_id).site
        made = site_health_check(site=site, external=True, fetch_external=False)
    except Exception as error:
        logger.exception("site health report %s failed", report_id)
        HealthReport.objects.filter(pk=report_id).update(
            error=f"{type(error).__name__}: {error}", made_at=timezone.now()
        )
        raise
    HealthReport.objects.filter(pk=report_id).update(data=made.as_dict(), made_at=made.generated_at)
    _prune(site)
    return report_id


def health_report_store(*, report, requested_by, site=None):
    """Keep a report of the site (the default site when None) made elsewhere
    (`check_site` from cron) as its page's last report."""
    site = site or Site.objects.default()
    row = HealthReport.objects.create(
        site=site,
        requested_at=report.generated_at,
        requested_by=requested_by,
        made_at=report.generated_at,
        data=report.as_dict(),
    )
    _prune(site)
    return row


def _prune(site):
    """The last KEEP_REPORTS reports of each site are kept."""
    old = (
        HealthReport.objects.filter(site=site)
        .exclude(made_at__isnull=True)
        .order_by("-made_at", "-id")
        .values_list("pk", flat=True)
    )
    HealthReport.objects.filter(pk__in=list(old[KEEP_REPORTS:])).delete()


def last_health_report(site=None):
    """(the site's last report made as a Report, its HealthReport row), or
    (None, None); the default site's when None."""
    site = site or Site.objects.default()
    row = HealthReport.objects.filter(site=site, data__isnull=False).order_by("-made_at", "-id").first()
    if row is None:
        return None, None
    return Report.from_dict(row.data), row


def last_health_reports(sites):
    """{site id: its last report made as a Report} for the platform
    overview, in one query (each site's newest row)."""
    newest = HealthReport.objects.filter(site=OuterRef("site"), data__isnull=False).order_by("-made_at", "-id")
    rows = HealthReport.objects.filter(site__in=sites, pk=Subquery(newest.values("pk")[:1]))
    return {row.site_id: Report.from_dict(row.data) for row in rows}


def waiting_health_report(site=None):
    """The site's report asked for and not made yet, or None."""
    site = site or Site.objects.default()
    return HealthReport.objects.filter(site=site, made_at__isnull=True, error="").order_by("-requested_at").first()
