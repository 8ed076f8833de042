"""The task worker writes the published tree (settings.TASKS, `manage.py db_worker`)."""

from django_tasks import task

from .services import REBUILD_BATCH, pages_publish_waiting, site_publish_queue
from .sites import DEFAULT_SITE


@task()
def pages_publish(site=DEFAULT_SITE):
    """Write every waiting page of `site`."""
    written, failed = pages_publish_waiting(site)
    return {"written": written, "failed": failed}


@task()
def site_publish(site=DEFAULT_SITE):
    """Queue and write every page of `site` (a column or the site settings changed)."""
    site_publish_queue(site, publish=False)
    written, failed = pages_publish_waiting(site, batch_size=REBUILD_BATCH)
    return {"written": written, "failed": failed}


@task()
def article_publication_due(article_id, published_at=None):
    """A scheduled article's publication time (`published_at`, ISO 8601) has
    come: bump the dynamic pages' content version and write the pages it
    appears on. Nothing happens if it was withdrawn, trashed or rescheduled
    meanwhile (the save that rescheduled it queued a run for the new time)."""
    from django.utils.dateparse import parse_datetime

    from news.content_version import content_version_bump

    from .services import pages_queue
    from .targets import article_targets, public_state

    after = public_state(article_id)
    if after is None or (published_at is not None and after.published_at != parse_datetime(published_at)):
        return {"published": False}
    content_version_bump()
    pages_queue(article_targets(None, after), publish=False)
    written, failed = pages_publish_waiting(DEFAULT_SITE)
    return {"published": True, "written": written, "failed": failed}
