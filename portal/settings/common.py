"""Settings shared by every environment. Everything that differs between
machines is read from the environment; see docs/configuration.md for the variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def cache_from_url(url):
    """Translate CACHE_URL into a CACHES entry: redis://, memcached://, locmem:// or dummy:// (no cache)."""
    if not url or url.startswith("locmem://"):
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "portal",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    if url.startswith("dummy://"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("memcached://"):
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": url.removeprefix("memcached://"),
        }
    raise ImproperlyConfigured(f"CACHE_URL must start with redis://, memcached://, locmem:// or dummy://, not {url!r}")


DEBUG = env_bool("DEBUG", False)
# ".localhost": localhost and every name under it (the demo sites, sulide.localhost …).
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [".localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # The admin, with two-factor sign-in: every ModelAdmin registers on it.
    "staff.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "reversion",
    "axes",
    "django_ckeditor_5",
    "django_tasks",
    "django_tasks_db",
    "news",
    "staff",
    "ops",
    "search",
    "archive",
    "health",
    "imports",
    "publishing",
    "submissions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.security.ContentSecurityPolicyMiddleware",
    "portal.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Before anything resolves a URL: which site, and its path prefix.
    "news.public.sites.SiteRoutingMiddleware",
    # After it: Chinese, or the 蒙古文版 under /mn/ (news.public.language).
    "news.public.language.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its own page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # 站点管理员's model permissions come from their SiteMembership.
    "staff.site_admin_backend.SiteAdminBackend",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "news.public.context_processors.portal",
            ],
        },
    },
]

if not os.environ.get("DATABASE_URL"):
    # The embedded database needs its folder, which a fresh clone does not have.
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an editor saves; the timeout waits out a
    # writer instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # A lost database must never hang a request: give up connecting after a
    # few seconds and cancel any statement that runs too long. Management
    # commands that legitimately run long (backup, restore) lift the limit.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "connect_timeout": int(os.environ.get("DB_CONNECT_TIMEOUT", "3")),
            "options": f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT_MS', '15000'))}",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: one queue ("default") in the site's own database, run by
# `manage.py db_worker` (which `make run` starts beside gunicorn). Tasks are
# declared with `@task()` from django_tasks, the backport of Django 6's
# django.tasks; on Django 6 only that import changes.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}
# How long a rendered public page is kept; any content change makes it stale
# at once through the content version, so this only bounds memory use.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Search result pages (one per query) stored per content version and
# PAGE_CACHE_SECONDS; later queries are answered but not stored, so a flood
# of random queries cannot fill the cache (news/public/pages.py).
SEARCH_PAGE_CACHE_LIMIT = int(os.environ.get("SEARCH_PAGE_CACHE_LIMIT", "200"))

# Behind a reverse proxy, how many proxies append to X-Forwarded-For; 0 means
# the peer address is the client (what the audit log and login throttling use).
# Production requires it to be set (portal/settings/production.py).
TRUSTED_PROXY_COUNT = os.environ.get("TRUSTED_PROXY_COUNT", "").strip() or "0"
if not TRUSTED_PROXY_COUNT.isdigit():
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number: 0, or how many proxies are in front.")
TRUSTED_PROXY_COUNT = int(TRUSTED_PROXY_COUNT)

