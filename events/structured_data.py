"""
Events as schema.org JSON-LD, which search engines show as event details.

An event page puts ``json_ld_script(event_json_ld(page, request))`` in its head.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.models import Site

from events.dates import event_bounds
from site_core.models import SiteSettings

# Characters that could end the script element or start markup inside it, written
# as JSON escapes (as Django's json_script does) so the data stays inert.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_json_ld(event, request):
    """
    An EventPage as a schema.org Event.

    Dates come from the form fields rather than ``starts_at`` so that a preview,
    which is never saved, works too.
    """
    starts, ends = event_bounds(
        event.start_date, event.start_time, event.end_date, event.end_time
    )
    is_over = ends <= timezone.now()
    if event.is_all_day:
        # Plain dates; schema.org counts the end day itself, unlike iCalendar.
        starts, ends = event.start_date, event.end_date or event.start_date
    page_url = event.get_full_url(request)
    organizer = {
        "@type": "Organization",
        "name": SiteSettings.for_request(request).organisation_name,
    }
    if site := Site.find_for_request(request):
        organizer["url"] = f"{site.root_url}/"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": starts.isoformat(),
        "endDate": ends.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/" + attendance_mode(event),
        "organizer": organizer,
        "url": page_url,
    }
    locations = []
    if event.attendance != event.Attendance.ONLINE and event.venue_name:
        place = {"@type": "Place", "name": event.venue_name}
        if event.venue_address_line:
            place["address"] = {
                "@type": "PostalAddress",
                "streetAddress": event.venue_address_line,
            }
        locations.append(place)
    if event.attendance != event.Attendance.IN_PERSON:
        locations.append({"@type": "VirtualLocation", "url": page_url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    # Past events take no more sign-ups; the page hides its button too.
    if event.registration_url and not is_over:
        data["offers"] = {"@type": "Offer", "url": event.registration_url}
    return data


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
