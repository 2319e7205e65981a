"""Settings shared by every environment, read from environment variables with safe defaults."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("MASTHEAD_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Only dev.py and test.py provide a fallback; production refuses to start without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "masthead.publications",
    "masthead.articles",
    "masthead.narration",
    "masthead.newsletters",
    "masthead.discovery",
    "masthead.corrections",
    "masthead.standards",
    "masthead.serving",
    "masthead.imports",
    "masthead.api",
    "masthead.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # Outside everything, so 304s carry the front's lifetime too.
    "masthead.publications.cache.FrontLifetimeMiddleware",
    # Outermost, so pages served from the page cache answer If-None-Match with 304 too.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Serves whole anonymous pages from the cache before sessions or the page tree are touched.
    "masthead.publications.cache.AnonymousPageCacheMiddleware",
    # Below the page cache, so cached pages keep these headers.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "masthead.publications.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Admin views that would name another publication's pages or images answer 403 instead.
    "masthead.publications.admin_scope.PublicationScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Readers' pages run no inline script or style and load everything from this site; embeds are
# framed from their providers over https. The admin is exempt (see urls.py): Wagtail's editor
# needs inline styles. Media served from another origin (object storage) is allowed by address.
_media_origin = urlsplit(os.environ.get("MEDIA_URL", "/media/"))
_media_sources = (
    [f"{_media_origin.scheme}://{_media_origin.netloc}"] if _media_origin.netloc else []
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_media_sources],
    "media-src": [CSP.SELF, *_media_sources],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": ["https:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Features no page of ours uses, refused to anything embedded in it.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Canonical and sharing links as https://hostname, without the Site's port (production.py).
CANONICAL_HTTPS = False

ROOT_URLCONF = "masthead.urls"
WSGI_APPLICATION = "masthead.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.narration.context_processors.podcast",
                "masthead.newsletters.context_processors.signup",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'masthead.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker and scheduler write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses PostgreSQL's GIN indexes, which Django checks for.
    INSTALLED_APPS.append("django.contrib.postgres")

# The page cache must be shared by every process (web, worker, scheduler) so that a publish
# anywhere invalidates pages everywhere: Redis in production, files on disk for the demo.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "masthead.publications.redis_cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Each web process also keeps the pages it served last in its own memory, up to this many bytes
# (0 turns it off); see masthead/publications/local_cache.py.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(32 * 1024 * 1024)))
# Article pages are rendered at publish time and stored; a stored page older than this is
# rendered again even if nothing said it changed (see masthead/articles/rendering.py); 0 turns
# stored pages off.
STORED_PAGE_SECONDS = int(os.environ.get("STORED_PAGE_SECONDS", str(24 * 60 * 60)))

# A CDN or reverse proxy in front keeps pages for s-maxage; publishing purges what changed.
WAGTAILFRONTENDCACHE = {}
if os.environ.get("FRONTEND_CACHE_PURGE_URL"):  # Varnish, nginx or any cache taking PURGE
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["FRONTEND_CACHE_PURGE_URL"],
    }
if os.environ.get("CLOUDFLARE_API_TOKEN"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["CLOUDFLARE_API_TOKEN"],
        "ZONEID": os.environ.get("CLOUDFLARE_ZONE_ID", ""),
    }

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Narration: speech engines run offline in the worker (masthead/narration/engines/).
NARRATION_ENGINES = {
    "piper": {
        "BACKEND": "masthead.narration.engines.piper.PiperEngine",
        "LABEL": "Piper neural voice (Joe, US English)",
    },
    "espeak": {
        "BACKEND": "masthead.narration.engines.espeak.EspeakEngine",
        "LABEL": "eSpeak NG (fast, robotic)",
    },
}
NARRATION_DEFAULT_ENGINE = os.environ.get("NARRATION_ENGINE", "piper")
# A failing narration is tried this many times, 1, 4, 16… minutes apart.
NARRATION_MAX_ATTEMPTS = int(os.environ.get("NARRATION_MAX_ATTEMPTS", "4"))

# Mail: Django's own variable names, from the environment. Without EMAIL_HOST (the demo), each
# message is written to var/mail/ as an .eml file instead of being sent.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsletters@localhost")
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS"),
                "timeout": 30,
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "masthead.newsletters.mail.EmlFileBackend",
            "OPTIONS": {"folder": str(VAR_DIR / "mail")},
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# A task still RUNNING this long after it started is taken to have lost its worker.
TASKS_STALLED_AFTER_SECONDS = int(os.environ.get("TASKS_STALLED_AFTER_SECONDS", "900"))

# Import sources, their images and webhook targets are fetched only from public addresses
# (masthead/publications/outbound.py); a test or an intranet setup may allow private ones.
OUTBOUND_ALLOW_PRIVATE_ADDRESSES = env_bool("OUTBOUND_ALLOW_PRIVATE_ADDRESSES")
# Imports: the largest download (a feed, a saved page, an export), the largest image file and
# the most pixels an imported image may have, and the largest export uploaded in the admin.
IMPORT_MAX_DOWNLOAD_BYTES = int(os.environ.get("IMPORT_MAX_DOWNLOAD_BYTES", str(200 * 1024 * 1024)))
IMPORT_MAX_IMAGE_BYTES = int(os.environ.get("IMPORT_MAX_IMAGE_BYTES", str(20 * 1024 * 1024)))
IMPORT_MAX_IMAGE_PIXELS = int(os.environ.get("IMPORT_MAX_IMAGE_PIXELS", str(60_000_000)))
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(100 * 1024 * 1024)))

# The write API: requests a new key may make per minute (each key can be given its own).
API_KEY_REQUESTS_PER_MINUTE = int(os.environ.get("API_KEY_REQUESTS_PER_MINUTE", "120"))
# Webhooks: attempts per delivery before giving up (delays grow 30 s, 2 min, 8 min, 32 min…).
WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "6"))

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def object_storage(environ, media_url):
    """Uploaded images, renditions and narration audio in S3-compatible object storage (AWS,
    R2, MinIO, Scaleway…), so that every web node and worker sees the same files. The AWS_*
    variables are the usual ones; MEDIA_URL is the bucket's public address."""
    public = urlsplit(media_url)
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            "access_key": environ.get("AWS_ACCESS_KEY_ID", ""),
            "secret_key": environ.get("AWS_SECRET_ACCESS_KEY", ""),
            "custom_domain": (public.netloc + public.path.rstrip("/")) if public.netloc else None,
            "url_protocol": f"{public.scheme or 'https'}:",
            # Public files at stable addresses: pages are cached, so no expiring signatures.
            "querystring_auth": False,
            "default_acl": None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=86400"},
        },
    }


if os.environ.get("MEDIA_STORAGE", "files") == "s3":
    STORAGES["default"] = object_storage(os.environ, MEDIA_URL)

WAGTAIL_SITE_NAME = "Masthead"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# Off: Wagtail's responsive wrapper sets an inline style, which the CSP refuses; the stylesheet
# gives embedded frames their shape instead.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
# Editors moderate: a writer submits, the publication's editors approve.
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # The task worker logs every task's start and end at INFO; keep that for LOG_LEVEL=INFO.
    "loggers": {
        name: {"level": os.environ.get("LOG_LEVEL", "WARNING")}
        for name in ("django.tasks", "django_tasks", "django_tasks_db")
    },
}
