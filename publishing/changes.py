"""What a change of public content does to the published tree (called once
the change is committed: publishing.signals)."""

from django.db import transaction
from django.utils import timezone

from news.models import Article, ArticleStatus

from .models import ListChange, PageFile
from .services import article_page_remove, article_pages_unknown_remove
from .targets import article_own_targets, public_state, state_to_json
from .tasks import article_publication_due, pages_publish_soon, site_publish_enqueue


def article_change_publish(article_id, before, *, deleted=False):
    """Queue the pages an article's change touched; remove its own page at
    once if residents may no longer see it; schedule its publication if it
    is to appear later."""
    after = None if deleted else public_state(article_id)
    if after is None and before is not None:
        article_page_remove(article_id)
    if after is None and not deleted:
        publication_schedule(article_id)
    targets = article_own_targets(before, after)
    if targets:
        # The list pages are worked out by the writer, after this page.
        ListChange.objects.create(article_id=article_id, before=state_to_json(before), after=state_to_json(after))
        pages_publish_soon(targets)


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
    are scheduled."""
    ids = sorted(set(article_ids))

    def publish():
        public = set(Article.objects.published().filter(pk__in=ids).values_list("pk", flat=True))
        for article_id in ids:
            if article_id not in public:
                article_page_remove(article_id)
                publication_schedule(article_id)
        site_publish_enqueue()

    if ids:
        transaction.on_commit(publish)


def site_restored_publish():
    """The database was replaced by a backup (ops.backups), bypassing every
    signal: schedule its future publications, mark every page the restored
    data knows waiting, remove the files of articles it does not show, and
    have the worker queue and write the whole site."""
    publications_schedule()
    article_pages_unknown_remove()
    PageFile.objects.update(queued_at=timezone.now())
    transaction.on_commit(site_publish_enqueue)


def site_change_publish():
    """A column or the site settings changed: every page shows them."""
    transaction.on_commit(site_publish_enqueue)
