"""静态页面: every page of the published tree is written. A page whose
writing failed, or that has waited more than ten minutes (no worker running,
or one stuck), shows residents an old copy or none: a single-veto risk, so
`check_site` exits 1 and a monitor hears of it."""

from django.conf import settings
from django.urls import reverse

from publishing.site_hosts import site_hosts_message, site_hosts_not_allowed
from publishing.status import LATE_AFTER, pages_in_trouble

from .findings import Category, Finding, Severity

LISTED = 20  # pages named in a finding's detail


def publishing_findings(now, site=None):
    """The findings of every site's pages, or of one site's (a Site): a
    site's verdict counts only its own folder."""
    failed, late = pages_in_trouble(now, site=site.key if site else None)
    listing = reverse("admin:publishing_pagefile_changelist")
    findings = []
    failed_count = failed.count()
    if failed_count:
        rows = failed.order_by("-failed_at", "id")[:LISTED]
        findings.append(
            Finding(
                "pages_failed",
                Severity.VETO,
                Category.PUBLISHING,
                f"{failed_count} 个静态页面写出失败,居民看到的是旧页面或打不开",
                subject="静态页面",
                detail=_listed(failed_count, [f"{row.site}{row.path}:{row.error}" for row in rows]),
                fix_url=f"{listing}?state=failed",
                fix_label="查看并重新写出",
            )
        )
    late_count = late.count()
    if late_count:
        rows = late.order_by("queued_at", "id")[:LISTED]
        minutes = int(LATE_AFTER.total_seconds() // 60)
        findings.append(
            Finding(
                "pages_waiting",
                Severity.VETO,
                Category.PUBLISHING,
                f"{late_count} 个静态页面等待写出已超过 {minutes} 分钟(后台任务进程可能未运行)",
                subject="静态页面",
                detail=_listed(late_count, [f"{row.site}{row.path}" for row in rows]),
                fix_url=f"{listing}?state=waiting",
                fix_label="查看等待写出的页面",
            )
        )
    missing = site_hosts_not_allowed()
    if site is not None:
        missing = [(name, host) for name, host in missing if host in site.host_names]
    if missing:
        findings.append(
            Finding(
                "site_hosts_not_allowed",
                Severity.NOTICE if settings.DEBUG else Severity.VETO,  # make run: the demo's domains
                Category.PUBLISHING,
                site_hosts_message(missing),
                subject="站点域名",
                detail="请在 ALLOWED_HOSTS 中加入这些域名或其上级域名(如 .wsq.gov.cn),见 docs/configuration.md",
            )
        )
    return findings


def _listed(count, lines):
    more = f";另有 {count - len(lines)} 个" if count > len(lines) else ""
    return "、".join(lines) + more
