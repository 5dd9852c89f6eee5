"""The listings of event pages: upcoming (soonest next meeting first) and past."""

from types import SimpleNamespace

from django.db.models import Case, DateTimeField, F, Min, Q, Value, When
from django.utils import timezone
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from events.recurrence import Repeat, occurrences

# The fields a repeating event's next occurrence is worked out from.
RULE_FIELDS = ["start_date", "start_time", "end_date", "end_time", "repeat"]


class EventPageQuerySet(PageQuerySet):
    """Event pages, with the two listings the site, its feeds and the API show."""

    def upcoming(self, now=None):
        """
        Events that have not ended (including those under way, and repeating
        events with meetings still to come), by their next meeting, soonest first.

        A repeating event started long ago belongs beside the one-off events of
        the weeks its next meeting falls in, so the order is by each event's next
        occurrence (``next_starts_at``), worked out in Python for the repeating
        ones: one query however many there are. When there are some, their
        cancelled dates come with them, since listings show their next meetings.
        """
        now = now or timezone.now()
        events = self.filter(Q(series_ends_at__isnull=True) | Q(series_ends_at__gt=now))
        next_starts = next_start_expression(events, now)
        upcoming = events.annotate(next_starts_at=next_starts).order_by(
            "next_starts_at", "pk"
        )
        if isinstance(next_starts, Case):  # some of them repeat
            upcoming = upcoming.prefetch_related("cancelled_dates")
        return upcoming

    def next_change(self, now=None):
        """
        When the upcoming and past listings of these events will next change
        on their own, as time passes: the soonest end of a meeting not yet
        over (a one-off event's end, a repeating event's current meeting's),
        or None if none is to come. Until then a listing made ``now`` stays
        true, so it can be kept (``site_core.content_cache``).
        """
        now = now or timezone.now()
        events = self.filter(
            Q(series_ends_at__isnull=True) | Q(series_ends_at__gt=now)
        ).order_by()
        ends = [
            end
            for end in [events.aggregate(end=Min("series_ends_at"))["end"]]
            if end is not None
        ]
        series = events.exclude(repeat=Repeat.NONE)
        for row in series.values("repeat_until", *RULE_FIELDS):
            upcoming = occurrences(SimpleNamespace(**row), now, 1)
            if upcoming:
                ends.append(upcoming[0].ends_at)
        return min(ends, default=None)

    def past(self, now=None):
        """Events whose last meeting has ended, oldest first so the newest is last."""
        return self.filter(series_ends_at__lte=now or timezone.now()).order_by(
            "series_ends_at", "starts_at", "pk"
        )

    def for_cards(self):
        """What an event's card shows: its category, and its image's renditions."""
        return (
            self.defer_streamfields()
            .select_related("category", "image")
            .prefetch_related("image__renditions")
        )


def next_start_expression(events, now):
    """
    SQL giving each event of ``events`` the start of its next occurrence: its own
    start unless it repeats; for repeating events, a value worked out here.
    """
    series = events.exclude(repeat=Repeat.NONE).order_by()
    next_starts = []
    for row in series.values("pk", "repeat_until", *RULE_FIELDS):
        upcoming = occurrences(SimpleNamespace(**row), now, 1)
        if upcoming:
            next_starts.append(When(pk=row["pk"], then=Value(upcoming[0].starts_at)))
    if not next_starts:
        return F("starts_at")
    return Case(*next_starts, default=F("starts_at"), output_field=DateTimeField())


EventPageManager = PageManager.from_queryset(EventPageQuerySet)
