"""The task worker writes the published tree (settings.TASKS, `manage.py
db_worker`): the tasks, and the functions that queue them. Whatever needs
pages written soon calls pages_publish_soon; the writing itself is
publishing.services, which knows nothing of the queue."""

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from news.content_version import content_version_bump

from .services import (
    REBUILD_BATCH,
    article_pages_queue,
    pages_publish_waiting,
    pages_queue,
    site_publish_queue,
    sites_waiting,
)
from .targets import article_targets, public_state


@task()
def pages_publish(site):
    """Write every waiting page of `site` (a key)."""
    written, failed = pages_publish_waiting(site)
    return {"written": written, "failed": failed}


@task()
def site_publish(site):
    """Queue and write every page of `site` (a key: a column or the site settings changed)."""
    site_publish_queue(site)
    written, failed = pages_publish_waiting(site, batch_size=REBUILD_BATCH)
    return {"written": written, "failed": failed}


@task()
def article_publication_due(article_id, published_at=None):
    """A scheduled article's publication time (`published_at`, ISO 8601) has
    come: bump the dynamic pages' content version and write the pages it
    appears on. Nothing happens if it was withdrawn, trashed or rescheduled
    meanwhile (the save that rescheduled it queued a run for the new time)."""
    after = public_state(article_id)
    if after is None or (published_at is not None and after.published_at != parse_datetime(published_at)):
        return {"published": False}
    content_version_bump(column_id=after.column_id)
    pages_queue(article_targets(None, after), site=after.site)
    written, failed = pages_publish_waiting(after.site)
    return {"published": True, "written": written, "failed": failed}


def pages_publish_soon(targets, *, site):
    """Mark the pages of `targets` waiting and, once the transaction
    commits, have the worker write them. Returns how many."""
    queued = pages_queue(targets, site=site)
    if queued:
        transaction.on_commit(lambda: pages_publish_enqueue(site))
    return queued


def article_pages_publish_soon(article_ids):
    """The own pages of those of `article_ids` residents can see, written
    soon, each in its site (a view count batch changed what they show).
    Returns how many."""
    queued = article_pages_queue(article_ids)
    for site, count in queued.items():
        if count:
            transaction.on_commit(lambda site=site: pages_publish_enqueue(site))
    return sum(queued.values())


def pages_publish_enqueue(site):
    """Queue one run of the writing task unless one is already waiting to start."""
    _enqueue_once(pages_publish, site)


def pages_waiting_publish_enqueue():
    """Crash recovery (`manage.py tasks_schedule`, before the worker starts):
    queue the writing task for every site with a page or a list change
    still waiting, if no
    run is queued already. Returns the sites."""
    sites = sites_waiting()
    for site in sites:
        pages_publish_enqueue(site)
    return sites


def site_publish_enqueue(site):
    """Queue one run of the whole-site task of `site` (a key) unless one is
    already waiting to start."""
    _enqueue_once(site_publish, site)


def _enqueue_once(publish_task, site):
    waiting = DBTaskResult.objects.filter(task_path=publish_task.module_path, status=TaskResultStatus.READY)
    if not any(args_kwargs["args"] == [site] for args_kwargs in waiting.values_list("args_kwargs", flat=True)):
        publish_task.enqueue(site)
