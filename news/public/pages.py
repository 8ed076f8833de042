"""What every public page shares: the site settings, the column tree and the
cache of rendered pages. A page is the same for every visitor: reading
preferences pick a stylesheet (preferences.py), not a copy of the page."""

import hashlib
from functools import cached_property, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers

from ..models import Site
from .column_tree import column_tree
from .sites import request_site_key

# What a lost database raises: connection refused, closed or timed out.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
LAST_GOOD_SITE_KEY = "site-settings:last-good:{key}"
_last_good = {}  # per process and site key: survives a database outage with any cache backend


def site_settings_read(key=None):
    """The site (its settings, with the content version every cached page
    of it is keyed on) and whether it came from the database: one read, a
    page request never writes. `key` None is the default site. While the
    database is unreachable, the last copy read successfully (this
    process's, or the shared cache's) stands in, so cached pages keep being
    served."""
    try:
        site = Site.objects.filter(key=key).first() if key else None
        if site is None:
            site = Site.objects.default()
    except DATABASE_UNAVAILABLE:
        site = last_good_site_settings(key)
        if site is None:
            raise
        return site, False
    previous = _last_good.get(key)
    if previous is None or previous.content_version != site.content_version:
        cache.set(LAST_GOOD_SITE_KEY.format(key=key), site, None)
    _last_good[key] = site
    return site, True


def last_good_site_settings(key=None):
    """The last copy of a site read from the database, without touching it."""
    site = _last_good.get(key)
    if site is None:
        try:
            site = cache.get(LAST_GOOD_SITE_KEY.format(key=key))
        except Exception:  # the cache may be down as well
            site = None
    return site


class PortalState:
    """Read lazily, at most once per request."""

    def __init__(self, request):
        self.request = request
        self.database_reachable = True

    @cached_property
    def site(self):
        # Publishing reads them once per batch of pages (publishing.prefetch).
        site = getattr(self.request, "site_settings", None)
        if site is None:
            site, self.database_reachable = site_settings_read(request_site_key(self.request))
        return site

    @cached_property
    def content_version(self):
        return self.site.content_version

    @cached_property
    def columns(self):
        return column_tree(self.site.pk, self.content_version)

    def cache_key(self, *parts):
        """Path and query string. Behind cache_public_page the query string
        holds only the parameters the page reads."""
        raw = "|".join(str(part) for part in (self.request.get_full_path(), *parts))
        return f"page:{self.site.pk}:{self.content_version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def portal_state(request):
    if not hasattr(request, "portal"):
        request.portal = PortalState(request)
    return request.portal


def is_cacheable(request):
    """Anonymous visitors' GETs only: staff may see previews and must see their
    changes. Pages rendered for the published tree are files already."""
    if getattr(request, "publishing", False):
        return False
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def keep_only_parameters(request, names):
    """Drop every query parameter but the named ones (the last value of each,
    as request.GET.get reads it), in a fixed order. The page is then rendered
    from, and cached under, exactly what it reads: random or tracking
    parameters neither add cache entries nor end up in a cached page's links.
    A page number is kept only as Django reads it, written one way."""
    query = urlencode([(name, _canonical(name, request.GET[name])) for name in names if name in request.GET])
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query


def _canonical(name, value):
    """`page` as one spelling of each number: 01, 0001, " 1", "1_0" or "١"
    would each be read by int() and add a cache entry for the same page.
    Anything but ASCII digits becomes one value no page number reads as a
    number: a column page answers it with 404 (never stored), the search
    page with its first page."""
    if name != "page" or value == "last":
        return value
    if value.isascii() and value.isdigit():
        return str(int(value))
    return "-"


def cache_public_page(view=None, *, reads=(), budget=None, key_parts=None):
    """Serve a stored copy of the rendered page while no content has changed.
    `reads` names the query parameters the page uses (e.g. "page"); for
    anonymous visitors every other parameter is ignored. Use bare
    (`cache_public_page`) for pages that read none.

    `budget` names the setting that caps how many pages with parameters
    (e.g. one per search query) are stored per content version and
    PAGE_CACHE_SECONDS: past it, such pages are rendered but not stored, so a
    flood of made-up queries cannot fill the cache or push other pages out.
    The page without parameters is always stored.

    `key_parts(request)`, when given, returns what else the page depends on
    (the banner's search: every site's content version), added to its key."""
    if view is None:
        return lambda view: _cached(view, tuple(reads), budget, key_parts)
    return _cached(view, (), None, None)


def _within_budget(request, budget):
    """Whether one more page of this kind may be stored: a counter in the
    shared cache, one per budget and content version, living as long as the
    pages it counts."""
    if budget is None or not request.META.get("QUERY_STRING"):
        return True
    state = portal_state(request)
    key = f"page-budget:{budget}:{state.site.pk}:{state.content_version}"
    cache.add(key, 0, settings.PAGE_CACHE_SECONDS)
    try:
        return cache.incr(key) <= getattr(settings, budget)
    except ValueError:  # the counter expired between add and incr
        return False


def _cached(view, reads, budget, key_parts):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        keep_only_parameters(request, reads)
        key = portal_state(request).cache_key(*(key_parts(request) if key_parts else ()))
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and _within_budget(request, budget)
            ):
                cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
