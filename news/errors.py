import logging
import sys

from django.conf import settings
from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .pages import DATABASE_UNAVAILABLE, last_good_site_settings

logger = logging.getLogger("portal.outage")
RETRY_AFTER_SECONDS = 30


def page_not_found(request, exception):
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request):
    """Django's handler500. A lost database is an outage, not a bug: it gets
    a short 503 in the site's style (residents) or a plain explanation that
    nothing was saved (staff), and browsers and proxies are told to retry."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        return database_unavailable(request, error)
    # No context processors here: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def database_unavailable(request, error=None):
    logger.warning("database unavailable for %s: %s", request.path, error)
    context = {
        "site": last_good_site_settings(),
        "for_staff": _is_staff_request(request),
        "retry_after": RETRY_AFTER_SECONDS,
    }
    response = HttpResponseServerError(loader.get_template("503.html").render(context), status=503)
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def _is_staff_request(request):
    # Told apart without the database: the admin's address, or a session
    # cookie (only staff sign in).
    return request.path.startswith("/" + settings.ADMIN_URL) or settings.SESSION_COOKIE_NAME in request.COOKIES
