"""The liveness probe at /healthz, for load balancers and monitoring (not the
网站体检 of the health app): is this process able to serve, its database and
cache answering?"""

import uuid

from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def liveness_probe(request):
    """200 when the database and the cache answer, 503 naming what failed.
    Never cached."""
    checks = {"database": _database_state(), "cache": _cache_state()}
    alive = all(state != "fail" for state in checks.values())
    return JsonResponse({"status": "ok" if alive else "fail", **checks}, status=200 if alive else 503)


def _database_state():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "fail"
    return "ok"


def _cache_state():
    if isinstance(caches["default"], DummyCache):
        return "disabled"
    key, value = f"liveness:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 10)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:
        return "fail"
    return "ok" if ok else "fail"
