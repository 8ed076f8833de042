"""Writing the published tree: queue the pages a change touches, write the
waiting ones, remove the ones residents may no longer see."""

import logging
import time
import uuid
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.utils import timezone

from news.language import CHINESE, MONGOLIAN, MONGOLIAN_PREFIX
from news.models import Article
from news.public.preferences import preference_variants, preferences_stylesheet_render
from news.public.sites import site_hosts, site_hosts_forget

from .models import ListChange, PageFile, Priority
from .paths import ERROR_PAGES, NotPublishable, error_file_name, page_file_name, preferences_file_name
from .prefetch import publish_context, run_memo
from .render import error_page_render, page_render, site_address
from .sites import article_site_keys, default_site_key, site_for_key, site_keys
from .storage import folder_delete, page_delete, page_write, publish_storage, stale_parts_remove
from .targets import article_own_targets, article_target, article_targets, state_from_json

logger = logging.getLogger(__name__)
# Pages per batch: the task worker checks for more urgent pages (an article
# just published) after every batch; publish_site writes bigger batches, read
# together (publishing.prefetch).
BATCH = 20
REBUILD_BATCH = 1000
# A writer's claim on its batch lasts this long: a batch takes seconds, so an
# older claim is a writer that was killed, and its pages are free again.
CLAIM_SECONDS = 60
# How often a batch of other pages looks for a new publication to write first.
URGENT_CHECK_SECONDS = 0.2
# Article changes whose list pages one round of the writer works out.
LIST_CHANGES_PER_ROUND = 20


def pages_queue(targets, *, site):
    """Mark the pages of `targets` (of the site keyed `site`) waiting to be written (the worker writes
    them: publishing.tasks.pages_publish_soon queues both). Returns how many."""
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
    return len(rows)


def article_pages_queue(article_ids):
    """Queue the own pages of those of `article_ids` residents can see (a
    view count batch changed what they show), each in its site's folder.
    Returns {site key: how many}."""
    ids = list(article_ids)
    queued = {}
    for start in range(0, len(ids), 500):
        public = Article.objects.published().filter(pk__in=ids[start : start + 500])
        by_site = {}
        for article_id, site in public.values_list("pk", "column__site__key"):
            by_site.setdefault(site, []).append(article_target(article_id))
        for site, targets in by_site.items():
            queued[site] = queued.get(site, 0) + pages_queue(targets, site=site)
    return queued


def article_page_remove(article_id, *, site, language=CHINESE):
    """Take an article's page out of the tree at once: a withdrawn or trashed
    article answers 404, never a stale copy. Its row is queued again rather
    than deleted: a writer that rendered the page just before the withdrawal
    may still put its file back, and then the page, still waiting, is
    rendered once more, finds no article and removes the file and the row."""
    target = article_target(article_id, language)
    page_delete(publish_storage(), page_file_name(site, target.path))
    pages_queue([target], site=site)


def article_pages_unknown_remove(site):
    """Remove the article files of `site` whose article residents cannot see
    on that site (after a backup restore: articles made after the backup,
    withdrawn in it, or in another site's column). Returns how many."""
    storage = publish_storage()
    removed = 0
    for language in (CHINESE, MONGOLIAN):  # the 蒙古文版's: articles with a Mongolian version
        folder = page_file_name(site, article_target(0, language).path).split("/0/")[0]
        try:
            names, _ = storage.listdir(folder)
        except FileNotFoundError:
            continue
        on_disk = {int(name) for name in names if name.isdigit()}
        public = set(
            Article.objects.published()
            .in_language(language)
            .filter(pk__in=on_disk, column__site__key=site)
            .values_list("pk", flat=True)
        )
        for article_id in on_disk - public:
            article_page_remove(article_id, site=site, language=language)
        removed += len(on_disk - public)
    return removed


