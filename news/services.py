"""Writes with side effects. Views, admin actions and commands call these;
each is atomic."""
from django.db import transaction
from django.utils import timezone

from .models import Article, ArticleStatus, IndexNumberCounter, SiteSettings


@transaction.atomic
def index_number_assign(*, article):
    """Give the article its 索引号 once; it never changes afterwards."""
    if article.index_number:
        return article.index_number
    site = SiteSettings.load()
    prefix = site.index_prefix or site.site_id_code or "000000000"
    year = timezone.localtime(article.published_at).year
    counter, _ = IndexNumberCounter.objects.get_or_create(prefix=prefix, year=year)
    counter = IndexNumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    article.index_number = f"{prefix}/{year}-{counter.last_number:05d}"
    return article.index_number


@transaction.atomic
def article_publish(*, article, published_at=None):
    """Publish now, or at `published_at` (a time in the future schedules it)."""
    article.published_at = published_at or article.published_at or timezone.now()
    article.status = ArticleStatus.PUBLISHED
    index_number_assign(article=article)
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article):
    """Back to draft; the 索引号 stays with the article."""
    article.status = ArticleStatus.DRAFT
    article.save()
    return article


__all__ = ["article_publish", "article_unpublish", "index_number_assign", "Article"]
