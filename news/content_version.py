"""The public page cache's version. Every cached public page is keyed on it,
so every gunicorn worker sees a change at once, whatever the cache backend.
Any change to what residents may see bumps it (news.public.cache_signals,
restores, index rebuilds); a scheduled publication bumps it from the task
that runs at its publication time (publishing.tasks.article_publication_due),
never from a page request. The number is stored on the SiteSettings row."""

from django.db.models import F

from .models import SiteSettings


def content_version_bump():
    """Make every cached public page stale."""
    SiteSettings.objects.filter(pk=1).update(content_version=F("content_version") + 1)
