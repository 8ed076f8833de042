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
ARCHIVE_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="portal-test-exports-"))  # noqa: F405
