"""The public page cache's version. Every cached public page is keyed on it,
so every gunicorn worker sees a change at once, whatever the cache backend.
Any change to what residents may see bumps it (news.public.cache_signals,
restores, index rebuilds); a scheduled publication bumps it once its time has
come, without a cron job. The number is stored on the SiteSettings row."""

from django.db.models import F
from django.utils import timezone

from .models import Article, ArticleStatus, SiteSettings


def content_version_bump():
    """Make every cached public page stale and note the next scheduled publication."""
    next_at = (
        Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    SiteSettings.objects.filter(pk=1).update(content_version=F("content_version") + 1, next_publication_at=next_at)


def content_version_current(site):
    """The content version of `site` (the loaded SiteSettings), bumped first
    if a scheduled article is now due."""
    if site.next_publication_at and site.next_publication_at <= timezone.now():
        content_version_bump()
        site.refresh_from_db(fields=["content_version", "next_publication_at"])
    return site.content_version
