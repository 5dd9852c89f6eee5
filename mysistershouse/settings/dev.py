"""Local development: debug on, plain HTTP, the embedded defaults."""

from .base import *  # noqa: F403
from .base import _site_address, env, env_list

DEBUG = True
# A fixed key for local use only; production refuses to start without its own.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = [
    *env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"]),
    _site_address.hostname,
]

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Plain static storage, so a missing collectstatic never breaks a page locally.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
