import logging
import re
import sys

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponseBadRequest, HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.utils.cache import add_never_cache_headers

from .pages import DATABASE_UNAVAILABLE, last_good_site_settings
from .sites import request_site_key

logger = logging.getLogger("portal.outage")
RETRY_AFTER_SECONDS = 30


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def page_not_found(request, exception):
    if _in_admin(request):
        return HttpResponseNotFound(_admin_page(request, "admin/404.html", "页面不存在"))
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def permission_denied(request, exception):
    """Django's handler403. The reason is shown when the code gave one in
    Chinese (您没有管理此栏目的权限。); Django's own are English and left out."""
    reason = str(exception or "")
    reason = reason if CHINESE.search(reason) else ""
    if _in_admin(request):
        return HttpResponseForbidden(_admin_page(request, "admin/403.html", "没有权限", reason=reason))
    return HttpResponseForbidden(loader.render_to_string("403.html", {"reason": reason}, request=request))


def bad_request(request, exception):
    if _in_admin(request):
        return HttpResponseBadRequest(_admin_page(request, "admin/400.html", "请求无效"))
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


def _in_admin(request):
    return request.path.startswith("/" + settings.ADMIN_URL)


def _admin_page(request, template, title, **context):
    """An error page in the admin's own frame: header, user links, breadcrumbs."""
    try:
        frame = admin.site.each_context(request)
    except Exception:  # whatever broke the request may break this too; the page still says what to do
        frame = {}
    return loader.render_to_string(template, {**frame, "title": title, **context}, request=request)


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
        # The request's site as last read (routing itself needs no database once warm).
        "site": last_good_site_settings(request_site_key(request)),
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
