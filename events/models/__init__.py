"""Events: the annual conference, Legal Forum meetings and other announcements."""

from events.models.category import EventCategory
from events.models.pages import EventIndexPage, EventPage

__all__ = ["EventCategory", "EventIndexPage", "EventPage"]
