"""The public page cache's version. Every cached public page is keyed on it,
so every gunicorn worker sees a change at once, whatever the cache backend.
Any change to what residents may see bumps it (news.public.cache_signals,
restores, index rebuilds); a scheduled publication bumps it from the task
that runs at its publication time (publishing.tasks.article_publication_due),
never from a page request. Each site has its own number, on its Site row:
a change to one township's news leaves the other sites' cached pages be."""

from django.db.models import F

from .models import Column, Site


def content_version_bump(*, site_id=None, column_id=None):
    """Make the cached public pages of one site stale (given the site or one
    of its columns), or of every site (given neither)."""
    sites = Site.objects.all()
    if site_id is not None:
        sites = sites.filter(pk=site_id)
    elif column_id is not None:
        sites = sites.filter(pk__in=Column.objects.filter(pk=column_id).values("site_id"))
    sites.update(content_version=F("content_version") + 1)
