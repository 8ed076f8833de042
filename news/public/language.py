"""Which language a public page is read in: Chinese, or the 蒙古文版 under
the /mn/ prefix (after the site's own /site/<key>/ prefix, if any). Like
the site prefix, /mn becomes part of the script prefix, so every link the
page makes stays in its language and the views serve both languages
unchanged. The admin stays Chinese; a site without a 蒙古文版 answers /mn/
with 404. The language comes from the path only (never from cookies or
Accept-Language), so a cached page is the same for every reader."""

import re
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import get_script_prefix, set_script_prefix
from django.utils import translation

from ..language import CHINESE, HTML_LANG, MONGOLIAN, MONGOLIAN_PREFIX
from .sites import request_site_key, site_hosts

MONGOLIAN_PATH = re.compile(r"^/mn(?P<rest>/.*)?$")


def request_language(request):
    return getattr(request, "LANGUAGE_CODE", CHINESE)


def language_versions(request):
    """The same page in each language, for the 蒙/汉 switch and hreflang:
    [(language, html lang, address)], Mongolian first (蒙汉并用, 蒙古文在前);
    the Mongolian one only on sites that have a 蒙古文版."""
    site_prefix = getattr(request, "site_prefix", "")
    path = getattr(request, "language_path", request.path_info)
    # The other language's list may be shorter: a page number is not kept.
    query = urlencode(
        [(name, value) for name, value in parse_qsl(request.META.get("QUERY_STRING", "")) if name != "page"]
    )
    suffix = path + (f"?{query}" if query else "")
    versions = []
    if request_site_key(request) in site_hosts().mongolian_keys:
        versions.append((MONGOLIAN, HTML_LANG[MONGOLIAN], f"{site_prefix}{MONGOLIAN_PREFIX}{suffix}"))
    versions.append((CHINESE, HTML_LANG[CHINESE], f"{site_prefix}{suffix}"))
    return versions


@contextmanager
def rendering_language(language):
    """Render outside a request (the published tree, the archive's offline
    pages) as LanguageMiddleware serves a page of the site's own host name:
    `language` active, and on Mongolian pages /mn/ as the script prefix so
    reverse() gives the Mongolian addresses. Everything is put back after."""
    previous = get_script_prefix()
    set_script_prefix(MONGOLIAN_PREFIX + "/" if language == MONGOLIAN else "/")
    try:
        with translation.override(language):
            yield
    finally:
        set_script_prefix(previous)


class LanguageMiddleware:
    """Activates the page's language for the request, and Chinese again after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = MONGOLIAN_PATH.match(request.path_info)
        if match is None:
            return self._respond(request, CHINESE)
        if request_site_key(request) not in site_hosts().mongolian_keys:
            raise Http404("本站没有蒙古文版")
        rest = match["rest"]
        if rest is None:  # /mn: the Mongolian home page is /mn/
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{request.path}/" + (f"?{query}" if query else ""))
        if rest.lstrip("/").startswith(settings.ADMIN_URL.strip("/")):
            raise Http404("管理后台没有蒙古文版")
        script_name = request.META.get("SCRIPT_NAME", "").rstrip("/") + MONGOLIAN_PREFIX
        request.path_info = rest
        request.META["PATH_INFO"] = rest
        request.META["SCRIPT_NAME"] = script_name
        previous = get_script_prefix()
        set_script_prefix(script_name + "/")
        try:
            return self._respond(request, MONGOLIAN)
        finally:
            set_script_prefix(previous)

    def _respond(self, request, language):
        request.LANGUAGE_CODE = language
        request.language_path = request.path_info
        translation.activate(language)
        try:
            response = self.get_response(request)
        finally:
            translation.activate(settings.LANGUAGE_CODE)
        response.headers.setdefault("Content-Language", HTML_LANG[language])
        return response
