"""
Settings shared by every environment.

Everything that differs between machines comes from environment variables, read
only in this package. Left unset, each falls back to the embedded default: a SQLite
file, media on local disk, email printed to the console and a local-memory cache.
The defaults here are the safe ones (no debug, secure cookies); ``dev`` loosens them.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from site_core.site_url import parse_site_url
from site_core.storage import s3_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name, default=""):
    """The variable's value with surrounding whitespace removed, or ``default``."""
    value = os.environ.get(name, "").strip()
    return value or default


def env_bool(name, default=False):
    value = env(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name, default=()):
    """A comma-separated variable as a list, ignoring empty items."""
    value = env(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = False
SECRET_KEY = env("SECRET_KEY")

# The site's one public address: scheme, host and port, no path. Every absolute
# link follows it: the Wagtail site (bootstrap_site moves it here), the admin's and
# the API's base URLs, feeds, emails, the sitemap and sharing tags. Production
# requires it; elsewhere it is the development server's (`make run` sets the port).
if env("WAGTAILADMIN_BASE_URL"):
    raise ImproperlyConfigured(
        "WAGTAILADMIN_BASE_URL is no longer read: set SITE_URL to the site's "
        "address instead (it sets the admin's address too)."
    )
_site_address = parse_site_url(env("SITE_URL", "http://127.0.0.1:8000"))
SITE_URL = _site_address.url
# The site answers at its own address, and forms posted there pass the CSRF check
# even behind a proxy that does not say the request came over HTTPS.
ALLOWED_HOSTS = [*env_list("ALLOWED_HOSTS"), _site_address.hostname]
CSRF_TRUSTED_ORIGINS = [*env_list("CSRF_TRUSTED_ORIGINS"), SITE_URL]

INSTALLED_APPS = [
    "site_core",
    "home",
    "resources",
    "events",
    "news",
    "legal_forum",
    "starter_content",
    "wagtail_localize",
    "wagtail_localize.locales",
    "admin_security",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "corsheaders",
    "storages",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The load balancer's /healthz, answered before sessions and site lookups.
    "site_core.health.HealthCheckMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the session and CSRF middleware, to see the cookies they set.
    "site_core.http_cache.HttpCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the address alone (no cookie, no Accept-Language).
    "site_core.languages.LanguageFromAddressMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, which refuses hosts not in ALLOWED_HOSTS.
    "site_core.routing.CachedSiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "site_core.middleware.StorageErrorMiddleware",
    "site_core.middleware.PublicSiteHeadersMiddleware",
    "admin_security.middleware.TwoFactorMiddleware",
    "admin_security.middleware.PasswordResetThrottleMiddleware",
    # Last, so it sees every failed sign-in the views below it report.
    "axes.middleware.AxesMiddleware",
]

# Axes checks for lockouts before any password is compared; then Django's own.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "mysistershouse.urls"
WSGI_APPLICATION = "mysistershouse.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in production and CI), else a local SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared Redis when REDIS_URL is set (rate limits and cached pages must agree
# across app servers), else this process's memory.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "site_core.redis_cache.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "msh",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The HTTP cache in front (docs/deploy.md): how long it may keep a public page
# (browsers keep none: site_core.http_cache), and who is told to purge what a
# publish changes (site_core.purge). With no cache named, nothing is purged.
HTTP_CACHE_SECONDS = int(env("HTTP_CACHE_SECONDS", "600"))
# Pages that list others, purged whenever any page is published or unpublished.
HTTP_CACHE_LISTING_PAGES = [
    "home.HomePage",
    "resources.ResourceIndexPage",
    "events.EventIndexPage",
    "news.NewsIndexPage",
    "legal_forum.LegalForumPage",
]
WAGTAILFRONTENDCACHE = {
    f"varnish{number}": {"BACKEND": "site_core.purge.VarnishBackend", "LOCATION": url}
    for number, url in enumerate(env_list("FRONTEND_CACHE_VARNISH_URLS"), start=1)
}
if env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
    }
if env("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"),
    }

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The languages staff can offer (Settings > Locales), each at /<code>/ (English
# at the plain addresses; site_core.languages). The starter site offers the
# first seven.
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("zh-hant", "Chinese (Traditional)"),
    ("zh-hans", "Chinese (Simplified)"),
    ("vi", "Vietnamese"),
    ("tl", "Tagalog"),
    ("ko", "Korean"),
    ("hmn", "Hmong"),
    ("ja", "Japanese"),
    ("km", "Khmer"),
    ("lo", "Lao"),
    ("th", "Thai"),
    ("hi", "Hindi"),
    ("pa", "Punjabi"),
    ("ru", "Russian"),
    ("uk", "Ukrainian"),
    ("ar", "Arabic"),
    ("fa", "Persian"),
    ("fr", "French"),
    ("pt", "Portuguese"),
]
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Every date an editor types and every date a visitor reads is Sacramento time.
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

