"""
Repeating events: the rules staff choose from, the occurrences a rule gives, the
rule in words, and the same rule as iCalendar's RRULE.

Occurrences are worked out on the wall clock (a local date and time for each
meeting) and only then placed in Sacramento's zone, so a 6 pm meeting stays at
6 pm on both sides of a daylight-saving change. Like ``events.dates``, everything
here reads the page's own fields, so an unsaved preview gets the same answers.
"""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import pgettext, pgettext_lazy

from events.dates import (
    event_bounds,
    format_date,
    format_event_dates,
    format_short_date,
    format_time_range,
)


class Repeat(models.TextChoices):
    NONE = "none", "Does not repeat"
    WEEKLY = "weekly", "Every week, on the same weekday"
    MONTHLY_WEEKDAY = (
        "monthly_weekday",
        "Every month, on the same weekday (for example the second Tuesday)",
    )
    MONTHLY_LAST_WEEKDAY = (
        "monthly_last_weekday",
        "Every month, on the last of that weekday (for example the last Friday)",
    )
    MONTHLY_DATE = (
        "monthly_date",
        "Every month, on the same date (for example the 15th)",
    )


# For staff's messages, which are in English.
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}
# The rule in words for visitors, whole sentences so that each language words
# its own ordinals; %(weekday)s is the weekday's name in that language.
RULE_WORDS = {
    Repeat.WEEKLY: pgettext_lazy("repeat rule", "Every %(weekday)s"),
    Repeat.MONTHLY_LAST_WEEKDAY: pgettext_lazy(
        "repeat rule", "Every last %(weekday)s of the month"
    ),
}
# English ends an ordinal day in st, nd, rd or th, so it has four sentences where
# other languages need one wording, the same for all four.
MONTHLY_DATE_WORDS = {
    # Translators: %(day)s is the day of the month as a number: 1 or 21.
    "st": pgettext_lazy("repeat rule", "Every month on the %(day)sst"),
    # Translators: %(day)s is the day of the month as a number: 2 or 22.
    "nd": pgettext_lazy("repeat rule", "Every month on the %(day)snd"),
    # Translators: %(day)s is the day of the month as a number: 3 or 23.
    "rd": pgettext_lazy("repeat rule", "Every month on the %(day)srd"),
    # Translators: %(day)s is the day of the month as a number: 4 to 20, or 24
    # to 28.
    "th": pgettext_lazy("repeat rule", "Every month on the %(day)sth"),
}
NTH_WEEKDAY_WORDS = {
    1: pgettext_lazy("repeat rule", "Every first %(weekday)s of the month"),
    2: pgettext_lazy("repeat rule", "Every second %(weekday)s of the month"),
    3: pgettext_lazy("repeat rule", "Every third %(weekday)s of the month"),
    4: pgettext_lazy("repeat rule", "Every fourth %(weekday)s of the month"),
    5: pgettext_lazy("repeat rule", "Every fifth %(weekday)s of the month"),
}
# iCalendar's two-letter weekdays, Monday first as Python counts them.
ICAL_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclass(frozen=True)
class Occurrence:
    """One meeting of an event: when it starts and ends, and whether it is off."""

    starts_at: datetime.datetime  # aware, in the site's zone
    ends_at: datetime.datetime
    is_all_day: bool
    cancelled: bool = False
    note: str = ""

    @property
    def date(self):
        return self.starts_at.date()

    @property
    def when(self):
        """E.g. "Tuesday, March 9, 2027, 6 pm to 7:30 pm"."""
        if self.is_all_day:
            return format_date(self.date)
        return format_event_dates(
            self.date, self.starts_at.time(), None, self.ends_at.time()
        )


def site_zone():
    return ZoneInfo(settings.TIME_ZONE)


def weekday_position(day):
    """Which of its weekday in the month ``day`` is: 2 for a second Tuesday."""
    return (day.day - 1) // 7 + 1


def is_last_weekday(day):
    """Whether no later day of the month falls on the same weekday."""
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


def nth_weekday(year, month, weekday, position):
    """The date of the ``position``-th ``weekday`` (Monday is 0) of a month."""
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(
        days=(weekday - first.weekday()) % 7 + 7 * (position - 1)
    )


def ordinal_suffix(number):
    """English's ending for ``number`` as an ordinal: "st" for 1, "th" for 11."""
    if 11 <= number % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def ordinal_day(number):
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th ... 21st."""
    return f"{number}{ordinal_suffix(number)}"


def repeat_errors(event):
    """
    What is wrong with how ``event`` repeats, as {field name: message}, for the
    page's ``clean()``. Each message tells the editor what to change.
    """
    start = event.start_date
    if event.repeat == Repeat.NONE or start is None:
        if event.repeat_until and event.repeat == Repeat.NONE:
            return {"repeat_until": "Choose how the event repeats, or clear this date."}
        return {}
    errors = {}
    weekday = f"{start:%A}"
    if event.end_date and event.end_date != start:
        errors["end_date"] = (
            "A repeating event starts and ends on the same day. Clear the end date, "
            "or set the event not to repeat."
        )
    if event.repeat == Repeat.MONTHLY_WEEKDAY and weekday_position(start) == 5:
        errors["repeat"] = (
            f"{format_date(start)} is the fifth {weekday} of the month, and not "
            f"every month has one. Choose 'on the last of that weekday' to meet on "
            f"the last {weekday} of each month."
        )
    if event.repeat == Repeat.MONTHLY_LAST_WEEKDAY and not is_last_weekday(start):
        errors["repeat"] = (
            f"{format_date(start)} is not the last {weekday} of {start:%B}. Change "
            f"the start date to the last {weekday}, or choose 'on the same weekday' "
            f"to meet on the {ORDINALS[weekday_position(start)]} {weekday}."
        )
    if event.repeat == Repeat.MONTHLY_DATE and start.day > 28:
        errors["repeat"] = (
            f"Not every month has a {ordinal_day(start.day)}. Choose a start date "
            "up to the 28th, or repeat on a weekday (for example the last Friday)."
        )
    if event.repeat_until and event.repeat_until < start:
        errors["repeat_until"] = "This date is before the event first happens."
    return errors


def _rule(event):
    """The dateutil rule giving the local start of every occurrence, or None."""
    if event.repeat == Repeat.NONE:
        return None
    start = event.start_date
    dtstart = datetime.datetime.combine(start, event.start_time or datetime.time.min)
    until = None
    if event.repeat_until:
        until = datetime.datetime.combine(event.repeat_until, datetime.time.max)
    if event.repeat == Repeat.WEEKLY:
        return rrule.rrule(rrule.WEEKLY, dtstart=dtstart, until=until)
    if event.repeat == Repeat.MONTHLY_DATE:
        return rrule.rrule(
            rrule.MONTHLY, dtstart=dtstart, until=until, bymonthday=start.day
        )
    position = (
        -1 if event.repeat == Repeat.MONTHLY_LAST_WEEKDAY else weekday_position(start)
    )
    return rrule.rrule(
        rrule.MONTHLY,
        dtstart=dtstart,
        until=until,
        byweekday=rrule.weekday(start.weekday(), position),
    )


def _occurrence_at(event, local_start, cancelled):
    """The occurrence starting at the naive local datetime ``local_start``."""
    day = local_start.date()
    starts, ends = event_bounds(day, event.start_time, None, event.end_time)
    reason = cancelled.get(day)
    return Occurrence(
        starts_at=starts,
        ends_at=ends,
        is_all_day=event.start_time is None,
        cancelled=reason is not None,
        note=reason or "",
    )


def occurrences(event, after, limit, cancelled=None):
    """
    Up to ``limit`` occurrences of ``event`` that have not ended at ``after``
    (an aware datetime), soonest first. ``cancelled`` maps the local dates of
    cancelled occurrences to their reasons (empty when none was given).
    """
    cancelled = cancelled or {}
    rule = _rule(event)
    if rule is None:
        starts, ends = event_bounds(
            event.start_date, event.start_time, event.end_date, event.end_time
        )
        if ends <= after or limit < 1:
            return []
        reason = cancelled.get(event.start_date)
        return [
            Occurrence(
                starts, ends, event.start_time is None, reason is not None, reason or ""
            )
        ]
    # An occurrence that started up to a day ago may still be under way.
    local_after = after.astimezone(site_zone()).replace(tzinfo=None)
    found = []
    for local_start in rule.xafter(local_after - datetime.timedelta(days=1), inc=True):
        if len(found) >= limit:
            break
        occurrence = _occurrence_at(event, local_start, cancelled)
        if occurrence.ends_at > after:
            found.append(occurrence)
    return found


def series_end(event):
    """
    When the last occurrence ends: the event's own end if it does not repeat,
    None if it repeats with no end date.
    """
    rule = _rule(event)
    if rule is None:
        return event_bounds(
            event.start_date, event.start_time, event.end_date, event.end_time
        )[1]
    if event.repeat_until is None:
        return None
    last = rule.before(
        datetime.datetime.combine(event.repeat_until, datetime.time.max), inc=True
    )
    last_day = last.date() if last else event.start_date
    return event_bounds(last_day, event.start_time, None, event.end_time)[1]


def occurs_on(event, day):
    """Whether the event has an occurrence on the local date ``day``."""
    rule = _rule(event)
    if rule is None:
        return day == event.start_date
    return bool(
        rule.between(
            datetime.datetime.combine(day, datetime.time.min),
            datetime.datetime.combine(day, datetime.time.max),
            inc=True,
        )
    )


def describe(event):
    """
    The rule in words, in the language being read, e.g. "Every second Tuesday of
    the month, 6 pm to 7:30 pm", or "" for an event that does not repeat.
    """
    start = event.start_date
    if event.repeat == Repeat.NONE or start is None:
        return ""
    if event.repeat == Repeat.MONTHLY_WEEKDAY:
        words = NTH_WEEKDAY_WORDS[weekday_position(start)]
    elif event.repeat == Repeat.MONTHLY_DATE:
        words = MONTHLY_DATE_WORDS[ordinal_suffix(start.day)]
    else:
        words = RULE_WORDS[event.repeat]
    text = str(words) % {"weekday": date_format(start, "l"), "day": start.day}
    if event.start_time is not None and event.end_time is not None:
        # Translators: how an event repeats, then its times, e.g. "Every second
        # Tuesday of the month, 6 pm to 7:30 pm".
        text = pgettext("a repeat rule and its times", "%(rule)s, %(times)s") % {
            "rule": text,
            "times": format_time_range(event.start_time, event.end_time),
        }
    if event.repeat_until:
        # Translators: how an event repeats, then the last day it may meet.
        text = pgettext("a repeat rule and its end", "%(rule)s, until %(date)s") % {
            "rule": text,
            "date": format_short_date(event.repeat_until),
        }
    return text


def ical_rule(event):
    """The rule as the parts of an iCalendar RRULE, or None if it does not repeat."""
    rule = _rule(event)
    if rule is None:
        return None
    start = event.start_date
    weekday = ICAL_WEEKDAYS[start.weekday()]
    parts = {
        Repeat.WEEKLY: {"FREQ": "WEEKLY", "BYDAY": weekday},
        Repeat.MONTHLY_WEEKDAY: {
            "FREQ": "MONTHLY",
            "BYDAY": f"{weekday_position(start)}{weekday}",
        },
        Repeat.MONTHLY_LAST_WEEKDAY: {"FREQ": "MONTHLY", "BYDAY": f"-1{weekday}"},
        Repeat.MONTHLY_DATE: {"FREQ": "MONTHLY", "BYMONTHDAY": start.day},
    }[event.repeat]
    if event.repeat_until:
        last = rule.before(
            datetime.datetime.combine(event.repeat_until, datetime.time.max), inc=True
        )
        last = last or datetime.datetime.combine(start, datetime.time.min)
        # RFC 5545: UNTIL is a date for all-day events, else a UTC time.
        if event.start_time is None:
            parts["UNTIL"] = last.date()
        else:
            parts["UNTIL"] = last.replace(tzinfo=site_zone()).astimezone(datetime.UTC)
    return parts
