"""Article views counted without a database write per view.

An article page sends one small request when it is read (static/js/view_count.js
with navigator.sendBeacon, or its <noscript> image). That request only appends
the article's id as one line to its process's spool file,
VIEW_COUNT_SPOOL_DIR/<host>-<pid>.views (O_APPEND, one short write), and
touches no database. Once a minute a task (news/public/tasks.py) adds the
spooled views to Article.view_count: one UPDATE per article per batch (per
distinct count, in fact), so the page shows the count as of the last batch;
the task then queues the published pages of those articles for rewriting.

A batch is counted exactly once, even when the flush stops halfway:

1. the spool files are first renamed into a new folder, batch-<name>/, so
   that new views go to new files; a writer still holding a renamed file
   (it opened it just before the rename) is waited for through flock, and a
   writer that locks it afterwards sees that the file is no longer at its
   name and writes to a new one;
2. one transaction adds the counts and records ViewCountBatch(name);
3. the folder is removed.

A folder found again by the next flush was either counted (its
ViewCountBatch row exists: the folder is only removed) or not (the
transaction rolled back: it is counted now). Ids that are not published
articles when the batch is counted are dropped. Spool files of processes
that have gone (a gunicorn restart) are picked up like the others.
"""

import fcntl
import logging
import os
import re
import shutil
import socket
import uuid
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Article, ViewCountBatch

logger = logging.getLogger(__name__)

SPOOL_SUFFIX = ".views"
BATCH_PREFIX = "batch-"
FLUSH_LOCK = ".flush.lock"
# A spool file stops growing at this size until the next batch takes it: a
# flood of counting requests can fill neither the disk nor the flush's memory.
SPOOL_FILE_MAX_BYTES = 32 * 1024 * 1024
LARGEST_ID = 2**63 - 1
# Ids per UPDATE: well under SQLite's limit on query parameters.
IDS_PER_UPDATE = 500
# Batch records are only needed until their folder is gone (seconds after
# they are written); a day covers any crash and restart.
BATCHES_KEPT = timedelta(days=1)


def spool_dir():
    return Path(settings.VIEW_COUNT_SPOOL_DIR)


def spool_path():
    """This process's spool file: per host and process, so that no two web
    processes, nor two machines sharing the folder, ever write the same file."""
    host = re.sub(r"[^A-Za-z0-9.-]", "_", socket.gethostname()) or "host"
    return spool_dir() / f"{host}-{os.getpid()}{SPOOL_SUFFIX}"


def article_view_record(*, article_id):
    """Append one view of `article_id` to this process's spool file; no
    database (the id is checked when the batch is counted). Returns False
    when the view was dropped: spool full or not writable (logged), never
    an error for the reader."""
    line = f"{article_id}\n".encode()
    path = spool_path()
    try:
        for _attempt in range(3):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
            except FileNotFoundError:
                path.parent.mkdir(parents=True, exist_ok=True)
                continue
            try:
                # Shared with other writers; a flush takes it exclusively
                # right after renaming the file, to wait for writers in it.
                fcntl.flock(fd, fcntl.LOCK_SH)
                if not _still_at(fd, path):
                    continue  # renamed into a batch meanwhile: write to a new file
                if os.fstat(fd).st_size >= SPOOL_FILE_MAX_BYTES:
                    logger.warning("View count spool %s is full; a view of article %s was dropped", path, article_id)
                    return False
                os.write(fd, line)
                return True
            finally:
                os.close(fd)
    except OSError:
        logger.exception("A view of article %s could not be spooled in %s", article_id, path)
        return False
    return False


def _still_at(fd, path):
    opened = os.fstat(fd)
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


def view_counts_flush(*, counted=None):
    """Add every spooled view to Article.view_count, exactly once (see the
    module's docstring). Returns the number of views counted. A flush that
    finds another one running returns 0 at once; the views wait for the next.
    `counted(article_ids)`, if given, is called inside each batch's
    transaction with the ids whose views the batch holds."""
    directory = spool_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with _flush_lock(directory) as locked:
        if not locked:
            return 0
        total = 0
        # Folders a flush renamed but did not finish with (it stopped halfway).
        for batch in sorted(directory.glob(f"{BATCH_PREFIX}*")):
            total += _batch_count(batch, hook=counted)
        batch = _batch_claim(directory)
        if batch is not None:
            total += _batch_count(batch, hook=counted)
        ViewCountBatch.objects.filter(counted_at__lt=timezone.now() - BATCHES_KEPT).delete()
        return total


@contextmanager
def _flush_lock(directory):
    """One flush at a time per spool folder; released when the process ends, however it ends."""
    fd = os.open(directory / FLUSH_LOCK, os.O_RDWR | os.O_CREAT, 0o640)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            locked = True
        except BlockingIOError:
            locked = False
        yield locked
    finally:
        os.close(fd)


def _batch_claim(directory):
    """Move the spool files into a new batch folder; None when there are none."""
    spooled = sorted(directory.glob(f"*{SPOOL_SUFFIX}"))
    if not spooled:
        return None
    batch = directory / f"{BATCH_PREFIX}{timezone.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:16]}"
    batch.mkdir()
    for path in spooled:
        try:
            os.rename(path, batch / path.name)
        except FileNotFoundError:
            continue
    return batch


def _batch_count(batch, *, hook=None):
    """Count one batch folder's views, unless they were counted already; then remove it."""
    name = batch.name.removeprefix(BATCH_PREFIX)
    if ViewCountBatch.objects.filter(name=name).exists():
        shutil.rmtree(batch)  # counted by a flush that stopped before removing it
        return 0
    views = Counter()
    for path in sorted(batch.iterdir()):
        _writers_wait(path)
        views.update(_spooled_ids(path))
    try:
        with transaction.atomic():
            counted, articles = view_counts_add(views=views)
            if hook is not None and articles:
                hook(sorted(views))
            ViewCountBatch.objects.create(name=name, views=counted, articles=articles)
    except IntegrityError:
        # Another flush (through another spool lock, e.g. another machine on
        # a shared folder) recorded this batch first: it counted the views.
        logger.warning("View count batch %s was counted by another flush", name)
        return 0
    shutil.rmtree(batch)
    return counted


def _writers_wait(path):
    """Wait until no writer that opened the file before it was renamed is still writing to it."""
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
    finally:
        os.close(fd)


def _spooled_ids(path):
    """The article ids of a spool file, one per view. A line that is not a
    whole id ending in a newline is skipped."""
    with open(path, "rb") as spool:
        for line in spool:
            if not line.endswith(b"\n"):
                continue
            text = line[:-1]
            if text.isdigit() and len(text) <= 19:
                article_id = int(text)
                if 0 < article_id <= LARGEST_ID:
                    yield article_id


def view_counts_add(*, views):
    """Add `views` ({article id: views}) to the published articles' view
    counts: one UPDATE per distinct number of views, so no article is
    updated twice. Ids of articles that are not published are dropped.
    Returns (views counted, articles updated). Call inside a transaction."""
    by_views = defaultdict(list)
    for article_id, number in views.items():
        by_views[number].append(article_id)
    counted = articles = 0
    for number, ids in sorted(by_views.items()):
        ids.sort()
        for start in range(0, len(ids), IDS_PER_UPDATE):
            chunk = ids[start : start + IDS_PER_UPDATE]
            updated = Article.objects.published().filter(pk__in=chunk).update(view_count=F("view_count") + number)
            counted += updated * number
            articles += updated
    return counted, articles
