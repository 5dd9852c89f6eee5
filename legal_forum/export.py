"""
What an export of applications holds, and the one CSV writer, used by the admin
download and by ``manage.py export_submissions``, so both produce the same bytes.
The XLSX writer (``legal_forum.spreadsheet``) writes the same rows from here.

Rows stream from the database in chunks, so memory stays flat however many
applications there are. Every CSV cell a spreadsheet could run as a formula is
neutralised, following OWASP's guidance on CSV injection, and text UTF-8 cannot
encode (kept from before input was checked) is replaced, so an export always
encodes.
"""

import contextlib
import csv
import datetime
import functools
import unicodedata
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from legal_forum.answers import answer_text
from legal_forum.models import ApplicationNote
from legal_forum.permissions import display_name
from site_core.languages import language_name

CHUNK_SIZE = 2000  # rows fetched from the database at a time
ROWS_PER_CHUNK = 500  # rows per piece of the response
# Windows Excel reads a CSV as UTF-8 only when it starts with this mark; other
# programs skip it.
BYTE_ORDER_MARK = "\ufeff"
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"  # what Excel reads as a date and time
# Zones named the way people here say them; any other is named by its identifier.
ZONE_NAMES = {"America/Los_Angeles": "Pacific time"}
TRACKING_HEADINGS = ["Status", "Assigned to", "Notes"]

# A spreadsheet reads a cell that starts with one of these as a formula.
OPERATORS = frozenset("=+-@")
# Look-alikes NFKC leaves alone (it folds full-width, small, super- and subscript).
OPERATOR_LOOKALIKES = frozenset("\u2212\u2795\u2796\u02d6\u02d7")
# A tab or line break at the start shifts or splits the cell in some importers.
LINE_BREAKS = frozenset("\t\r\n")
# Spreadsheets may skip leading whitespace, format and control characters...
SKIPPED_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf"})
# ...and quote marks (NFKC folds their full-width forms to these).
QUOTES = frozenset("\"'")
# Most cells start with one of these, and need no Unicode look-ups.
PLAIN_STARTS = frozenset(
    chr(code) for code in range(0x21, 0x7F) if chr(code) not in OPERATORS | QUOTES
)


# Cached: answers in one script start with the same few characters again and again.
@functools.lru_cache(maxsize=4096)
def leading_verdict(char):
    """
    For a cell starting with ``char``: True if a spreadsheet could read it as a
    formula, False if not, None if a spreadsheet skips ``char`` and looks on.
    """
    if char in LINE_BREAKS:
        return True
    if unicodedata.category(char) in SKIPPED_CATEGORIES:
        return None
    # One character may fold to several (U+2A75 is "=="); the first decides.
    folded = unicodedata.normalize("NFKC", char)[:1]
    if folded in QUOTES:
        return None
    return (
        folded in OPERATORS
        or char in OPERATOR_LOOKALIKES
        or folded in OPERATOR_LOOKALIKES
    )


def starts_like_a_formula(value):
    """Whether a spreadsheet could read ``value`` as a formula (OWASP CSV injection)."""
    for char in value:
        verdict = leading_verdict(char)
        if verdict is not None:
            return verdict
    return False


def neutralise(value):
    """The cell's text, prefixed with ' if a spreadsheet could read it as a formula."""
    first = value[:1]
    if first in PLAIN_STARTS:
        return value
    if first in OPERATORS or starts_like_a_formula(value):
        return "'" + value
    return value


def cell(value):
    """One answer as the text of a CSV cell: encodable, and never a formula."""
    return neutralise(answer_text(value))


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
    answers = submissions.values_list("form_data", flat=True).iterator(
        chunk_size=CHUNK_SIZE
    )
    # Close the server-side cursor now, even on an error, while it is still valid.
    with contextlib.closing(answers):
        for form_data in answers:
            for key in form_data:
                if key not in current and key not in removed:
                    removed[key] = removed_question_label(key)
    return columns + sorted(removed.items())


def submitted_heading():
    """'Submitted at (Pacific time)': the times are the site's local time."""
    zone = settings.TIME_ZONE
    return f"Submitted at ({ZONE_NAMES.get(zone, zone)})"


def headings(columns):
    """The header row as plain text, before either writer formats it."""
    return [
        "Submission ID",
        submitted_heading(),
        "Language",
        *TRACKING_HEADINGS,
        *(label for _key, label in columns),
    ]


def note_count():
    """
    How many notes an application has, counted in the same query. A subquery,
    not Count("notes"): a caller's filter on notes (a search, say) would make the
    join count only the notes that matched.
    """
    notes = (
        ApplicationNote.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(notes), 0)


def application_rows(submissions, columns):
    """
    Yield each application as (id, local submit time without a zone, the name
    of the language it was written in, status, assignee, number of notes,
    [answers as stored, one per column]), oldest first.

    One query, streamed: the status, assignee and note count come joined in, not
    one query per row. The time is cut to the second, as both files show it.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    keys = [key for key, _label in columns]
    rows = (
        submissions.order_by("submit_time", "pk")
        .annotate(note_count=note_count())
        .values_list(
            "pk",
            "submit_time",
            "language",
            "status__name",
            "assignee__first_name",
            "assignee__last_name",
            "assignee__username",
            "note_count",
            "form_data",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    # A failed row or abandoned download closes the cursor now, not at a later GC.
    with contextlib.closing(rows):
        for (
            pk,
            submit_time,
            language,
            status,
            first,
            last,
            username,
            notes,
            answers,
        ) in rows:
            submitted = submit_time.astimezone(zone).replace(tzinfo=None, microsecond=0)
            yield (
                pk,
                submitted,
                language_name(language),
                status or "",
                display_name(first, last, username),
                notes,
                [answers.get(key) for key in keys],
            )


def csv_chunks(page, submissions, *, progress=None):
    """
    Yield the CSV as text chunks of a few hundred rows each, starting with a
    byte-order mark so that Excel on Windows reads Vietnamese and Chinese names.

    ``submissions`` is any queryset of the page's submissions (filtered by date,
    say); it is read twice, each time as a server-side stream. ``progress``, if
    given, is called with the number of rows written so far after each chunk.
    """
    submissions = submissions.order_by("submit_time", "pk")
    columns = export_columns(page, submissions)
    writer = csv.writer(_Line(), lineterminator="\r\n")
    yield BYTE_ORDER_MARK + writer.writerow([cell(text) for text in headings(columns)])

    batch = []
    written = 0
    for pk, submitted, language, status, assignee, notes, answers in application_rows(
        submissions, columns
    ):
        batch.append(
            writer.writerow(
                [
                    pk,
                    submitted.strftime(TIME_FORMAT),
                    language,
                    cell(status),
                    cell(assignee),
                    notes,
                    *(cell(answer) for answer in answers),
                ]
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


def csv_bytes(page, submissions, *, progress=None):
    """The CSV as UTF-8 bytes, chunk by chunk, for a download or a file."""
    for chunk in csv_chunks(page, submissions, progress=progress):
        yield chunk.encode("utf-8")


def export_filename(page, extension, since=None, until=None):
    """
    The name a download or a file is saved under: the form, "applications" and
    the days it covers, e.g. legal-forum-applications-2026-11-01-to-2026-11-29.xlsx.
    With no end day the export runs until today.
    """
    until = until or timezone.localdate()
    days = (
        f"{since.isoformat()}-to-{until.isoformat()}"
        if since
        else (f"to-{until.isoformat()}")
    )
    return f"{page.slug}-applications-{days}.{extension}"


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
