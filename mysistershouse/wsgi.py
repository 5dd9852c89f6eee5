"""WSGI entry point; gunicorn serves ``mysistershouse.wsgi:application``."""

import os
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysistershouse.settings.production")

try:
    application = get_wsgi_application()
except ImproperlyConfigured as exc:
    sys.exit(f"Cannot start: {exc}")
