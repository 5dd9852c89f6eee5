"""
The one CSV writer for applications, used by the admin download and by
``manage.py export_submissions``, so both produce the same bytes.

Rows stream from the database in chunks, so memory stays flat however many
applications there are. Every cell a spreadsheet could run as a formula is
neutralised, following OWASP's guidance on CSV injection.
"""

import csv
import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

CHUNK_SIZE = 2000  # rows fetched from the database at a time
ROWS_PER_CHUNK = 500  # rows per piece of the response
EXCEL_BOM = "\ufeff"

# A spreadsheet treats a cell starting with one of these as a formula (the
# full-width forms too, which some spreadsheets fold to ASCII).
FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
# ...even when spaces or quote marks come first.
IGNORED_LEADERS = " \"'"


def neutralise(value):
    """The cell's text, prefixed with ' if a spreadsheet could read it as a formula."""
    stripped = value.lstrip(IGNORED_LEADERS)
    if stripped and stripped[0] in FORMULA_TRIGGERS:
        return "'" + value
    return value


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return neutralise("; ".join(str(item) for item in value))
    return neutralise(str(value))


class _Line:
    """A file-like object whose write() hands back what csv.writer wrote."""

    def write(self, text):
        return text


def removed_question_label(key):
    """A heading for answers to a question no longer on the form."""
    return f"{key.replace('_', ' ').capitalize()} (removed question)"


def export_columns(page, submissions):
    """
    (key, heading) pairs: each current question in form order, then answers to
    questions since removed from the form, found by one streaming pass.
    """
    columns = [(field.clean_name, field.label) for field in page.get_form_fields()]
    current = {key for key, _label in columns}
    removed = {}
    for form_data in submissions.values_list("form_data", flat=True).iterator(
        chunk_size=CHUNK_SIZE
    ):
        for key in form_data:
            if key not in current and key not in removed:
                removed[key] = removed_question_label(key)
    return columns + sorted(removed.items())


def csv_chunks(page, submissions, *, excel_bom=False, progress=None):
    """
    Yield the CSV as text chunks of a few hundred rows each.

    ``submissions`` is any queryset of the page's submissions (filtered by date,
    say); it is read twice, each time as a server-side stream. ``progress``, if
    given, is called with the number of rows written so far after each chunk.
    """
    submissions = submissions.order_by("submit_time", "pk")
    columns = export_columns(page, submissions)
    zone = ZoneInfo(settings.TIME_ZONE)
    writer = csv.writer(_Line(), lineterminator="\r\n")

    header = writer.writerow(
        ["Submission ID", "Submitted at", *(cell(label) for _key, label in columns)]
    )
    yield (EXCEL_BOM + header) if excel_bom else header

    batch = []
    written = 0
    rows = submissions.values_list("pk", "submit_time", "form_data").iterator(
        chunk_size=CHUNK_SIZE
    )
    for pk, submit_time, form_data in rows:
        submitted = submit_time.astimezone(zone).isoformat(timespec="seconds")
        batch.append(
            writer.writerow(
                [pk, submitted, *(cell(form_data.get(key)) for key, _label in columns)]
            )
        )
        if len(batch) >= ROWS_PER_CHUNK:
            written += len(batch)
            yield "".join(batch)
            batch = []
            if progress:
                progress(written)
    written += len(batch)
    if batch:
        yield "".join(batch)
    if progress:
        progress(written)


def local_day_bounds(since=None, until=None):
    """
    Aware datetimes for a date range given in site-local days, both days included:
    from midnight at the start of ``since`` to midnight after ``until``.
    """
    zone = timezone.get_default_timezone()
    start = end = None
    if since:
        start = datetime.datetime.combine(since, datetime.time.min, zone)
    if until:
        end = datetime.datetime.combine(
            until + datetime.timedelta(days=1), datetime.time.min, zone
        )
    return start, end


def filter_by_days(submissions, since=None, until=None):
    start, end = local_day_bounds(since, until)
    if start:
        submissions = submissions.filter(submit_time__gte=start)
    if end:
        submissions = submissions.filter(submit_time__lt=end)
    return submissions
