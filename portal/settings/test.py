"""Test settings: fast hashers, a local-memory cache, plain static storage,
media in a throw-away folder. DATABASE_URL still picks the database, so the
same suite runs on SQLite and on PostgreSQL."""

import tempfile

from .common import *  # noqa: F403

SECRET_KEY = "test-only-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
PUBLISH_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-publish-"))  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "publish": {"BACKEND": "publishing.storage.AtomicFileSystemStorage", "OPTIONS": {"location": PUBLISH_ROOT}},
}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-media-"))  # noqa: F405
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="portal-test-private-"))  # noqa: F405
ALLOWED_HOSTS = ["*"]
ARCHIVE_EXPORT_DIR = Path(tempfile.mkdtemp(prefix="portal-test-exports-"))  # noqa: F405
VIEW_COUNT_SPOOL_DIR = Path(tempfile.mkdtemp(prefix="portal-test-views-"))  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's shared in-memory database: the live server and the
    # background export threads then get connections of their own, as they do
    # in production, instead of locking each other out of one shared connection.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.mkdtemp(prefix="portal-test-db-")) / "test.sqlite3")}  # noqa: F405
# Tests never touch the internet: only the loopback test servers are fetched,
# other hosts (the footer's real 备案 sites) are left unchecked.
HEALTH_LINK_ONLY_HOSTS = ["127.0.0.1", "localhost"]
HEALTH_LINK_ALLOW_PRIVATE = True
HEALTH_LINK_HOST_INTERVAL = 0
HEALTH_LINK_TIMEOUT = 3