def pages_publish_waiting(site=None, *, shard=None, progress=None, batch_size=BATCH):
    """Write every waiting page of `site` (a site key; None: of every site
    with pages or list changes waiting, one after the other), the most
    urgent first, until none waits. `shard` = (index, count) writes only the pages whose id falls to
    this process (publish_site's parallel workers). Returns (written, failed).

    Writers take their batch by claiming its rows, so two writers (two task
    workers, or publish_site beside one) never write the same page at once:
    otherwise the slower one could put an older rendering over a newer one
    and both record the page as written. A claim older than CLAIM_SECONDS is
    a writer that died; its pages are free again."""
    if site is None:
        totals = [
            pages_publish_waiting(key, shard=shard, progress=progress, batch_size=batch_size) for key in sites_waiting()
        ]
        return sum(t[0] for t in totals), sum(t[1] for t in totals)
    site_settings = site_for_key(site)
    if site_settings is None:
        site_pages_forget(site)  # deleted meanwhile
        return 0, 0
    if site_settings.mongolian_enabled != (site in site_hosts().mongolian_keys):
        # The site opened or closed its 蒙古文版 in another process: the
        # pages' 蒙/汉 switch and hreflang read this process's host table.
        site_hosts_forget()
    storage = publish_storage()
    address = site_address(site_settings)
    written = failed = 0
    skipped = set()  # failed in this run: not retried until queued again
    memo = run_memo()
    while True:
        if not _urgent_waiting(site, shard):
            list_changes_queue(site)
        batch = _batch_claim(site, shard=shard, size=batch_size, skipped=skipped)
        if batch is None:
            return written, failed
        if not batch:
            continue  # another writer claimed these first
        done, gone, broken = [], [], []
        # The batch's stamp: taken before it reads anything, so a page queued
        # again meanwhile stays waiting; never before a queue time it read, so
        # a clock behind the one that queued a page (another machine) does
        # not leave the page waiting, rewritten again and again.
        started = max(timezone.now(), *(row.queued_at for row in batch))
        article_rows = [row for row in batch if row.article_id is not None]
        context = publish_context(
            [row.article_id for row in article_rows if not row.path.startswith(MONGOLIAN_PREFIX + "/")],
            memo,
            site,
            mn_article_ids=[row.article_id for row in article_rows if row.path.startswith(MONGOLIAN_PREFIX + "/")],
        )
        checked = time.monotonic()
        for position, row in enumerate(batch):
            if row.priority != Priority.ARTICLE and time.monotonic() - checked > URGENT_CHECK_SECONDS:
                checked = time.monotonic()
                if _urgent_waiting(site, shard):
                    # An editor's publication came in: leave the rest of this
                    # batch to the next claim, after the article's own page.
                    PageFile.objects.filter(pk__in=[r.pk for r in batch[position:]]).update(claimed_at=None)
                    break
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
        PageFile.objects.filter(pk__in=done).update(written_at=started, error="", failed_at=None, claimed_at=None)
        for row in broken:
            PageFile.objects.filter(pk=row.pk).update(
                written_at=started, error=row.error, failed_at=started, claimed_at=None
            )
        # A page queued again meanwhile (its article published again) keeps its row.
        PageFile.objects.filter(pk__in=gone, queued_at__lte=started).delete()
        PageFile.objects.filter(pk__in=gone).update(claimed_at=None)


def sites_waiting():
    """The keys of the sites with a page or a list change waiting."""
    keys = set(PageFile.objects.waiting().values_list("site", flat=True).distinct())
    keys |= set(ListChange.objects.values_list("site", flat=True).distinct())
    return sorted(keys)


def list_changes_queue(site):
    """Work out and queue the list pages of the article changes waiting
    (ListChange): each in one transaction with its removal, so a writer
    stopped half-way leaves it for the next. Returns how many changes."""
    done = 0
    for change in ListChange.objects.filter(site=site).order_by("id")[:LIST_CHANGES_PER_ROUND]:
        with transaction.atomic():
            if not ListChange.objects.filter(pk=change.pk).delete()[0]:
                continue  # another writer took it
            before, after = state_from_json(change.before, site), state_from_json(change.after, site)
            queued_already = {target.path for target in article_own_targets(before, after)}
            lists = [target for target in article_targets(before, after) if target.path not in queued_already]
            pages_queue(lists, site=site)
        done += 1
    return done


def _urgent_waiting(site, shard):
    """Whether an article's own page (a new publication) waits for this writer."""
    rows = PageFile.objects.waiting().filter(site=site, priority=Priority.ARTICLE, claimed_at__isnull=True)
    if shard is not None:
        rows = rows.annotate(shard=Mod(F("id"), shard[1])).filter(shard=shard[0])
    return rows.exists()


def _batch_claim(site, *, shard, size, skipped):
    """Up to `size` waiting pages no live writer holds, all of the most
    urgent priority waiting, claimed for this one; [] when another writer
    claimed them first; None when none is left."""
    now = timezone.now()
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - timedelta(seconds=CLAIM_SECONDS))
    rows = PageFile.objects.waiting().filter(free, site=site).exclude(pk__in=skipped)
    if shard is not None:
        rows = rows.annotate(shard=Mod(F("id"), shard[1])).filter(shard=shard[0])
    found = list(rows.order_by("priority", "queued_at", "id").values_list("pk", "priority")[:size])
    if not found:
        return None
    ids = [pk for pk, priority in found if priority == found[0][1]]
    token = uuid.uuid4().hex
    PageFile.objects.filter(free, pk__in=ids).update(claimed_at=now, claimed_by=token)
    return list(PageFile.objects.filter(pk__in=ids, claimed_by=token).order_by("priority", "queued_at", "id"))


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


