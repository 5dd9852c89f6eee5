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


def occurrence_json(occurrence):
    """One meeting: {starts_at, ends_at, cancelled, note}."""
    return {
        "starts_at": timezone.localtime(occurrence.starts_at).isoformat(),
        "ends_at": timezone.localtime(occurrence.ends_at).isoformat(),
        "cancelled": occurrence.cancelled,
        "note": occurrence.note,
    }


class OccurrencesField(OutputField):
    """An event's next meetings that have not ended, soonest first."""

    def to_representation(self, occurrences):
        return [occurrence_json(occurrence) for occurrence in occurrences]


class EventSummaryField(OutputField):
    """
    An event in brief: its link, status, next meeting and venue; null unless
    public. For a repeating event the times are those of its next meeting.
    """

    def to_representation(self, event):
        link = content_renderer(self.context).page_link(event)
        if link is None:
            return None
        meeting = event.next_occurrence
        starts_at = meeting.starts_at if meeting else event.starts_at
        ends_at = meeting.ends_at if meeting else event.ends_at
        return {
            **link,
            "starts_at": timezone.localtime(starts_at).isoformat(),
            "ends_at": timezone.localtime(ends_at).isoformat(),
            "is_all_day": event.is_all_day,
            "venue_name": event.venue_name,
            "status": event.status,
            "status_note": event.status_note,
            "repeat_description": event.repeat_description,
        }


class MeetingsField(OutputField):
    """
    Meetings of several events merged in order, as (event, occurrence) pairs:
    each the event's link, status and the meeting's times; events that are not
    public are left out.
    """

    def to_representation(self, meetings):
        renderer = content_renderer(self.context)
        renderer.load_pages({event.pk for event, _ in meetings})  # one query
        listed = []
        for event, occurrence in meetings:
            link = renderer.page_link(event)
            if link is not None:
                listed.append(
                    {
                        **link,
                        **occurrence_json(occurrence),
                        "is_all_day": occurrence.is_all_day,
                        "status": event.status,
                    }
                )
        return listed
