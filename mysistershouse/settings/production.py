"""
Production: everything secure, nothing guessed.

Refuses to start, with a one-line reason, when a value it cannot do without is
missing, rather than quietly running with a throwaway key or an empty database.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

_REQUIRED = {
    "SECRET_KEY": "a long random string, e.g. from "
    "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`",
    "SITE_URL": "the site's public address, e.g. https://www.example.org",
    "DATABASE_URL": "the PostgreSQL URL, e.g. postgres://user:password@host:5432/name",
}
for _name, _hint in _REQUIRED.items():
    if not env(_name):
        raise ImproperlyConfigured(f"Set {_name} in the environment: {_hint}.")
# ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS already hold SITE_URL's host (see base);
# set them only for other names the site must answer to.

DEBUG = False
