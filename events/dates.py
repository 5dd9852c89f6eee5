"""
When events happen: the moments they start and end, and their dates in words.

Editors give a start date, an optional start time, and optionally an end date and
end time, all in Sacramento time; everything here works from those four values, so
a preview that has never been saved gets the same answers as a published page.

The words follow the language being read: each pattern is in the site's
catalogues, so translators can reorder it, and the weekday and month names are
Django's own. English reads as it always has ("Tuesday, January 16, 2018, 6 pm to
7:30 pm"). Staff read these in the admin, which is in English.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext_noop, pgettext

# The weekday and month names Django's date formats use ("l" and "F"). Django's
# catalogues have them in every language the site offers except Tagalog; marked
# here, they are in the site's catalogues too, which Django reads first.
WEEKDAY_AND_MONTH_NAMES = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
]
# Django's TIME_FORMAT for a language that reads the 12-hour clock ("6 p.m.").
TWELVE_HOUR_CLOCK = "P"


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
        if start_time is None:
            return format_date(start_date)
        return _date_and_time(
            format_date(start_date), format_time_range(start_time, end_time)
        )
    if start_time is None:
        return _date_range(format_date(start_date), format_date(end_date))
    return _date_range(
        _date_and_time(format_date(start_date), format_time(start_time)),
        _date_and_time(format_date(end_date), format_time(end_time)),
    )


def format_time(value):
    """
    A time as people write it here: "6 pm", "7:30 pm" in English; in a language
    read on the 24-hour clock, as it writes times ("18:00").
    """
    if get_format("TIME_FORMAT") != TWELVE_HOUR_CLOCK:
        return date_format(value, "TIME_FORMAT")
    text = (
        value.strftime("%I:%M %p").lstrip("0").replace("AM", "am").replace("PM", "pm")
    )
    return text.replace(":00 ", " ")


def format_time_range(start, end):
    """From one time to another on the same day: "6 pm to 7:30 pm"."""
    # Translators: from one time to another on the same day, e.g. "6 pm to
    # 7:30 pm".
    words = pgettext("from one time to another", "%(start)s to %(end)s")
    return words % {"start": format_time(start), "end": format_time(end)}


def format_date(value):
    """A date with its weekday: "Tuesday, January 16, 2018"."""
    # Translators: how a date with its weekday is written, in the letters of
    # Django's date filter: l weekday, F month's name, n month's number, j day,
    # Y year; a backslash keeps a letter as it is. English: "Tuesday, January
    # 16, 2018".
    return date_format(value, pgettext("date format with the weekday", "l, F j, Y"))


def format_short_date(value):
    """A date without its weekday: "January 16, 2018"."""
    # Translators: how a date without its weekday is written, in the letters of
    # Django's date filter (F month's name, n month's number, j day, Y year), or
    # DATE_FORMAT for the way Django writes dates in this language. English:
    # "January 16, 2018".
    return date_format(value, pgettext("date format without the weekday", "F j, Y"))


def _date_and_time(date, time):
    # Translators: a date followed by a time or times on it, e.g. "Tuesday,
    # January 16, 2018, 6 pm to 7:30 pm".
    words = pgettext("a date and its time", "%(date)s, %(time)s")
    return words % {"date": date, "time": time}


def _date_range(start, end):
    # Translators: from one day to another, each a date perhaps with its time,
    # e.g. "Tuesday, January 16, 2018 to Thursday, January 18, 2018".
    words = pgettext("from one date to another", "%(first)s to %(last)s")
    return words % {"first": start, "last": end}
