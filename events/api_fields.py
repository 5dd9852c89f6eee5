"""
Events in the read API: the serializer fields that event pages and the Legal Forum
page name in their ``api_fields``. Page models import this module, so it imports no
models; the listing filter, which does, is ``events.api``.
"""

from django.utils import timezone

from site_core.api.fields import OutputField, content_renderer


class EventCategoryField(OutputField):
    """An event category as {name, slug}."""

    def to_representation(self, category):
        return {"name": category.name, "slug": category.slug}


class EventSummaryField(OutputField):
    """An event in brief: its link, times and venue; null unless public."""

    def to_representation(self, event):
        link = content_renderer(self.context).page_link(event)
        if link is None:
            return None
        return {
            **link,
            "starts_at": timezone.localtime(event.starts_at).isoformat(),
            "ends_at": timezone.localtime(event.ends_at).isoformat(),
            "is_all_day": event.is_all_day,
            "venue_name": event.venue_name,
        }
