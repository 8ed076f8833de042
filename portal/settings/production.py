"""Production: refuses to start without its secrets, and passes
`python manage.py check --deploy` with no warnings."""

import os

from django.core.exceptions import ImproperlyConfigured

from .common import *  # noqa: F403
from .common import env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random string of 50 or more characters in production, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'"
    )
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")
# Behind nginx every request comes from 127.0.0.1: without the proxy count
# the login lockout would lock a user name out for everyone and the audit log
# would record 127.0.0.1 for all. No default: the administrator says which.
# (common.py has already refused anything but a whole number.)
if not os.environ.get("TRUSTED_PROXY_COUNT", "").strip():
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be set in production: the number of reverse proxies in front of gunicorn "
        "that append to X-Forwarded-For (1 behind the nginx of deploy/nginx/portal.conf, 0 when clients "
        "connect to gunicorn directly)."
    )

DEBUG = False
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
if not SECURE_HSTS_PRELOAD:
    # An administrator who turned preloading off on purpose has been warned once.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True

CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# nginx serves MEDIA_ROOT itself (deploy/nginx/portal.conf).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
CONTENT_SECURITY_POLICY["DIRECTIVES"]["upgrade-insecure-requests"] = True  # noqa: F405
