"""What a change of public content does to the published tree (called once
the change is committed: publishing.signals)."""

from django.db import transaction
from django.utils import timezone

from news.models import Article, ArticleStatus

from .services import article_page_remove, pages_queue
from .targets import article_targets, public_state


def article_change_publish(article_id, before, *, deleted=False):
    """Queue the pages an article's change touched; remove its own page at
    once if residents may no longer see it; schedule its publication if it
    is to appear later."""
    after = None if deleted else public_state(article_id)
    if after is None and before is not None:
        article_page_remove(article_id)
    if after is None and not deleted:
        publication_schedule(article_id)
    targets = article_targets(before, after)
    if targets:
        pages_queue(targets)


def publication_schedule(article_id):
    """An approved article with a later publication time is published by a
    task that runs at that time (not by the next page request)."""
    from .tasks import article_publication_due

    published_at = (
        Article.objects.filter(
            pk=article_id, status=ArticleStatus.PUBLISHED, trashed_at__isnull=True, published_at__gt=timezone.now()
        )
        .values_list("published_at", flat=True)
        .first()
    )
    if published_at is not None:
        article_publication_due.using(run_after=published_at).enqueue(article_id)


def site_change_publish():
    """A column or the site settings changed: every page shows them."""
    from .tasks import site_publish

    transaction.on_commit(site_publish.enqueue)
