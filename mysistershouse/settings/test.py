"""The test suite: SQLite in memory unless DATABASE_URL names another database."""

from .base import *  # noqa: F403
from .base import env


def _redis_for_this_worker(url):
    """
    Parallel test workers (gw0, gw1, ...) each get their own Redis database,
    counting down from the one named, since every test empties its database.
    """
    worker = env("PYTEST_XDIST_WORKER")
    if not worker:
        return url
    base, _, number = url.rpartition("/")
    return f"{base}/{int(number or 0) - int(worker.removeprefix('gw'))}"


DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

if not env("DATABASE_URL"):
    DATABASES = {
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
    }
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rate limits live in the shared cache: with TEST_REDIS_URL (as CI sets it) the
# tests use a real Redis database, which they empty between tests.
if env("TEST_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "site_core.redis_cache.RedisCache",
            "LOCATION": _redis_for_this_worker(env("TEST_REDIS_URL")),
            "KEY_PREFIX": "msh-test",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "renditions": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client's host: absolute links in pages, the API and emails point where
# the tests send their requests. bootstrap_site moves the default site here.
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = WAGTAILAPI_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = [SITE_URL]
# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}  # noqa: F405
