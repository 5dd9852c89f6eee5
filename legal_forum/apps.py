"""The Legal Forum app's configuration."""

from django.apps import AppConfig


class LegalForumConfig(AppConfig):
    name = "legal_forum"

    def ready(self):
        from legal_forum.models import ApplicationRouting
        from site_core.content_cache import retire_on_change

        # The privacy notice beside each form says how long applications are kept.
        retire_on_change(ApplicationRouting)
