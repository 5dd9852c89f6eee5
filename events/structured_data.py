"""
Events as schema.org JSON-LD, which search engines show as event details.

An event page puts ``json_ld_script(event_json_ld(page, request))`` in its head.
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from events.dates import event_bounds
from events.recurrence import Repeat, weekday_position
from site_core.models import SiteSettings

# Characters that could end the script element or start markup inside it, written
# as JSON escapes (as Django's json_script does) so the data stays inert.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

# schema.org's eventStatus for each of EventPage.Status.
EVENT_STATUSES = {
    "scheduled": "EventScheduled",
    "postponed": "EventPostponed",
    "cancelled": "EventCancelled",
    "moved_online": "EventMovedOnline",
}


def event_json_ld(event, request):
    """
    An EventPage as a schema.org Event.

    Dates come from the form fields rather than ``starts_at`` so that a preview,
    which is never saved, works too. A repeating event gives the dates of its next
    meeting, and its rule as an ``eventSchedule``.
    """
    starts, ends = event_bounds(
        event.start_date, event.start_time, event.end_date, event.end_time
    )
    if event.is_repeating and event.next_occurrence is not None:
        starts, ends = event.next_occurrence.starts_at, event.next_occurrence.ends_at
    if event.is_all_day:
        # Plain dates; schema.org counts the end day itself, unlike iCalendar.
        first_day = starts.date()
        starts, ends = (
            first_day,
            first_day + ((event.end_date or event.start_date) - event.start_date),
        )
    page_url = event.get_full_url(request)
    organizer = {
        "@type": "Organization",
        "name": SiteSettings.for_request(request).organisation_name,
    }
    if site := Site.find_for_request(request):
        organizer["url"] = f"{site.root_url}/"
    online = event.attendance == event.Attendance.ONLINE or (
        event.status == event.Status.MOVED_ONLINE
    )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": starts.isoformat(),
        "endDate": ends.isoformat(),
        "eventStatus": "https://schema.org/" + EVENT_STATUSES[event.status],
        "eventAttendanceMode": "https://schema.org/"
        + ("OnlineEventAttendanceMode" if online else attendance_mode(event)),
        "organizer": organizer,
        "url": page_url,
    }
    if event.is_repeating:
        data["eventSchedule"] = event_schedule(event)
    locations = []
    if not online and event.venue_name:
        place = {"@type": "Place", "name": event.venue_name}
        if event.venue_address_line:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": event.venue_address_line,
            }
        locations.append(place)
    if online or event.attendance == event.Attendance.MIXED:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    # Past and called-off events take no more sign-ups; the page hides its button.
    if event.offers_registration:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data


def event_schedule(event):
    """A repeating event's rule as a schema.org Schedule, in Sacramento time."""
    start = event.start_date
    schedule = {
        "@type": "Schedule",
        "repeatFrequency": "P1W" if event.repeat == Repeat.WEEKLY else "P1M",
        "startDate": start.isoformat(),
        "scheduleTimezone": settings.TIME_ZONE,
    }
    if event.repeat == Repeat.MONTHLY_DATE:
        schedule["byMonthDay"] = start.day
    else:
        schedule["byDay"] = f"https://schema.org/{start:%A}"
    if event.repeat == Repeat.MONTHLY_WEEKDAY:
        schedule["byMonthWeek"] = weekday_position(start)
    elif event.repeat == Repeat.MONTHLY_LAST_WEEKDAY:
        schedule["byMonthWeek"] = -1
    if event.start_time is not None:
        schedule["startTime"] = event.start_time.isoformat()
        schedule["endTime"] = event.end_time.isoformat()
    if event.repeat_until:
        schedule["endDate"] = event.repeat_until.isoformat()
    skipped = sorted(item.date.isoformat() for item in event.cancellations)
    if skipped:
        schedule["exceptDate"] = skipped
    return schedule


def attendance_mode(event):
    """schema.org's name for how people take part in the event."""
    return {
        event.Attendance.IN_PERSON: "OfflineEventAttendanceMode",
        event.Attendance.ONLINE: "OnlineEventAttendanceMode",
        event.Attendance.MIXED: "MixedEventAttendanceMode",
    }[event.attendance]


def json_ld_script(data):
    """``data`` as a JSON-LD script element, safe to place in any HTML page."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )
