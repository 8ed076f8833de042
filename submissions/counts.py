"""报送 / 采用 per township per month: what township work is graded on.
A submission counts as 报送 in the month it was sent and as 采用 in the
month the banner accepted it (Beijing time)."""

import io
from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from news.models import Site
from portal.spreadsheet import spreadsheet_cell

from .models import Submission, SubmissionStatus


@dataclass
class MonthCount:
    site: Site
    month: object  # date, the first of the month
    sent: int = 0
    accepted: int = 0

    @property
    def label(self):
        return f"{self.month:%Y-%m}"


def next_month(month):
    return month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)


def months_between(start, end):
    month = start
    while month <= end:
        yield month
        month = next_month(month)


def _month_start(month):
    return timezone.make_aware(datetime.combine(month, time.min))


def _by_month(queryset, field, start, end):
    after = next_month(end)
    rows = (
        queryset.filter(**{f"{field}__gte": _month_start(start), f"{field}__lt": _month_start(after)})
        .annotate(month=TruncMonth(field))
        .values("from_site_id", "month")
        .annotate(n=Count("id"))
    )
    return {(row["from_site_id"], timezone.localtime(row["month"]).date()): row["n"] for row in rows}


def submission_counts(*, start, end, banner_site_ids=None):
    """One MonthCount per township site and month from `start` to `end`
    (firsts of months), zeros included; only submissions to the banner
    sites `banner_site_ids` (None: all)."""
    submissions = Submission.objects.all()
    if banner_site_ids is not None:
        submissions = submissions.filter(column__site_id__in=banner_site_ids)
    sent = _by_month(submissions, "submitted_at", start, end)
    accepted = _by_month(submissions.filter(status=SubmissionStatus.ACCEPTED), "decided_at", start, end)
    site_ids = {site_id for site_id, _ in [*sent, *accepted]}
    sites = Site.objects.filter(is_platform=False) | Site.objects.filter(pk__in=site_ids)
    return [
        MonthCount(site, month, sent.get((site.pk, month), 0), accepted.get((site.pk, month), 0))
        for site in sites.distinct().order_by("id")
        for month in months_between(start, end)
    ]


def totals_of(counts):
    """(site, sent, accepted) per site over the whole range."""
    totals = {}
    for row in counts:
        site, sent, accepted = totals.get(row.site.pk, (row.site, 0, 0))
        totals[row.site.pk] = (site, sent + row.sent, accepted + row.accepted)
    return list(totals.values())


def counts_xlsx(counts, *, start, end):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "按月统计"
    sheet.append([f"信息报送统计({start:%Y-%m} 至 {end:%Y-%m})"])
    sheet["A1"].font = Font(size=14, bold=True)
    sheet.append(["乡镇站点", "月份", "报送", "采用"])
    for row in counts:
        sheet.append([spreadsheet_cell(row.site.site_name), row.label, row.sent, row.accepted])
    totals = book.create_sheet("合计")
    totals.append(["乡镇站点", "报送", "采用", "采用率"])
    for site, sent, accepted in totals_of(counts):
        totals.append([spreadsheet_cell(site.site_name), sent, accepted, f"{accepted / sent:.0%}" if sent else "无"])
    for each in (sheet, totals):
        each.column_dimensions["A"].width = 30
        for cell in each[2 if each is sheet else 1]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
