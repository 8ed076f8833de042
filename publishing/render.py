"""Render a public page as an anonymous visitor would get it, without HTTP:
the published tree is written from exactly the views residents are served
when a page has no file (make run without nginx, or a page not yet written)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, QueryDict
from django.urls import Resolver404, resolve

from news.language import CHINESE, MONGOLIAN, MONGOLIAN_PREFIX
from news.models import Site
from news.public.language import rendering_language


class PublishRequest(HttpRequest):
    """A GET from nobody in particular: no cookies, no session, the site's own
    host name (feeds and sitemaps carry absolute addresses)."""

    publishing = True

    def __init__(self, path, query, host, scheme, context=None):
        super().__init__()
        # What the batch being written read once for all its pages (publishing.prefetch).
        self.site_settings = context.site if context else None
        # The site's own paths, without a /site/<key>/ prefix (news.public.sites).
        self.site_prefix = ""
        if self.site_settings is not None:
            self.site_key = self.site_settings.key
        self.articles_prefetched = context.articles if context else {}
        self.column_listing = context.column_listing if context else None
        self.method = "GET"
        self.path = self.path_info = path
        self.GET = QueryDict(query)
        self.COOKIES = {}
        self.user = AnonymousUser()
        self._host = host
        self._scheme = scheme
        self.META = {"REQUEST_METHOD": "GET", "QUERY_STRING": query, "SERVER_NAME": host, "SERVER_PORT": "443"}

    def get_host(self):
        return self._host

    def _get_scheme(self):
        return self._scheme


def site_address(site_settings=None):
    """(host, scheme) the pages of a site (default: the default site) are
    written for: its domain, https unless the site runs without it (make run)."""
    site_settings = site_settings or Site.objects.default()
    host = (site_settings.domain or "").strip() or "localhost"
    scheme = "https" if settings.SESSION_COOKIE_SECURE else "http"
    return host, scheme


def page_language(path):
    """(language, path within it): /mn/… is the 蒙古文版 of …, as
    news.public.language.LanguageMiddleware reads it."""
    if path.startswith(MONGOLIAN_PREFIX + "/"):
        return MONGOLIAN, path[len(MONGOLIAN_PREFIX) :]
    return CHINESE, path


def page_render(path, *, address, context=None):
    """(status code, content bytes) of the public page at `path` (with its
    query string); `context` is what its batch read for all its pages. A
    /mn/ path is rendered as LanguageMiddleware serves it: Mongolian active,
    /mn/ in the script prefix; Chinese is active again afterwards."""
    url, _, query = path.partition("?")
    language, url = page_language(url)
    request = PublishRequest(url, query, *address, context)
    request.LANGUAGE_CODE, request.language_path = language, url
    if language == MONGOLIAN:
        site = request.site_settings or Site.objects.filter(domain=address[0]).first() or Site.objects.default()
        if not site.mongolian_enabled:
            return 404, b""
        # What the batch read for Chinese pages lists every article; a
        # Mongolian page lists only those with a Mongolian version.
        mongolian = context.in_language(MONGOLIAN) if context else None
        request.articles_prefetched = mongolian.articles if mongolian else {}
        request.column_listing = mongolian.column_listing if mongolian else None
        request.path = MONGOLIAN_PREFIX + url  # path_info stays the site's own, as the middleware leaves it
        request.META["SCRIPT_NAME"] = MONGOLIAN_PREFIX
    try:
        match = resolve(url)
    except Resolver404:
        return 404, b""
    request.resolver_match = match
    # Links as the site's own host name serves them, even when a request
    # under /site/<key>/ writes the page (tests, publish in the request).
    try:
        with rendering_language(language):
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
    except Http404:
        return 404, b""
    return response.status_code, response.content


def error_page_render(status, *, address, site=None):
    """The error pages nginx shows from the tree (ERROR_PAGES): the 503 page
    while gunicorn is down, in the style of `site` (default: the default site)."""
    from django.template import loader

    from news.public.errors import RETRY_AFTER_SECONDS

    if status != "503":
        raise ValueError(status)
    context = {"site": site or Site.objects.default(), "for_staff": False, "retry_after": RETRY_AFTER_SECONDS}
    return loader.get_template("503.html").render(context).encode()
