"""
The scale-out drill's app servers: production settings, read from the environment
the drill sets (tests/test_scale_out.py), except that static files are served
from the source folders, so the drill needs no collectstatic run first.
"""

from mysistershouse.settings.production import *  # noqa: F403
from mysistershouse.settings.production import STORAGES

STORAGES = STORAGES | {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
}
WHITENOISE_USE_FINDERS = True
