"""
Dates and times as people in the US type them, read strictly.

Staff type 12/16/2026, 2:00 PM, 2pm or 14:00 (and 2026-12-16 still works); the
admin shows values back as 12/16/2026 and 2:00 PM. Anything else is refused with
a sentence saying how to write it, never read as a guess: Wagtail's date picker,
left to itself, replaces text it cannot read with today's date when the field
loses focus, and its time picker reads "2pm" as 02:00, so a typed 12/16/2026 at
2pm was saved (by autosave too) as today at 02:00. ``admin-dates.js`` stops the
picker rewriting what was typed; the fields here read it, or say why not.

``register`` makes these fields the admin's for every model date, time and
date-and-time (pages, snippets, settings, the go-live and expiry schedule).
"""

import datetime
import re

from django import forms
from django.db import models
from django.forms.utils import from_current_timezone
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput, AdminTimeInput

US_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
# 2pm, 2 PM, 2:00 p.m., 2:00:30 PM
TWELVE_HOUR = re.compile(
    r"(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?\s*([ap])\.?\s*m\.?", re.IGNORECASE
)
# 14:00, 14:00:30
TWENTY_FOUR_HOUR = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
# The day, then a space, a comma, "at" or ISO's T, then the time.
DAY_AND_TIME = re.compile(
    r"(\S+?)(?:\s*,\s*|\s+at\s+|\s+|T)(\S.*)", re.IGNORECASE | re.DOTALL
)

DATE_HINT = "Enter the date as month/day/year, for example 12/16/2026."
TIME_HINT = (
    "Enter the time as hour:minutes with AM or PM, for example 2:00 PM "
    "(2pm and 14:00 work too)."
)
DATETIME_HINT = (
    "Enter the date and time as month/day/year and hour:minutes with AM or PM, "
    "for example 12/16/2026 2:00 PM."
)


class Unreadable(ValueError):
    """The text is in none of the forms we read."""


class Impossible(ValueError):
    """A form we read, naming a day or time that does not exist (2/30/2026, 13 PM)."""


def parse_date(text):
    """The day ``text`` names: 12/16/2026, 12/16/26 or 2026-12-16."""
    text = (text or "").strip()
    if match := US_DAY.fullmatch(text):
        month, day, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
    elif match := ISO_DAY.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise Unreadable(f"'{text}' is not a date.")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Impossible(f"'{text}' is not a day on the calendar.") from None


def parse_time(text):
    """The time of day ``text`` names: 2:00 PM, 2pm, 2:30 p.m. or 14:00."""
    text = (text or "").strip()
    if match := TWELVE_HOUR.fullmatch(text):
        hour, minute, second, half = match.groups()
        hour = int(hour)
        if not 1 <= hour <= 12:
            raise Impossible(f"'{text}' is not a time of day.")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    elif match := TWENTY_FOUR_HOUR.fullmatch(text):
        hour, minute, second = match.groups()
        hour = int(hour)
    else:
        raise Unreadable(f"'{text}' is not a time.")
    try:
        return datetime.time(hour, int(minute or 0), int(second or 0))
    except ValueError:
        raise Impossible(f"'{text}' is not a time of day.") from None


def parse_datetime(text):
    """
    The moment ``text`` names, naive: a day and a time as above, e.g.
    12/16/2026 2:00 PM, 12/16/2026 at 2pm or 2026-12-16 14:00. A day alone is
    refused: the time would be a guess.
    """
    text = (text or "").strip()
    match = DAY_AND_TIME.fullmatch(text)
    if match is None:
        raise Unreadable(f"'{text}' is not a date and time.")
    day, time = match.groups()
    return datetime.datetime.combine(parse_date(day), parse_time(time))


def format_date(value):
    """12/16/2026, as staff type it."""
    return f"{value.month}/{value.day}/{value.year}"


def format_time(value):
    """2:00 PM; 2:00:30 PM when there are seconds, so saving again keeps them."""
    hour = value.hour % 12 or 12
    seconds = f":{value.second:02d}" if value.second else ""
    half = "AM" if value.hour < 12 else "PM"
    return f"{hour}:{value.minute:02d}{seconds} {half}"


def format_datetime(value):
    return f"{format_date(value)} {format_time(value)}"


# The date picker's own formats (PHP's letters): the same text as format_* above.
PICKER_DATE = "n/j/Y"
PICKER_TIME = "g:i A"


class USDateInput(AdminDateInput):
    """Wagtail's date picker, writing and showing 12/16/2026."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs)
        self.js_format = PICKER_DATE

    def format_value(self, value):
        if isinstance(value, datetime.date):
            return format_date(value)
        return value  # text as typed, shown back beside its error


class USTimeInput(AdminTimeInput):
    """Wagtail's time picker, writing and showing 2:00 PM."""

    def __init__(self, attrs=None, format=None):
        super().__init__(attrs=attrs)
        self.js_format = PICKER_TIME

    def format_value(self, value):
        if isinstance(value, datetime.time):
            return format_time(value)
        return value


class USDateTimeInput(AdminDateTimeInput):
    """Wagtail's date-and-time picker, writing and showing 12/16/2026 2:00 PM."""

    def __init__(self, attrs=None, format=None, time_format=None, **kwargs):
        super().__init__(attrs=attrs, **kwargs)
        self.js_format = f"{PICKER_DATE} {PICKER_TIME}"
        self.js_time_format = PICKER_TIME

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            return format_datetime(value)
        return value


def refusal(error, hint):
    """The error a person reads: what was wrong (if we can say) and how to write it."""
    if isinstance(error, Impossible):
        return forms.ValidationError(f"{error} {hint}", code="invalid")
    return forms.ValidationError(hint, code="invalid")


class USDateField(forms.DateField):
    """A date typed as 12/16/2026 (or 2026-12-16); nothing else is accepted."""

    widget = USDateInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return parse_date(value)
        except ValueError as error:
            raise refusal(error, DATE_HINT) from None


class USTimeField(forms.TimeField):
    """A time typed as 2:00 PM, 2pm or 14:00; nothing else is accepted."""

    widget = USTimeInput

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.time):
            return value
        try:
            return parse_time(value)
        except ValueError as error:
            raise refusal(error, TIME_HINT) from None


class USDateTimeField(forms.DateTimeField):
    """
    A moment typed as 12/16/2026 2:00 PM, in the site's time zone. Wagtail's
    schedule (go-live and expiry) names its own picker to place it in its
    dialog; that picker keeps its place but shows the forms read here.
    """

    widget = USDateTimeInput

    def __init__(self, *, widget=None, **kwargs):
        if isinstance(widget, AdminDateTimeInput) and not isinstance(
            widget, USDateTimeInput
        ):
            widget = USDateTimeInput(
                attrs=widget.attrs,
                js_overlay_parent_selector=widget.js_overlay_parent_selector,
            )
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value)
        if isinstance(value, datetime.date):
            return from_current_timezone(
                datetime.datetime.combine(value, datetime.time.min)
            )
        try:
            moment = parse_datetime(value)
        except ValueError as error:
            raise refusal(error, DATETIME_HINT) from None
        return from_current_timezone(moment)


def register():
    """Make these the admin's fields for every model date, time and moment."""
    register_form_field_override(
        models.DateField,
        override={"form_class": USDateField, "widget": USDateInput},
    )
    register_form_field_override(
        models.TimeField,
        override={"form_class": USTimeField, "widget": USTimeInput},
    )
    register_form_field_override(
        models.DateTimeField,
        override={"form_class": USDateTimeField, "widget": USDateTimeInput},
    )