# Static files are served by whitenoise, with compressed, content-hashed names.
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Media: S3 through django-storages when a bucket is named, else local disk. See
# site_core/storage.py for what is private and what is public, and why.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "renditions": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if AWS_STORAGE_BUCKET_NAME:
    # Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY in the
    # environment or from the instance role; boto3 finds them itself.
    STORAGES |= s3_storages(
        bucket=AWS_STORAGE_BUCKET_NAME,
        endpoint_url=env("AWS_S3_ENDPOINT_URL"),
        region=env("AWS_S3_REGION_NAME"),
        custom_domain=env("AWS_S3_CUSTOM_DOMAIN"),
        expire=int(env("AWS_QUERYSTRING_EXPIRE", "300")),
    )
WAGTAILIMAGES_RENDITION_STORAGE = "site_core.storage.RenditionStorage"
# Uploads check the file store first, so a failure is an error on the form.
WAGTAILIMAGES_IMAGE_FORM_BASE = "site_core.media_forms.ImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "site_core.media_forms.DocumentForm"

# Email: SMTP when EMAIL_HOST is set, else printed to the console.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "10"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Security defaults; ``dev`` relaxes the ones that need HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health check over plain HTTP; a redirect would fail it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# The CSRF cookie ends with the browser session: no lasting trace of a visit to a
# form on a shared or watched device. A failed check re-shows the answers.
CSRF_COOKIE_AGE = None
CSRF_FAILURE_VIEW = "site_core.csrf.csrf_failure"
X_FRAME_OPTIONS = "DENY"
if env_bool("SECURE_PROXY_SSL_HEADER"):
    # Only behind a proxy that sets this header itself and strips it from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The page editor can post many fields at once.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Wagtail
WAGTAIL_SITE_NAME = "My Sister's House"
# Links to the admin in emails (applications, password resets).
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# The admin makes no calls to other hosts (update check, avatars).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's own date filters (reports, listings) write 12/16/2026, which Django
# reads in en-us. Model dates and times in the admin take their US forms from
# site_core/us_dates.py; the time formats stay Wagtail's, which Django reads.
WAGTAIL_DATE_FORMAT = "%m/%d/%Y"

# Headless API (/api/). Its detail_url, image and document addresses, and the
# listings a publish purges from the HTTP cache, are written against SITE_URL.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILAPI_BASE_URL = SITE_URL
# Browsers on these origins (comma-separated, e.g. https://partner.example.org)
# may call it; no others.
API_ALLOWED_ORIGINS = env_list("API_ALLOWED_ORIGINS")
CORS_ALLOWED_ORIGINS = API_ALLOWED_ORIGINS
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "content-type", "idempotency-key"]
CORS_ALLOW_CREDENTIALS = False
# Scheduled publishing needs `manage.py publish_scheduled` run by cron (docs/deploy.md).

# Applications: at most this many accepted per client address per form, per window
# of seconds. Counted in the shared cache, so all app servers agree.
APPLICATION_RATE_LIMIT = (
    int(env("APPLICATION_RATE_LIMIT", "5")),
    int(env("APPLICATION_RATE_WINDOW", "600")),
)
# How many proxies in front of the site append to X-Forwarded-For (0: none, use
# the connecting address).
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))

# Sign-in security (admin_security). Whoever holds one of these permissions, and
# every superuser, must pass a second step (a code from an authenticator app)
# before the admin opens; anyone else may turn it on for themselves.
TWO_FACTOR_REQUIRED_PERMISSIONS = ["legal_forum.review_applicationsubmission"]
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Wrong passwords lock out one username from one address (so nobody can lock a
# colleague out from elsewhere) for AXES_COOLOFF_MINUTES. Attempts are kept in
# the database, so every app server counts the same ones.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
# Tries made while locked out do not restart the wait, so the message can say when.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "site_core.client.client_address"
AXES_LOCKOUT_CALLABLE = "admin_security.lockout.lockout_response"
# Password reset emails: at most this many requests per address per window.
PASSWORD_RESET_RATE_LIMIT = (
    int(env("PASSWORD_RESET_RATE_LIMIT", "5")),
    int(env("PASSWORD_RESET_RATE_WINDOW", "3600")),
)

# Event listings page through this many events at a time.
EVENTS_PER_PAGE = 10
RESOURCES_PER_PAGE = 12
NEWS_PER_PAGE = 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # Background tasks run inline by default; one line per task is noise.
        "django_tasks": {"level": "WARNING"},
        # django-axes announces its version each time a process (every manage.py
        # command) starts; its lockout records stay at INFO.
        "axes.apps": {"level": "WARNING"},
        # runserver's reloader says it is watching files, through Django's own
        # console handler and again through ours.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}
