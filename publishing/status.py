"""What editors see of the published tree: whether a page's public copy is
written, waiting to be written, or failed (the article admin page, the
静态页面 admin list, the 静态页面 check of check_site)."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from .models import PageFile
from .sites import article_site_keys
from .targets import article_target

WRITTEN, WAITING, FAILED = "written", "waiting", "failed"
LATE_AFTER = timedelta(minutes=10)  # a page waiting longer fails the check


def page_state(row):
    """WAITING while queued since its last writing, else FAILED if that
    writing failed, else WRITTEN."""
    if row.written_at is None or row.queued_at > row.written_at:
        return WAITING
    return FAILED if row.error else WRITTEN


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


def page_state_text(row):
    """已写出 <time> / 等待写出 / 写出失败:<error>."""
    state = page_state(row)
    if state == WAITING:
        return f"等待写出(自 {_when(row.queued_at)} 起)"
    if state == FAILED:
        return f"写出失败:{row.error}({_when(row.failed_at or row.written_at)})"
    return f"已写出 {_when(row.written_at)}"


def article_page_state_text(article, *, site=None):
    """The line 公开页面 of the article's admin page (its page in the folder
    of `site`, by default its column's site); "" while residents cannot see
    the article (draft, submitted, withdrawn, scheduled, trashed)."""
    if article.pk is None or not article.is_public:
        return ""
    site = site or article_site_keys([article.pk]).get(article.pk)
    row = PageFile.objects.filter(site=site, path=article_target(article.pk).path).first()
    return "尚未写出" if row is None else page_state_text(row)


def pages_in_trouble(now=None, *, site=None):
    """(failed pages, pages waiting longer than LATE_AFTER): querysets, of
    the site keyed `site` or of every site."""
    now = now or timezone.now()
    rows = PageFile.objects.filter(site=site) if site else PageFile.objects.all()
    failed = rows.failed().filter(queued_at__lte=F("written_at"))  # not queued again since
    late = rows.waiting().filter(queued_at__lt=now - LATE_AFTER)
    return failed, late
