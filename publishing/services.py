"""Writing the published tree: queue the pages a change touches, write the
waiting ones, remove the ones residents may no longer see."""

import logging

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Mod
from django.utils import timezone

from .models import PageFile
from .paths import ERROR_PAGES, NotPublishable, error_file_name, page_file_name
from .prefetch import publish_context
from .render import error_page_render, page_render, site_address
from .sites import DEFAULT_SITE
from .storage import page_delete, page_write, publish_storage
from .targets import article_target

logger = logging.getLogger(__name__)
# Pages per batch: the task worker checks for more urgent pages (an article
# just published) after every batch; publish_site writes bigger batches, read
# together (publishing.prefetch).
BATCH = 20
REBUILD_BATCH = 200


def pages_queue(targets, *, site=DEFAULT_SITE, publish=True):
    """Mark the pages of `targets` waiting to be written and, once the
    transaction commits, have the task worker write them."""
    now = timezone.now()
    rows = [
        PageFile(site=site, path=t.path, priority=t.priority, article_id=t.article_id, queued_at=now) for t in targets
    ]
    PageFile.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["site", "path"],
        update_fields=["queued_at", "priority", "article_id"],
    )
    if publish and rows:
        transaction.on_commit(lambda: pages_publish_enqueue(site))
    return len(rows)


def pages_publish_enqueue(site=DEFAULT_SITE):
    """Queue one run of the writing task unless one is already waiting to start."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from .tasks import pages_publish

    waiting = DBTaskResult.objects.filter(task_path=pages_publish.module_path, status=TaskResultStatus.READY)
    if not any(args_kwargs["args"] == [site] for args_kwargs in waiting.values_list("args_kwargs", flat=True)):
        pages_publish.enqueue(site)


def article_page_remove(article_id, *, site=DEFAULT_SITE):
    """Take an article's page out of the tree at once: a withdrawn or trashed
    article answers 404, never a stale copy."""
    path = article_target(article_id).path
    page_delete(publish_storage(), page_file_name(site, path))
    PageFile.objects.filter(site=site, path=path).delete()


def pages_publish_waiting(site=DEFAULT_SITE, *, shard=None, progress=None, batch_size=BATCH):
    """Write every waiting page of `site`, the most urgent first, until none
    waits. `shard` = (index, count) writes only the pages whose id falls to
    this process (publish_site's parallel workers). Returns (written, failed)."""
    storage = publish_storage()
    address = site_address()
    written = failed = 0
    skipped = set()  # failed in this run: not retried until queued again
    while True:
        rows = PageFile.objects.waiting().filter(site=site).exclude(pk__in=skipped)
        if shard is not None:
            rows = rows.annotate(shard=Mod(F("id"), shard[1])).filter(shard=shard[0])
        batch = list(rows.order_by("priority", "queued_at", "id")[:batch_size])
        if not batch:
            return written, failed
        done, gone, broken = [], [], []
        # Stamped with the batch's start: what the batch reads is read after
        # it, so a page queued again meanwhile stays waiting.
        started = timezone.now()
        context = publish_context([row.article_id for row in batch if row.article_id is not None])
        for row in batch:
            try:
                status = page_publish(storage, address, row, context)
            except Exception as error:
                logger.exception("Writing %s%s failed", row.site, row.path)
                row.error = f"{type(error).__name__}: {error}"[:2000]
                skipped.add(row.pk)
                broken.append(row)
                failed += 1
            else:
                if status == 404:
                    gone.append(row.pk)
                else:
                    done.append(row.pk)
                    written += 1
            if progress:
                progress(1)
        # One statement for the batch (not a CASE per row): every page of it has the same stamp.
        PageFile.objects.filter(pk__in=done).update(written_at=started, error="", failed_at=None)
        for row in broken:
            PageFile.objects.filter(pk=row.pk).update(written_at=started, error=row.error, failed_at=started)
        # A page queued again meanwhile (its article published again) keeps its row.
        PageFile.objects.filter(pk__in=gone, queued_at__lte=started).delete()


def page_publish(storage, address, row, context=None):
    """Render one page and write (200) or remove (404) its file; the status."""
    try:
        name = page_file_name(row.site, row.path)
    except NotPublishable:
        return 404
    status, content = page_render(row.path, address=address, context=context)
    if status == 200:
        page_write(storage, name, content)
    elif status == 404:
        page_delete(storage, name)
    else:
        raise RuntimeError(f"页面返回 {status}")
    return status


def site_extras_publish(site=DEFAULT_SITE):
    """The files nginx needs beside the pages: the 404 and 503 pages."""
    storage = publish_storage()
    address = site_address()
    for status in ERROR_PAGES:
        page_write(storage, error_file_name(site, status), error_page_render(status, address=address))


def site_publish_queue(site=DEFAULT_SITE, *, publish=True):
    """Queue every page of the site (a column or the site settings changed,
    or publish_site was asked for everything). Returns how many."""
    from .targets import site_targets

    site_extras_publish(site)
    queued = 0
    chunk = []
    for target in site_targets():
        chunk.append(target)
        if len(chunk) >= 2000:
            queued += pages_queue(chunk, site=site, publish=False)
            chunk = []
    queued += pages_queue(chunk, site=site, publish=False)
    if publish:
        transaction.on_commit(lambda: pages_publish_enqueue(site))
    return queued
