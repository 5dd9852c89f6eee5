"""The events app's configuration."""

from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"

    def ready(self):
        from events.models import EventCategory, EventPage
        from site_core.content_cache import changes_by_itself, retire_on_change

        # Listings, filters and event pages name their category.
        retire_on_change(EventCategory)
        # What is upcoming changes as each event ends (the API's listings).
        changes_by_itself(lambda: EventPage.objects.live().public().next_change())