# Failed logins (django-axes): after this many failures for one user name from
# one address, that pair is locked out for the cool-off time; after the
# higher account limit from any number of addresses, the user name itself is
# (an attacker rotating addresses; staff/lockout.py).
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("LOGIN_ACCOUNT_FAILURE_LIMIT", "10"))
if LOGIN_ACCOUNT_FAILURE_LIMIT <= AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        "LOGIN_ACCOUNT_FAILURE_LIMIT must be higher than LOGIN_FAILURE_LIMIT: a user's own typos lock their address first."
    )
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "staff.lockout.AccountAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "staff.lockout.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "news.audit.client_ip"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "staff.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Staff accounts. The admin lives under ADMIN_URL (not guessable if changed);
# a signed-in session ends after SESSION_IDLE_MINUTES without a request.
ADMIN_URL = os.environ.get("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must not be empty, e.g. ADMIN_URL=manage-8f3k/")
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # each request pushes the expiry back: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Two-factor sign-in (TOTP) is required of superusers and of members of these groups.
STAFF_TWO_FACTOR_GROUPS = env_list("STAFF_TWO_FACTOR_GROUPS", ["审核", "报送审核"])
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "政府网站内容管理")
# They bind their first authenticator through a one-time link a superuser
# makes for them (staff/enrolment.py), valid this many hours.
STAFF_ENROLMENT_LINK_HOURS = int(os.environ.get("STAFF_ENROLMENT_LINK_HOURS", "72"))
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "zh-hans"
# The 蒙古文版 is traditional Mongolian script (mn-Mong); Django's own "mn"
# is Cyrillic. Its interface strings are in locale/mn_Mong.
LANGUAGES = [("zh-hans", "简体中文"), ("mn-mong", "ᠮᠣᠩᠭᠣᠯ ᠪᠢᠴᠢᠭ")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Attachments are kept out of MEDIA_ROOT: a web server serving /media/ must
# not hand out the files of unpublished articles.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Uploaded photos are served by Django only when nothing in front does (make
# run); in production nginx serves MEDIA_ROOT (deploy/nginx/portal.conf).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
# The published tree (publishing/): every public page as a file nginx
# serves, one folder per site (PUBLISH_ROOT/<site>/). docs/publishing.md.
PUBLISH_ROOT = Path(os.environ.get("PUBLISH_ROOT", VAR_DIR / "publish"))


def publish_storage_from_environment(environ, publish_root):
    """STORAGES["publish"]: the folder PUBLISH_ROOT by default, or with
    PUBLISH_STORAGE=s3 an S3-compatible bucket (several web machines;
    docs/publishing.md). A bucket without a name is refused at start."""
    kind = environ.get("PUBLISH_STORAGE", "").strip().lower() or "filesystem"
    if kind == "filesystem":
        return {"BACKEND": "publishing.storage.AtomicFileSystemStorage", "OPTIONS": {"location": publish_root}}
    if kind != "s3":
        raise ImproperlyConfigured(f"PUBLISH_STORAGE must be filesystem or s3, not {kind!r}")
    bucket = environ.get("PUBLISH_S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("PUBLISH_STORAGE=s3 needs PUBLISH_S3_BUCKET")
    options = {"bucket_name": bucket}
    for variable, option in (
        ("PUBLISH_S3_ENDPOINT_URL", "endpoint_url"),
        ("PUBLISH_S3_REGION", "region_name"),
        ("PUBLISH_S3_ACCESS_KEY_ID", "access_key"),
        ("PUBLISH_S3_SECRET_ACCESS_KEY", "secret_key"),
        ("PUBLISH_S3_ADDRESSING_STYLE", "addressing_style"),
    ):
        value = environ.get(variable, "").strip()
        if value:
            options[option] = value
    return {"BACKEND": "publishing.s3.S3PublishStorage", "OPTIONS": options}


PUBLISH_STORAGE = publish_storage_from_environment(os.environ, PUBLISH_ROOT)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "publish": PUBLISH_STORAGE,
}

# Security headers everywhere (production adds HSTS and secure cookies).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere: the portal's and the admin's JavaScript are files.
# Inline style *attributes* are allowed because the sanitised article body keeps
# text-align/text-indent (news/media/html.py filters the properties); <style> blocks
# and inline scripts are not.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Added to the policy under ADMIN_URL only: the CKEditor 5 editing UI injects
# <style> elements and previews uploads as blob: images. Scripts stay strict,
# and the public pages are not affected.
ADMIN_CONTENT_SECURITY_POLICY_UPDATE = {"style-src": ["'unsafe-inline'"], "img-src": ["blob:"]}
# Browser features the portal never uses are switched off.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "interest-cohort": [],
    "browsing-topics": [],
    "fullscreen": ["self"],
    "autoplay": ["self"],
}

BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))
# Rotation (a daily task, ops/tasks.py; by hand: manage.py backups_rotate):
# the newest archive of each of the last N days, weeks and months that have one.
BACKUP_KEEP_DAILY = int(os.environ.get("BACKUP_KEEP_DAILY", "7"))
BACKUP_KEEP_WEEKLY = int(os.environ.get("BACKUP_KEEP_WEEKLY", "4"))
BACKUP_KEEP_MONTHLY = int(os.environ.get("BACKUP_KEEP_MONTHLY", "12"))
# A restore refuses an archive that would unpack to more than this (a tar
# bomb, or a crafted member claiming terabytes) before extracting anything.
BACKUP_RESTORE_MAX_BYTES = int(os.environ.get("BACKUP_RESTORE_MAX_GB", "50")) * 1024**3
# A daily task (ops/tasks.py) deletes older entries; never fewer than 180 days.
AUDIT_LOG_RETENTION_DAYS = int(os.environ.get("AUDIT_LOG_RETENTION_DAYS", "365"))
# Editor images no article, version or 修订稿 uses are deleted by a daily task
# (news/media/tasks.py) once they are this many days old.
EDITOR_IMAGE_GRACE_DAYS = int(os.environ.get("EDITOR_IMAGE_GRACE_DAYS", "7"))
# Uploads: one size limit for photos and attachments, in megabytes.
UPLOAD_MAX_MB = int(os.environ.get("UPLOAD_MAX_MB", "20"))
# A photo with more pixels than this is refused before it is decoded
# (decompression bombs); 100 MP still admits the largest phone photos.
IMAGE_MAX_MEGAPIXELS = int(os.environ.get("IMAGE_MAX_MEGAPIXELS", "100"))
# …and one whose decoded pixels would take more memory than this (width ×
# height × 4 bytes; 1 for greyscale and palette images) too: 128 MB is a
# 32-megapixel PNG, while JPEG photos are decoded at reduced scale and fit.
IMAGE_MAX_DECODED_MB = int(os.environ.get("IMAGE_MAX_DECODED_MB", "128"))
# Decodes above this size run one at a time in each worker process.
IMAGE_LARGE_DECODE_MB = int(os.environ.get("IMAGE_LARGE_DECODE_MB", "32"))
# Widths of the smaller copies made of every stored photo, for srcset.
IMAGE_RENDITION_WIDTHS = [480, 960, 1600]
# The stored photo itself is scaled down to at most this width.
IMAGE_MAX_WIDTH = 2560
# Uploaded files bigger than this are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# CKEditor 5 (django-ckeditor-5) for article bodies. Its bundle carries many
# plugins; those that could put markup outside news/media/html.py's allow-list into
# a body (raw HTML, media embeds, Markdown output, fonts and colours) are
# removed so the editor shows what the public page will show.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "editor_image_upload"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp", "bmp", "tiff"]
CKEDITOR_5_MAX_FILE_SIZE = UPLOAD_MAX_MB
CKEDITOR_5_CONFIGS = {
    "article": {
        "language": "zh-cn",
        "removePlugins": [
            "Markdown",
            "HtmlEmbed",
            "SourceEditing",
            "GeneralHtmlSupport",
            "FullPage",
            "MediaEmbed",
            "Style",
            "Font",
            "Highlight",
            "CodeBlock",
            "Code",
            "TodoList",
            "Mention",
            "CKFinderUploadAdapter",
            "Autosave",
        ],
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "underline",
                "|",
                "bulletedList",
                "numberedList",
                "outdent",
                "indent",
                "alignment",
                "|",
                "link",
                "blockQuote",
                "insertTable",
                "imageUpload",
                "horizontalLine",
                "|",
                "removeFormat",
                "undo",
                "redo",
                "findAndReplace",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "正文", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "标题 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "标题 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "标题 4", "class": "ck-heading_heading4"},
            ]
        },
        "image": {
            "toolbar": ["toggleImageCaption", "imageTextAlternative", "|", "imageStyle:block", "imageStyle:side"],
        },
        "table": {
            "contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"],
        },
        "link": {"defaultProtocol": "https://"},
        "list": {"properties": {"styles": False, "startIndex": True, "reversed": False}},
    },
}
# The 蒙古文版's body: the same editor, its text marked as traditional-script
# Mongolian (the editable's lang=), its buttons still in Chinese.
CKEDITOR_5_CONFIGS["article_mn"] = {
    **CKEDITOR_5_CONFIGS["article"],
    "language": {"ui": "zh-cn", "content": "mn-Mong"},
}
# Where exports built in the background are kept until the auditor downloads them.
ARCHIVE_EXPORT_DIR = Path(os.environ.get("ARCHIVE_EXPORT_DIR", VAR_DIR / "exports"))
# The scheme of the public site's addresses written into exports (网址).
PUBLIC_URL_SCHEME = os.environ.get("PUBLIC_URL_SCHEME", "https")
# Processes that make the PDFs of an archive package; 0 means one per core.
ARCHIVE_PDF_WORKERS = int(os.environ.get("ARCHIVE_PDF_WORKERS", "0"))

# Article views are appended here by the counting beacon (one file per web
# process) and added to Article.view_count once a minute by the task queue
# (news/public/view_counts.py). Web and worker processes both write to it.
VIEW_COUNT_SPOOL_DIR = Path(os.environ.get("VIEW_COUNT_SPOOL_DIR", VAR_DIR / "views"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # django-axes logs every successful login at INFO; the audit log has them.
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every step of every PDF, and every screen-only CSS rule it skips.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Site health check (health app, `manage.py check_site`). External links are
# fetched HEAD-then-GET, a few hosts at a time, each host at a polite pace,
# a bounded number per run; each answer is kept for a day.
HEALTH_LINK_TIMEOUT = float(os.environ.get("HEALTH_LINK_TIMEOUT", "5"))
HEALTH_LINK_CONCURRENCY = int(os.environ.get("HEALTH_LINK_CONCURRENCY", "4"))
HEALTH_LINK_HOST_INTERVAL = float(os.environ.get("HEALTH_LINK_HOST_INTERVAL", "1"))
HEALTH_LINK_MAX_PER_RUN = int(os.environ.get("HEALTH_LINK_MAX_PER_RUN", "500"))
HEALTH_LINK_CACHE_SECONDS = int(os.environ.get("HEALTH_LINK_CACHE_SECONDS", str(24 * 3600)))
# Addresses that resolve to this machine or a private network are not fetched.
HEALTH_LINK_ALLOW_PRIVATE = env_bool("HEALTH_LINK_ALLOW_PRIVATE", False)
# None: any host; a list: only these hosts are fetched, the rest left unchecked.
HEALTH_LINK_ONLY_HOSTS = None
# Further host names that are this portal (besides 站点设置 > 网站域名).
HEALTH_INTERNAL_HOSTS = env_list("HEALTH_INTERNAL_HOSTS", [])
HEALTH_PDF_FONT = os.environ.get("HEALTH_PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
