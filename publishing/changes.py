"""What a change of public content does to the published tree (called once
the change is committed: publishing.signals)."""

from django.db import transaction
from django.utils import timezone

from news.content_version import content_version_bump
from news.language import MONGOLIAN
from news.models import Article, ArticleStatus, Site

from .models import ListChange, PageFile
from .nginx_map import nginx_site_map_write
from .services import (
    article_page_remove,
    article_pages_unknown_remove,
    articles_unpublished_remove,
    mongolian_tree_remove,
    site_remove,
)
from .sites import article_site_keys, site_keys
from .targets import article_own_targets, public_state, site_split, state_to_json
from .tasks import article_publication_due, pages_publish_soon, site_publish_enqueue


def article_change_publish(article_id, before, *, deleted=False):
    """Queue the pages an article's change touched, in its site's tree (in
    both trees when it moved to a column of another site: it leaves the
    old one); remove its own page at once where residents may no longer
    see it; schedule its publication if it is to appear later."""
    after = None if deleted else public_state(article_id)
    if after is None and not deleted:
        publication_schedule(article_id)
    if before is not None and after is not None and before.site != after.site:
        # The save bumped only the new site's version (news.public.cache_signals):
        # the old site's cached pages and lists still show the article.
        content_version_bump(column_id=before.column_id)
    for site, site_before, site_after in site_split(before, after):
        if site_after is None and site_before is not None:
            article_page_remove(article_id, site=site)
        if site_before is not None and site_before.mongolian and not (site_after and site_after.mongolian):
            # Withdrawn, or its Mongolian version gone: off the 蒙古文版 at once too.
            article_page_remove(article_id, site=site, language=MONGOLIAN)
        targets = article_own_targets(site_before, site_after)
        if targets:
            # The list pages are worked out by the writer, after this page.
            ListChange.objects.create(
                site=site, article_id=article_id, before=state_to_json(site_before), after=state_to_json(site_after)
            )
            pages_publish_soon(targets, site=site)


def publication_schedule(article_id):
    """An approved article with a later publication time is published by a
    task that runs at that time (not by the next page request)."""
    published_at = (
        Article.objects.filter(
            pk=article_id, status=ArticleStatus.PUBLISHED, trashed_at__isnull=True, published_at__gt=timezone.now()
        )
        .values_list("published_at", flat=True)
        .first()
    )
    if published_at is None:
        return
    args = [article_id, published_at.isoformat()]
    if not _publication_queued(article_publication_due, args, published_at):
        article_publication_due.using(run_after=published_at).enqueue(*args)


def _publication_queued(due_task, args, published_at):
    """A run for this article and time is already waiting (an edit of a
    scheduled article that kept its time)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=due_task.module_path, status=TaskResultStatus.READY, run_after=published_at
    ).values_list("args_kwargs", flat=True)
    return any(args_kwargs["args"] == args for args_kwargs in waiting)


def publications_schedule():
    """Schedule every approved article whose publication time is still to
    come (after a backup restore, whose rows bypass the signals). A run
    already queued for the same time, restored with the task queue, only
    writes the same pages a second time."""
    ids = Article.objects.filter(
        status=ArticleStatus.PUBLISHED, trashed_at__isnull=True, published_at__gt=timezone.now()
    ).values_list("pk", flat=True)
    for article_id in ids:
        publication_schedule(article_id)
    return len(ids)


def articles_imported_publish(article_ids):
    """A batch import wrote `article_ids` without the per-save signals
    (imports.services.article_saves_batched). Working out each article's
    pages costs a dozen queries an article, so once the transaction commits
    the whole site is queued instead (one run, however many batches), the
    files of those no longer public are removed, and those to appear later
    are scheduled. Each site the articles are in is queued (an import may
    fill columns of several)."""
    ids = sorted(set(article_ids))

    def publish():
        for article_id in articles_unpublished_remove(ids):
            publication_schedule(article_id)
        for site in sorted(set(article_site_keys(ids).values())):
            site_publish_enqueue(site)

    if ids:
        transaction.on_commit(publish)


def site_restored_publish():
    """The database was replaced by a backup (ops.backups), bypassing every
    signal: schedule its future publications, mark every page the restored
    data knows waiting, remove the files of articles it does not show, and
    have the worker queue and write every site (and remove the folders of
    sites the restored data does not have)."""
    publications_schedule()
    sites = site_keys()
    for site in sites:
        article_pages_unknown_remove(site)
    PageFile.objects.update(queued_at=timezone.now())
    nginx_site_map_write()

    def publish():
        for site in sites:
            site_publish_enqueue(site)

    transaction.on_commit(publish)


def site_change_publish(site):
    """A column or the settings of the site keyed `site` changed: every page
    of that site shows them."""
    site_publish_enqueue(site)


def site_settings_change_publish(site, *, old_key=None):
    """A site was saved: its pages are queued, the host name map nginx reads
    is written again; a changed key takes the old folder out of the tree."""
    nginx_site_map_write()
    if old_key and old_key != site:
        site_remove(old_key)
    if not Site.objects.filter(key=site, mongolian_enabled=True).exists():
        mongolian_tree_remove(site)  # at once, not when the worker gets to it
    site_publish_enqueue(site)


def site_deleted_publish(site):
    """A site was deleted: its folder and its queue rows go, and nginx's map
    forgets its host names."""
    nginx_site_map_write()
    site_remove(site)
