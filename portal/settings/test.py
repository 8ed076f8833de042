"""Test settings: fast hashers, a local-memory cache, plain static storage,
media in a throw-away folder. DATABASE_URL still picks the database, so the
same suite runs on SQLite and on PostgreSQL."""
import tempfile

from .common import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))  # noqa: F405
ALLOWED_HOSTS = ["*"]
# Tests never touch the internet: only the loopback test servers are fetched,
# other hosts (the footer's real 备案 sites) are left unchecked.
HEALTH_LINK_ONLY_HOSTS = ["127.0.0.1", "localhost"]
HEALTH_LINK_ALLOW_PRIVATE = True
HEALTH_LINK_HOST_INTERVAL = 0
HEALTH_LINK_TIMEOUT = 3
