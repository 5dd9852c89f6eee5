"""When an event happens: its dates and, if it repeats, its meetings."""

from dataclasses import replace

from django.utils import timezone
from django.utils.functional import cached_property

from events.dates import format_event_dates
from events.recurrence import Repeat, describe, occurrences, series_end

# How many meetings of a repeating event pages and the API list ahead.
NEXT_OCCURRENCES = 3


class EventScheduleMixin:
    """
    What an EventPage says about its dates and meetings, worked out from its
    fields (so an unsaved preview gets the same answers) and its cancelled dates.
    Cancelled and moved events are the page's ``status``; see EventPage.
    """

    @property
    def is_all_day(self):
        return self.start_time is None

    @property
    def is_repeating(self):
        return self.repeat != Repeat.NONE

    @cached_property
    def is_past(self):
        """Whether its last meeting has ended (from the fields, so previews work)."""
        ends = series_end(self)
        return ends is not None and ends <= timezone.now()

    @property
    def when(self):
        """
        The dates as a person would say them, e.g. "Tuesday, January 16, 2018"; for
        a repeating event, how it repeats.
        """
        if self.is_repeating:
            return self.repeat_description
        return format_event_dates(
            self.start_date, self.start_time, self.end_date, self.end_time
        )

    @property
    def repeat_description(self):
        """How it repeats, e.g. "Every second Tuesday of the month, 6 pm to 8 pm"."""
        return describe(self)

    def upcoming_occurrences(self, count=NEXT_OCCURRENCES, now=None):
        """
        The next ``count`` meetings that have not ended, each marked cancelled if
        its date is (or the whole event is), with the reason as its note.
        """
        # Only a repeating event skips dates (the editor refuses them on others),
        # so a one-off event needs no query for them.
        cancelled = (
            {item.date: item.reason for item in self.cancellations}
            if self.is_repeating
            else {}
        )
        found = occurrences(self, now or timezone.now(), count, cancelled)
        if self.status == "cancelled":
            return [
                replace(item, cancelled=True, note=item.note or self.status_note)
                for item in found
            ]
        return found

    @cached_property
    def cancellations(self):
        """The cancelled dates, read once (prefetched ones are used as they are)."""
        return list(self.cancelled_dates.all())

    @cached_property
    def next_occurrences(self):
        return self.upcoming_occurrences()

    @property
    def changes_at(self):
        """
        When what the page says of its dates changes by itself: as its next
        meeting ends (the next dates move on, or the event is past). None once
        it is past. Its kept fragments last until then (``{% fragment %}``).
        """
        upcoming = self.next_occurrences
        return upcoming[0].ends_at if upcoming else None

    @cached_property
    def next_occurrence(self):
        """The next meeting that goes ahead; else the next one; else None."""
        going_ahead = [item for item in self.next_occurrences if not item.cancelled]
        return (going_ahead or self.next_occurrences or [None])[0]
