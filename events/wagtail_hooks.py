"""Admin wiring for event categories, and the events filter of the pages API."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.api import EventFilter
from events.models import EventCategory


class EventCategoryViewSet(SnippetViewSet):
    """Event categories under Snippets, where staff add and rename them."""

    model = EventCategory
    icon = "tag"
    menu_label = "Event categories"
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]


register_snippet(EventCategoryViewSet)


@hooks.register("register_page_api_filter")
def register_event_filter():
    """Event listings in the pages API: by start, ?when= and ?category=."""
    return EventFilter
