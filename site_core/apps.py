"""The shared base app's configuration."""

from django.apps import AppConfig


class SiteCoreConfig(AppConfig):
    """Puts site-wide rules in force once every app is loaded."""

    name = "site_core"

    def ready(self):
        # Django's idiom: models can be imported only once the apps are ready.
        from site_core import (  # noqa: F401 (checks registers)
            checks,
            content_cache,
            languages,
            media_privacy,
            purge,
            us_dates,
            workflow,
        )

        content_cache.connect()
        # The words on every page, in any language, saved or translated: what
        # was kept of every page is old (purge.py clears the HTTP cache too).
        content_cache.retire_on_change(self.get_model("SiteTexts"))
        languages.register()
        media_privacy.connect(self)
        purge.connect()
        us_dates.register()
        workflow.connect()
