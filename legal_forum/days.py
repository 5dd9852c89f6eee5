"""
Days as coordinators type them: 2026-11-29, or the US forms 11/29/2026 and
11/29/26 (read by ``site_core.us_dates``, as every date in the admin is). Used by
the list's date filter and by ``export_submissions``.
"""

from site_core.us_dates import parse_date

EXAMPLE = "11/29/2026 or 2026-11-29"


def parse_day(text):
    """
    The day ``text`` names. ValueError, with a message a person can act on, if it
    names none (a wrong form, or a day the calendar lacks such as 2/30/2026).
    """
    try:
        return parse_date(text)
    except ValueError as error:
        raise ValueError(f"{error} Write it as {EXAMPLE}.") from None
