"""The shared base app's configuration."""

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


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
        # was kept of every page, here and in the HTTP cache in front, is old.
        site_texts = self.get_model("SiteTexts")
        content_cache.retire_on_change(site_texts)
        for signal in (post_save, post_delete):
            signal.connect(
                purge.on_whole_site_changed,
                sender=site_texts,
                dispatch_uid="purge.site_texts",
            )
        languages.register()
        media_privacy.connect(self)
        purge.connect()
        us_dates.register()
        workflow.connect()
