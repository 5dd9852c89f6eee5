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
    "ALLOWED_HOSTS": "the site's host names, comma-separated",
    "DATABASE_URL": "the PostgreSQL URL, e.g. postgres://user:password@host:5432/name",
}
for _name, _hint in _REQUIRED.items():
    if not env(_name):
        raise ImproperlyConfigured(f"Set {_name} in the environment: {_hint}.")

DEBUG = False
