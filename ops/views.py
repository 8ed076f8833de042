import mimetypes
import uuid

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.http import Http404, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.static import serve

# Types a browser shows inline; anything else is offered as a download.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"}


@never_cache
@require_safe
def healthz(request):
    """For load balancers and monitoring: 200 when the database and the cache
    answer, 503 naming what failed. Never cached."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    healthy = all(state != "fail" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "fail", **checks}, status=200 if healthy else 503)


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "fail"
    return "ok"


def _cache_ok():
    if isinstance(caches["default"], DummyCache):
        return "disabled"
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:
        return "fail"
    return "ok" if ok else "fail"


@require_safe
def serve_media(request, path):
    """Uploaded files, when nothing in front serves MEDIA_ROOT (make run).
    Same rules as deploy/nginx/portal.conf: the type from the extension,
    nosniff, no scripts even if a file slipped through, and downloads for
    anything that is not a plain image or PDF."""
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError:
        # A name the file system refuses outright (too long, say) names no file.
        raise Http404("没有这个文件") from None
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    return response
