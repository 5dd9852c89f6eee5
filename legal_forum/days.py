"""
Days as coordinators type them: 2026-11-29, or the US forms 11/29/2026 and
11/29/26. Used by the list's date filter and by ``export_submissions``.
"""

import datetime
import re

ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
US_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
EXAMPLE = "11/29/2026 or 2026-11-29"


def parse_day(text):
    """
    The day ``text`` names. ValueError, with a message a person can act on, if it
    names none (a wrong form, or a day the calendar lacks such as 2/30/2026).
    """
    text = (text or "").strip()
    if match := ISO_DAY.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := US_DAY.fullmatch(text):
        month, day, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
    else:
        raise ValueError(f"'{text}' is not a date. Write it as {EXAMPLE}.")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(
            f"'{text}' is not a day on the calendar. Write it as {EXAMPLE}."
        ) from None
