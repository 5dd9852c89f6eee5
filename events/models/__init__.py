"""Events: the annual conference, Legal Forum meetings and other announcements."""

from events.models.cancellation import EventCancellation
from events.models.category import EventCategory
from events.models.index import EventIndexPage
from events.models.pages import EventPage

__all__ = ["EventCancellation", "EventCategory", "EventIndexPage", "EventPage"]
