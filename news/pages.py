"""What every public page shares: the site settings, the column tree, the
visitor's reading preferences, and the cache of rendered pages."""
import hashlib
from functools import cached_property, wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_vary_headers

from .columns import column_tree
from .models import SiteSettings
from .preferences import preferences_of


class PortalState:
    """Read lazily, at most once per request."""

    def __init__(self, request):
        self.request = request

    @cached_property
    def site(self):
        return SiteSettings.load()

    @cached_property
    def content_version(self):
        return self.site.current_content_version()

    @cached_property
    def columns(self):
        return column_tree(self.content_version)

    @cached_property
    def preferences(self):
        return preferences_of(self.request)

    def cache_key(self, *parts):
        raw = "|".join(str(part) for part in (self.request.get_full_path(), self.preferences.cache_key, *parts))
        return f"page:{self.content_version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def portal_state(request):
    if not hasattr(request, "portal"):
        request.portal = PortalState(request)
    return request.portal


def is_cacheable(request):
    """Anonymous visitors' GETs only: staff may see previews and must see their changes."""
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cache_public_page(view):
    """Serve a stored copy of the rendered page while no content has changed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_cacheable(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        key = portal_state(request).cache_key()
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200 and not response.streaming and not response.cookies:
                cache.set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
