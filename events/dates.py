"""
When events happen: the moments they start and end, and their dates in words.

Editors give a start date, an optional start time, and optionally an end date and
end time, all in Sacramento time; everything here works from those four values, so
a preview that has never been saved gets the same answers as a published page.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings


def event_bounds(start_date, start_time, end_date, end_time):
    """
    The moments an event starts and ends, as aware datetimes in the site's zone.

    An event without a start time lasts all day: from midnight at the start of its
    first day to midnight after its last. Combining dates and times in the local
    zone (rather than adding hours to a UTC instant) keeps daylight-saving changes
    right: a day that loses an hour is 23 hours long.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    end_date = end_date or start_date
    if start_time is None:
        starts = datetime.datetime.combine(start_date, datetime.time.min, zone)
        ends = datetime.datetime.combine(
            end_date + datetime.timedelta(days=1), datetime.time.min, zone
        )
    else:
        starts = datetime.datetime.combine(start_date, start_time, zone)
        ends = datetime.datetime.combine(end_date, end_time or start_time, zone)
    return starts, ends


def format_event_dates(start_date, start_time, end_date, end_time):
    """The dates as a person would say them, e.g. "Tuesday, January 16, 2018"."""
    end_date = end_date or start_date
    if start_date == end_date:
        text = format_date(start_date)
        if start_time is not None:
            text += f", {format_time(start_time)} to {format_time(end_time)}"
        return text
    if start_time is None:
        return f"{format_date(start_date)} to {format_date(end_date)}"
    return (
        f"{format_date(start_date)}, {format_time(start_time)} to "
        f"{format_date(end_date)}, {format_time(end_time)}"
    )


def format_time(value):
    """A time as people write it here: "6 pm", "7:30 pm"."""
    text = (
        value.strftime("%I:%M %p").lstrip("0").replace("AM", "am").replace("PM", "pm")
    )
    return text.replace(":00 ", " ")


def format_date(value):
    """A date with its weekday: "Tuesday, January 16, 2018"."""
    return f"{value:%A}, {value:%B} {value.day}, {value.year}"


def format_short_date(value):
    """A date without its weekday: "January 16, 2018"."""
    return f"{value:%B} {value.day}, {value.year}"