def site_extras_publish(site=None):
    """The files nginx needs beside the pages of `site` (a key; None: the
    default site): the 503 page in the site's style and the preference
    stylesheet of every font size and elder mode combination."""
    site_settings = site_for_key(site) if site else None
    site = site or default_site_key()
    storage = publish_storage()
    address = site_address(site_settings)
    for status in ERROR_PAGES:
        content = error_page_render(status, address=address, site=site_settings)
        page_write(storage, error_file_name(site, status), content)
    for preferences in preference_variants():
        page_write(storage, preferences_file_name(site, preferences), preferences_stylesheet_render(preferences))


def site_orphans_remove(site, current):
    """Remove the pages of `site` that are no longer part of it (a column
    renamed or deleted, a list that got shorter): their files would otherwise
    stay readable through nginx."""
    storage = publish_storage()
    orphans = [
        (pk, path) for pk, path in PageFile.objects.filter(site=site).values_list("pk", "path") if path not in current
    ]
    for _pk, path in orphans:
        try:
            page_delete(storage, page_file_name(site, path))
        except NotPublishable:
            pass
    for start in range(0, len(orphans), 500):
        PageFile.objects.filter(pk__in=[pk for pk, _path in orphans[start : start + 500]]).delete()
    return len(orphans)


def site_publish_queue(site=None):
    """Queue every page of `site` (a key; None: of every site, and remove
    the folders of sites that are no more) — a column or the site settings
    changed, or publish_site was asked for everything — after clearing the
    temporary files of writers killed long ago. Returns how many."""
    from .nginx_map import nginx_site_map_write
    from .targets import site_targets

    if site is None:
        nginx_site_map_write()
        sites_gone_remove()
        return sum(site_publish_queue(key) for key in site_keys())
    site_settings = site_for_key(site)
    if site_settings is None:
        site_remove(site)
        return 0
    stale_parts_remove(publish_storage())  # what writers killed mid-page left
    if not site_settings.mongolian_enabled:
        mongolian_tree_remove(site)
    site_extras_publish(site)
    queued = 0
    chunk = []
    current = set()
    for target in site_targets(site_settings):
        chunk.append(target)
        current.add(target.path)
        if len(chunk) >= 2000:
            queued += pages_queue(chunk, site=site)
            chunk = []
    queued += pages_queue(chunk, site=site)
    site_orphans_remove(site, current)
    return queued


def mongolian_tree_remove(site):
    """A site closed its 蒙古文版: its /mn/ folder leaves the tree with its
    queue rows, so nginx answers none of its pages (the application's 404)."""
    PageFile.objects.filter(site=site, path__startswith=MONGOLIAN_PREFIX + "/").delete()
    folder_delete(publish_storage(), page_file_name(site, MONGOLIAN_PREFIX + "/").rsplit("/", 1)[0])


def site_pages_forget(site):
    """Drop the queue rows of a site that is no more."""
    PageFile.objects.filter(site=site).delete()
    ListChange.objects.filter(site=site).delete()


def site_remove(site):
    """A site was deleted (or its key changed): its folder leaves the tree,
    so none of its pages stays readable through nginx, and its rows go."""
    site_pages_forget(site)
    folder_delete(publish_storage(), site)


def sites_gone_remove():
    """Remove what the tree still holds of sites that are no more: their
    queue rows and their folders. Returns their keys."""
    keys = set(site_keys())
    gone = set(PageFile.objects.exclude(site__in=keys).values_list("site", flat=True).distinct())
    gone |= set(ListChange.objects.exclude(site__in=keys).values_list("site", flat=True).distinct())
    storage = publish_storage()
    try:
        folders, _ = storage.listdir("")
    except FileNotFoundError:
        folders = []
    # Folders named like a site key: not _nginx, nor the temporary files.
    gone |= {name for name in folders if name[:1].isalnum() and name not in keys}
    for key in sorted(gone):
        site_remove(key)
    return sorted(gone)


def articles_unpublished_remove(article_ids):
    """Remove the own pages of those of `article_ids` residents may no longer
    see, each from its site's folder. Returns the ids removed."""
    ids = sorted(set(article_ids))
    public = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
    sites = article_site_keys([pk for pk in ids if pk not in public])
    for article_id, site in sites.items():
        article_page_remove(article_id, site=site)
        article_page_remove(article_id, site=site, language=MONGOLIAN)
    return sorted(sites)
