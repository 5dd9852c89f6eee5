"""
Events as iCalendar data (RFC 5545), for calendar feeds and single-event downloads.

The icalendar library does the escaping, line folding and time-zone definitions;
this module decides what each event says. Timestamps come from when events were
published rather than from the moment of the request, so fetching a feed twice
gives the same text and calendar apps see no changes that are not there.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from wagtail.models import PageLogEntry

from events.recurrence import ical_rule, occurs_on
from site_core.models import SiteSettings

# How often calendar apps should check a feed for changes (cancellations matter).
REFRESH_INTERVAL = datetime.timedelta(hours=1)
# How many years past this one the zone's definition covers for a series that
# repeats with no end date.
OPEN_SERIES_ZONE_YEARS = 2


def with_publish_count(events):
    """
    The events queryset, each annotated with how many times it has been published.

    The count becomes the event's SEQUENCE, which calendar apps use to tell a newer
    copy of an event from an older one. A subquery keeps it to one SQL query.
    """
    publishes = (
        PageLogEntry.objects.filter(page=OuterRef("pk"), action="wagtail.publish")
        .order_by()
        .values("page")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return events.annotate(
        publish_count=Coalesce(Subquery(publishes, output_field=IntegerField()), 0)
    )


# The domain part of every event's UID. It names the project, not the host the
# site answers on, so moving the site to a new address keeps every UID, and
# calendars that subscribed update their events instead of adding copies. Never
# change it.
UID_DOMAIN = "events.mysistershouse"

# What calendars show for each status: iCalendar's STATUS, and a word before
# the title.
STATUSES = {
    "scheduled": ("CONFIRMED", ""),
    "postponed": ("TENTATIVE", "Postponed: "),
    "cancelled": ("CANCELLED", "Cancelled: "),
    "moved_online": ("CONFIRMED", ""),
}


def event_uid(event):
    """The event's UID: built from its page id, so edits never change it."""
    return f"event-{event.pk}@{UID_DOMAIN}"


def event_location(event):
    """Where the event happens, on one line, or None while the venue is unknown."""
    venue = ", ".join(
        part for part in [event.venue_name.strip(), event.venue_address_line] if part
    )
    if event.status == event.Status.MOVED_ONLINE:
        return "Online"
    if event.attendance == event.Attendance.ONLINE:
        return "Online"
    if event.attendance == event.Attendance.MIXED:
        return f"{venue}, or online" if venue else "Online"
    return venue or None


def event_description(event, page_url):
    """
    The status, the summary, how to join online, where to register and to read
    more.
    """
    status_line = " ".join(
        part for part in [event.status_message, event.status_note.strip()] if part
    )
    parts = [status_line, event.summary.strip()]
    online = event.attendance != event.Attendance.IN_PERSON or (
        event.status == event.Status.MOVED_ONLINE
    )
    if online and event.online_details:
        parts.append(
            gettext("Joining online: %(details)s")
            % {"details": event.online_details.strip()}
        )
    if event.offers_registration:
        parts.append(gettext("Register: %(url)s") % {"url": event.registration_url})
    parts.append(gettext("Details: %(url)s") % {"url": page_url})
    return "\n\n".join(part for part in parts if part)


def event_component(event, request):
    """
    One VEVENT for an EventPage, in Sacramento time or as whole days; a repeating
    event is one VEVENT with its rule (RRULE) and the dates it skips (EXDATE).
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    if event.is_all_day:
        # Whole days carry no time zone; DTEND is the day after the last one,
        # because RFC 5545 treats the end as exclusive.
        start = event.start_date
        end = (event.end_date or event.start_date) + datetime.timedelta(days=1)
    else:
        start = event.starts_at.astimezone(zone)
        end = event.ends_at.astimezone(zone)

    # Absolute from the Wagtail Site's root URL, never from the request's host.
    page_url = event.get_full_url(request)
    # Without a METHOD, RFC 5545 says DTSTAMP is when the event was last revised;
    # using the publish time (not "now") keeps the output stable between requests.
    revised = (
        event.last_published_at
        or event.latest_revision_created_at
        or event.first_published_at
    )
    status, prefix = STATUSES[event.status]
    component = icalendar.Event.new(
        uid=event_uid(event),
        stamp=revised.astimezone(datetime.UTC) if revised else None,
        last_modified=revised.astimezone(datetime.UTC) if revised else None,
        sequence=max(getattr(event, "publish_count", 0) - 1, 0),
        start=start,
        end=end,
        summary=prefix + event.title,
        description=event_description(event, page_url),
        location=event_location(event),
        url=page_url,
        categories=[event.category.name] if event.category_id else [],
    )
    component.add("status", status)
    rule = ical_rule(event)
    if rule is not None:
        component.add("rrule", rule)
        skipped = sorted(
            item.date
            for item in event.cancelled_dates.all()
            if occurs_on(event, item.date)
        )
        if skipped:
            component.add(
                "exdate",
                [
                    day
                    if event.is_all_day
                    else datetime.datetime.combine(day, event.start_time, zone)
                    for day in skipped
                ],
            )
    return component


def events_calendar(events, request, *, name=None, description=None, source=None):
    """
    A VCALENDAR holding the given EventPages, with the time-zone definitions they use.

    ``name`` titles the calendar in apps that subscribe to it; leave it out for a
    single-event download, since some apps (Outlook among them) open a named file
    as a separate calendar instead of adding the event to the person's own.
    ``source`` is the feed's own address, so apps know where to refresh from.
    """
    organisation = SiteSettings.for_request(request).organisation_name

    calendar = icalendar.Calendar()
    calendar.prodid = f"-//{organisation}//Events//EN"
    calendar.version = "2.0"
    calendar.calscale = "GREGORIAN"
    if name:
        calendar.calendar_name = name
    if description:
        calendar.description = description
    if source:
        calendar.source = source
        calendar.add(
            "REFRESH-INTERVAL", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"}
        )
        # Apple Calendar and Outlook read this older name for the same thing.
        calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))

    events = list(events)
    # Every feed carries the Sacramento zone, even one with no timed events: apps
    # then know the calendar's home zone, and RFC 5545 wants at least one component
    # in a calendar, which an empty feed would otherwise lack.
    calendar.add_component(sacramento_zone(events))
    for event in events:
        calendar.add_component(event_component(event, request))
    return calendar


def sacramento_zone(events):
    """
    A VTIMEZONE for the site's zone, covering the years the events span.

    icalendar writes the zone's changes as a list of dates, so bounding the years
    keeps it short; whole years make the output the same whichever events within
    them are listed. A series with no end is covered for some years ahead; calendar
    apps know the zone by its name beyond that.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    this_year = datetime.datetime.now(zone).year
    if events:
        first = min(event.starts_at for event in events).astimezone(zone).year
        ends = [event.series_ends_at or event.ends_at for event in events]
        last = max(end for end in ends).astimezone(zone).year
        if any(event.is_repeating and event.series_ends_at is None for event in events):
            last = max(last, this_year + OPEN_SERIES_ZONE_YEARS)
    else:
        first = last = this_year
    return icalendar.Timezone.from_tzid(
        settings.TIME_ZONE,
        first_date=datetime.date(first, 1, 1),
        last_date=datetime.date(last + 1, 1, 1),
    )
