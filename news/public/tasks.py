"""Spooled article views added to the view counts every minute (ops/schedule.py),
and the published pages of the articles counted queued for rewriting."""

from ops.schedule import every
from publishing.tasks import article_pages_publish_soon

from .view_counts import view_counts_flush


@every(minutes=1)
def view_counts_flush_minutely():
    return view_counts_flush(counted=article_pages_publish_soon)
