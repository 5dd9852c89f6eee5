"""
Exporting applications as CSV: the columns (local time, status, assignee, notes,
questions), formula neutralisation (every leading character a spreadsheet skips,
every operator look-alike), RFC 4180, the byte-order mark Excel needs, the admin
download and ``manage.py export_submissions`` agreeing byte for byte, file
names, the inclusive local-day range, the command's one-line errors, where the
command writes (files, pipes, open descriptors, standard output), failures that
never look complete, stored rows UTF-8 cannot encode, one query for the rows, and
flat memory. The workbook (XLSX) has its own tests in test_xlsx_export.py.
"""

import contextlib
import csv
import datetime
import io
import os
import re
import stat
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import CommandError, call_command
from django.db import DataError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission

from legal_forum import export
from legal_forum.export import (
    cell,
    csv_chunks,
    export_filename,
    filter_by_days,
    neutralise,
    removed_question_label,
)
from legal_forum.models import (
    ApplicationNote,
    ApplicationStatus,
    ApplicationSubmission,
    SubmissionExport,
)
from tests.applications import (
    MB,
    PACIFIC,
    local,
    memory_peaks,
    submit,
    tracked,
)
from tests.auth import sign_in
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
BOM = "\ufeff"
BOM_BYTES = b"\xef\xbb\xbf"
# Before the answers: id, time submitted, language, status, assignee, notes.
FIXED_COLUMNS = [
    "Submission ID",
    "Submitted at (Pacific time)",
    "Language",
    "Status",
    "Assigned to",
    "Notes",
]
NAME = len(FIXED_COLUMNS)  # the first question's column: Full name in ``form``


def export_text(page, submissions=None, **options):
    if submissions is None:
        submissions = page.get_submissions()
    return "".join(csv_chunks(page, submissions, **options))


def parse(text):
    """The CSV's rows; it starts with exactly one byte-order mark."""
    assert text.startswith(BOM)
    assert not text.startswith(BOM * 2)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM), newline="")))


def admin_url(page):
    return reverse("wagtailforms:list_submissions", args=[page.pk])


def download(client, page, **params):
    response = client.get(admin_url(page), {"export": "csv", **params})
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content)


def command_file(tmp_path, *args, name="export.csv"):
    target = tmp_path / name
    call_command(
        "export_submissions",
        *args,
        f"--output={target}",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    return target.read_bytes()


def command_stdout(*args):
    out = io.StringIO()
    call_command("export_submissions", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def form(home):
    """A form whose questions were created out of order: sort_order decides."""
    page = ApplicationFormPageFactory(parent=home, slug="legal-forum-membership")
    ApplicationFormFieldFactory(page=page, label="Email address", sort_order=2)
    ApplicationFormFieldFactory(page=page, label="Full name", sort_order=0)
    ApplicationFormFieldFactory(
        page=page,
        label="Languages spoken",
        field_type="checkboxes",
        choices="English\nTiếng Việt\n中文",
        sort_order=3,
    )
    ApplicationFormFieldFactory(
        page=page, label="Organization", required=False, sort_order=1
    )
    ApplicationFormFieldFactory(
        page=page, label="Agrees to the terms", field_type="checkbox", sort_order=4
    )
    return page


@pytest.fixture
def varied(form):
    """Submissions spread over several months, with awkward answers."""
    return [
        submit(
            form,
            local(2026, 1, 15, 9, 0),
            {
                "full_name": "Nguyễn Thị Minh Khai",
                "organization": "Sacramento Legal Aid, Inc.",
                "email_address": "minh@example.org",
                "languages_spoken": ["English", "Tiếng Việt"],
                "agrees_to_the_terms": True,
            },
        ),
        submit(
            form,
            local(2026, 3, 2, 0, 0),
            {
                "full_name": "王小明",
                "organization": '=HYPERLINK("http://evil.example","Click")',
                "email_address": "wang@example.org",
                "languages_spoken": ["中文"],
                "agrees_to_the_terms": False,
                "referral_source": "A friend",
            },
        ),
        submit(
            form,
            local(2026, 7, 1, 9, 30),
            {
                "full_name": 'Jane "JJ" Doe',
                "organization": "Line one\nLine two",
                "email_address": "jane@example.org",
                "languages_spoken": [],
                "agrees_to_the_terms": True,
            },
        ),
        submit(
            form,
            local(2026, 11, 20, 23, 30),
            {
                "full_name": "  -2+3",
                "email_address": "late@example.org",
                "agrees_to_the_terms": True,
            },
        ),
    ]


# Columns


def test_header_is_id_time_current_questions_in_order_then_removed_sorted(form):
    submit(
        form,
        local(2026, 5, 1, 12, 0),
        {"full_name": "A", "zip_code": "95814", "how_heard": "Flyer"},
    )
    submit(
        form,
        local(2026, 5, 2, 12, 0),
        {"full_name": "B", "how_heard": "Radio", "date_of_birth": "1990-01-01"},
    )

    header = parse(export_text(form))[0]

    assert header == [
        *FIXED_COLUMNS,
        "Full name",
        "Organization",
        "Email address",
        "Languages spoken",
        "Agrees to the terms",
        removed_question_label("date_of_birth"),
        removed_question_label("how_heard"),
        removed_question_label("zip_code"),
    ]
    assert header[-3:] == [
        "Date of birth (removed question)",
        "How heard (removed question)",
        "Zip code (removed question)",
    ]


def test_removed_question_answers_line_up_under_their_heading(form):
    first = submit(form, local(2026, 5, 1, 12, 0), {"full_name": "A", "zip": "95814"})
    second = submit(form, local(2026, 5, 2, 12, 0), {"full_name": "B", "age": "40"})

    header, *rows = parse(export_text(form))
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in rows}

    assert by_id[str(first.pk)]["Zip (removed question)"] == "95814"
    assert by_id[str(first.pk)]["Age (removed question)"] == ""
    assert by_id[str(second.pk)]["Age (removed question)"] == "40"
    assert by_id[str(second.pk)]["Zip (removed question)"] == ""


def test_no_removed_columns_when_every_answer_is_to_a_current_question(form):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": "A"})
    header = parse(export_text(form))[0]
    assert not any("(removed question)" in heading for heading in header)
    assert len(header) == len(FIXED_COLUMNS) + 5


def test_rows_are_in_submission_order_with_ids(form):
    later = submit(form, local(2026, 6, 1, 8, 0), {"full_name": "Later"})
    earlier = submit(form, local(2026, 5, 1, 8, 0), {"full_name": "Earlier"})
    rows = parse(export_text(form))[1:]
    assert [row[0] for row in rows] == [str(earlier.pk), str(later.pk)]
    assert [row[NAME] for row in rows] == ["Earlier", "Later"]


def test_tracking_columns_say_status_assignee_and_how_many_notes(form):
    named = get_user_model().objects.create_user(
        "mai", first_name="Mai", last_name="Trần"
    )
    unnamed = get_user_model().objects.create_user("pnvang")
    first, _second, third = tracked(form, named, unnamed)
    for text in ("Called", "Left a message", "Sent the forms"):
        ApplicationNote.objects.create(application=first, author=named, text=text)
    ApplicationNote.objects.create(application=third, author=named, text="Later")

    header, *rows = parse(export_text(form))

    assert header[2:6] == ["Language", "Status", "Assigned to", "Notes"]
    assert [row[2:6] for row in rows] == [
        ["English", "Contacted", "Mai Trần", "3"],
        ["English", "", "pnvang", "0"],
        ["English", "", "", "1"],
    ]


def test_rows_come_in_a_fixed_number_of_queries(form, django_assert_max_num_queries):
    """The tracking columns are joined in, not fetched once per application."""
    someone = get_user_model().objects.create_user("someone")
    status = ApplicationStatus.objects.first()
    for day in range(1, 21):
        application = submit(form, local(2026, 5, day, 12, 0), {"full_name": "A"})
        ApplicationSubmission.objects.filter(pk=application.pk).update(
            status=status, assignee=someone
        )
        ApplicationNote.objects.create(application=application, text="Note")
    # The form's questions, the pass for removed questions, then the rows.
    with django_assert_max_num_queries(3):
        rows = parse(export_text(form))
    assert len(rows) == 21


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Daylight saving time (PDT, UTC-7).
        (
            datetime.datetime(2026, 7, 1, 16, 30, tzinfo=datetime.UTC),
            "2026-07-01 09:30:00",
        ),
        # Standard time (PST, UTC-8).
        (
            datetime.datetime(2026, 1, 15, 17, 0, 5, 999999, tzinfo=datetime.UTC),
            "2026-01-15 09:00:05",
        ),
        # Late in the evening locally is the next day in UTC.
        (
            datetime.datetime(2026, 12, 1, 7, 30, tzinfo=datetime.UTC),
            "2026-11-30 23:30:00",
        ),
    ],
)
def test_submitted_at_is_site_local_time_as_excel_reads_it(form, moment, expected):
    submit(form, moment, {"full_name": "A"})
    row = parse(export_text(form))[1]
    assert row[1] == expected
    local_time = datetime.datetime.strptime(row[1], "%Y-%m-%d %H:%M:%S")
    assert local_time.replace(tzinfo=PACIFIC) == moment.replace(microsecond=0)


def test_the_time_heading_names_another_zone_by_its_identifier(settings, form):
    settings.TIME_ZONE = "Europe/London"
    submit(form, datetime.datetime(2026, 7, 1, 16, 30, tzinfo=datetime.UTC), {})
    header, row = parse(export_text(form))
    assert header[1] == "Submitted at (Europe/London)"
    assert row[1] == "2026-07-01 17:30:00"  # British Summer Time


# Formula neutralisation (OWASP CSV injection)

# Each operator a spreadsheet starts a formula with, and its look-alikes.
OPERATORS = {
    "equals": "=",
    "full-width equals": "\uff1d",
    "small equals": "\ufe66",
    "superscript equals": "\u207c",
    "subscript equals": "\u208c",
    "two equals signs": "\u2a75",
    "plus": "+",
    "full-width plus": "\uff0b",
    "small plus": "\ufe62",
    "superscript plus": "\u207a",
    "subscript plus": "\u208a",
    "heavy plus": "\u2795",
    "Hebrew alternative plus": "\ufb29",
    "modifier letter plus": "\u02d6",
    "hyphen-minus": "-",
    "full-width hyphen-minus": "\uff0d",
    "small hyphen-minus": "\ufe63",
    "minus sign": "\u2212",
    "superscript minus": "\u207b",
    "subscript minus": "\u208b",
    "heavy minus": "\u2796",
    "modifier letter minus": "\u02d7",
    "at": "@",
    "full-width at": "\uff20",
    "small at": "\ufe6b",
}
# What a spreadsheet may skip before it looks for an operator.
LEADERS = {
    "nothing": "",
    "space": " ",
    "spaces": "   ",
    "no-break space": "\u00a0",
    "ideographic space": "\u3000",
    "em space": "\u2003",
    "zero-width space": "\u200b",
    "byte-order mark": "\ufeff",
    "word joiner": "\u2060",
    "vertical tab": "\x0b",
    "form feed": "\x0c",
    "line separator": "\u2028",
    "paragraph separator": "\u2029",
    "next line": "\x85",
    "file separator": "\x1c",
    "double quote": '"',
    "single quote": "'",
    "full-width quote": "\uff02",
    "full-width apostrophe": "\uff07",
    "quotes and spaces": " ' \" ",
    "every kind": "\ufeff\u00a0\"\u200b'\u3000\x0b\u2028\x85\u2029\x0c ",
}


@pytest.mark.parametrize("operator", OPERATORS.values(), ids=OPERATORS.keys())
@pytest.mark.parametrize("leader", LEADERS.values(), ids=LEADERS.keys())
def test_every_leader_before_every_operator_is_neutralised(leader, operator):
    value = f"{leader}{operator}cmd|' /C calc'!A0"
    assert neutralise(value) == "'" + value
    assert cell(value) == "'" + value


DANGEROUS = [
    ("=1+1", "'=1+1"),
    ("+1", "'+1"),
    ("-1", "'-1"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("\t=1", "'\t=1"),
    ("\rcmd", "'\rcmd"),
    ("\ncmd", "'\ncmd"),
    ("\t", "'\t"),
    # A tab or line break counts wherever it is in the leading run.
    (" \tx", "' \tx"),
    ("\u00a0\nx", "'\u00a0\nx"),
    ("'\r\nx", "''\r\nx"),
    ("  =1+1", "'  =1+1"),
    ('"=cmd', "'\"=cmd"),
    ("'@x", "''@x"),
    (" ' \" +x", "' ' \" +x"),
    ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
    ("\uff1d1+1", "'\uff1d1+1"),
    ("\u00a0=1+1", "'\u00a0=1+1"),
    ("\u200b\u2212 5", "'\u200b\u2212 5"),
]
HARMLESS = [
    "Jane Doe",
    "a=b",
    "a = b",
    "Total: =SUM(A1)",
    "x\u00a0=1",
    "1+1",
    "5-10 years",
    "2026-01-31",
    "We write +1 for yes",
    "minus five",
    "Negative",
    "(-5)",
    # Dashes are punctuation to a spreadsheet, not minus signs.
    "\u2013 a note",
    "\u2014 signed",
    "minh@example.org",
    "user+tag@example.org",
    "O'Brien",
    "'quoted'",
    '"Quoted"',
    "''",
    "",
    "   ",
    "\u00a0",
    "\u200b\ufeff",
    "\u3000Tiếng Việt",
    "Tiếng Việt",
    "王小明",
    "中文",
    "한국어",
    "ภาษาไทย",
    "العربية",
    "עברית",
    "हिन्दी",
    "Ελληνικά",
    "Русский",
    "🙂 hi",
    "95814",
]


@pytest.mark.parametrize(("value", "expected"), DANGEROUS)
def test_formula_triggers_get_a_leading_quote(value, expected):
    assert neutralise(value) == expected
    assert cell(value) == expected


@pytest.mark.parametrize("value", HARMLESS)
def test_ordinary_values_are_unchanged(value):
    assert neutralise(value) == value
    assert cell(value) == value


@pytest.mark.parametrize(("value", "expected"), DANGEROUS)
def test_neutralised_answers_survive_the_csv_round_trip(form, value, expected):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": value})
    assert parse(export_text(form))[1][NAME] == expected


@pytest.mark.parametrize("value", HARMLESS)
def test_ordinary_answers_survive_the_csv_round_trip(form, value):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": value})
    assert parse(export_text(form))[1][NAME] == value


def test_every_look_alike_is_neutralised_in_the_export(form):
    values = {
        f"{leader_name}, {operator_name}": f"{leader}{operator}1"
        for leader_name, leader in LEADERS.items()
        for operator_name, operator in OPERATORS.items()
    }
    for value in values.values():
        submit(form, local(2026, 5, 1, 12, 0), {"full_name": value})
    written = [row[NAME] for row in parse(export_text(form))[1:]]
    assert sorted(written) == sorted("'" + value for value in values.values())


def test_lists_and_numbers_are_neutralised_too():
    assert cell(["=1+1", "b"]) == "'=1+1; b"
    assert cell(["b", "=1+1"]) == "b; =1+1"
    assert cell(-5) == "'-5"
    assert cell(42) == "42"


def test_question_labels_and_removed_headings_are_neutralised(home):
    page = ApplicationFormPageFactory(parent=home)
    ApplicationFormFieldFactory(page=page, label="=SUM(A1:A2)", sort_order=0)
    ApplicationFormFieldFactory(page=page, label="Name", sort_order=1)
    submit(page, local(2026, 5, 1, 12, 0), {"name": "A", "@cmd": "x", "+x": "y"})

    header = parse(export_text(page))[0]

    assert header == [
        *FIXED_COLUMNS,
        "'=SUM(A1:A2)",
        "Name",
        "'+x (removed question)",
        "'@cmd (removed question)",
    ]


# RFC 4180 and cell formatting


def test_rows_end_with_crlf_and_awkward_cells_are_quoted(form):
    submission = submit(
        form,
        local(2026, 7, 1, 9, 30),
        {
            "full_name": 'Jane "JJ" Doe',
            "organization": "Legal Aid, Inc.",
            "email_address": "line one\nline two",
            "languages_spoken": ["English", "Tiếng Việt"],
            "agrees_to_the_terms": True,
        },
    )

    text = export_text(form)

    assert text == (
        "\ufeffSubmission ID,Submitted at (Pacific time),Language,Status,"
        "Assigned to,Notes,"
        "Full name,Organization,Email address,Languages spoken,Agrees to the terms"
        "\r\n"
        f'{submission.pk},2026-07-01 09:30:00,English,,,0,"Jane ""JJ"" Doe",'
        '"Legal Aid, Inc.","line one\nline two",English; Tiếng Việt,Yes\r\n'
    )


def test_every_record_ends_with_crlf(form, varied):
    text = export_text(form)
    # Only one answer has an embedded newline (inside quotes); every other line
    # break is a record terminator, and each of those is CRLF.
    records = len(varied) + 1
    assert text.endswith("\r\n")
    assert text.count("\r\n") == records
    assert text.count("\n") == records + 1


@pytest.mark.parametrize(
    "value",
    [
        "Smith, Jane",
        'She said "hello"',
        "Line one\nLine two",
        "Line one\r\nLine two",
        'Comma, "quote" and\nnewline',
        'Ends with a quote"',
    ],
)
def test_awkward_cells_round_trip_through_csv_reader(form, value):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": value, "organization": "x"})
    row = parse(export_text(form))[1]
    assert row[NAME] == value
    assert row[NAME + 1] == "x"
    assert len(row) == len(FIXED_COLUMNS) + 5


def test_lists_booleans_and_missing_answers(form):
    submit(
        form,
        local(2026, 5, 1, 12, 0),
        {
            "full_name": "A",
            "languages_spoken": ["English", "Tiếng Việt", "中文"],
            "agrees_to_the_terms": True,
        },
    )
    submit(
        form,
        local(2026, 5, 2, 12, 0),
        {
            "full_name": "B",
            "organization": None,
            "languages_spoken": [],
            "agrees_to_the_terms": False,
        },
    )

    header, first, second = parse(export_text(form))
    first = dict(zip(header, first, strict=True))
    second = dict(zip(header, second, strict=True))

    assert first["Languages spoken"] == "English; Tiếng Việt; 中文"
    assert first["Agrees to the terms"] == "Yes"
    assert first["Organization"] == ""
    assert first["Email address"] == ""
    assert second["Agrees to the terms"] == "No"
    assert second["Languages spoken"] == ""
    assert second["Organization"] == ""


def test_non_ascii_round_trips_in_utf8(client, signed_in_superuser, form):
    names = ["Nguyễn Thị Minh Khai", "王小明", "José Ñúñez", "Đặng Văn Lâm"]
    for day, name in enumerate(names, start=1):
        submit(form, local(2026, 5, day, 12, 0), {"full_name": name})

    content = download(client, form)

    for name in names:
        assert name.encode("utf-8") in content
    assert [row[NAME] for row in parse(content.decode("utf-8"))[1:]] == names


# The byte-order mark: always there, once, so Excel on Windows reads UTF-8


def test_every_csv_starts_with_one_byte_order_mark(
    client, signed_in_superuser, tmp_path, form
):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": "Nguyễn Thị Minh Khai"})
    submit(form, local(2026, 5, 2, 12, 0), {"full_name": "李小龍"})
    text = export_text(form)

    assert text.startswith(BOM + "Submission ID,")
    assert text.count(BOM) == 1
    assert download(client, form) == text.encode("utf-8")
    assert command_file(tmp_path, form.slug) == text.encode("utf-8")
    assert command_stdout(form.slug) == text
    # What Excel on Windows does: take the mark as the sign of UTF-8.
    names = [row[NAME] for row in parse(text)[1:]]
    assert names == ["Nguyễn Thị Minh Khai", "李小龍"]
    assert text.encode("utf-8").decode("utf-8-sig").startswith("Submission ID,")


def test_the_old_excel_bom_option_is_accepted_and_changes_nothing(tmp_path, form):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": "Trần"})
    plain = command_file(tmp_path, form.slug)
    with_option = command_file(tmp_path, form.slug, "--excel-bom", name="old.csv")
    assert with_option == plain
    assert with_option.count(BOM_BYTES) == 1


# The admin download and the command produce the same bytes

RANGES = [
    pytest.param({}, [], 4, id="everything"),
    pytest.param(
        {"date_from": "2026-03-02", "date_to": "2026-07-01"},
        ["--since=2026-03-02", "--until=2026-07-01"],
        2,
        id="date-range",
    ),
    pytest.param(
        {"date_from": "2026-03-03"}, ["--since=2026-03-03"], 2, id="since-only"
    ),
    pytest.param({"date_to": "2026-07-01"}, ["--until=2026-07-01"], 3, id="until-only"),
    pytest.param(
        {"date_from": "2026-03-02", "date_to": "2026-07-01"},
        ["--since=3/2/2026", "--until=07/01/2026"],
        2,
        id="us-dates",
    ),
]


@pytest.mark.parametrize(("params", "options", "expected_rows"), RANGES)
def test_admin_download_and_command_write_the_same_bytes(
    client,
    signed_in_superuser,
    tmp_path,
    form,
    varied,
    params,
    options,
    expected_rows,
):
    admin = download(client, form, **params)
    from_file = command_file(tmp_path, form.slug, *options)
    from_stdout = command_stdout(form.slug, *options)
    explicit = command_file(tmp_path, form.slug, *options, "--format=csv")

    assert admin == from_file == explicit
    assert from_stdout == from_file.decode("utf-8")
    # ...and the range really was applied, on both sides.
    rows = parse(from_file.decode("utf-8"))
    assert len(rows) == 1 + expected_rows


def test_the_listings_download_links_keep_its_date_filter(
    client, signed_in_superuser, tmp_path, form, varied
):
    """The list's date filter goes into both download links."""
    dates = {"date_from": "2026-03-02", "date_to": "2026-07-01"}
    response = client.get(admin_url(form), dates)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    links = {
        parse_qs(urlsplit(link["href"]).query)["export"][0]: link["href"]
        for link in page.find_all("a", href=True)
        if "export=" in link["href"]
    }
    assert set(links) == {"csv", "xlsx"}
    for href in links.values():
        query = parse_qs(urlsplit(href).query)
        assert query["date_from"] == [dates["date_from"]]
        assert query["date_to"] == [dates["date_to"]]

    plain = b"".join(client.get(links["csv"]).streaming_content)
    assert ids_in(plain.decode("utf-8")) == {varied[1].pk, varied[2].pk}
    range_options = ["--since=2026-03-02", "--until=2026-07-01"]
    assert plain == command_file(tmp_path, form.slug, *range_options)
    workbook = b"".join(client.get(links["xlsx"]).streaming_content)
    assert workbook.startswith(b"PK")  # a zip file, as every workbook is


def test_an_unknown_download_format_is_refused(
    client, signed_in_superuser, form, varied
):
    response = client.get(admin_url(form), {"export": "pdf"})
    assert response.status_code == 400
    assert not SubmissionExport.objects.exists()


# File names: the form, "applications" and the days


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (
            datetime.date(2026, 11, 1),
            datetime.date(2026, 11, 29),
            "legal-forum-membership-applications-2026-11-01-to-2026-11-29.xlsx",
        ),
        (
            None,
            datetime.date(2026, 11, 29),
            "legal-forum-membership-applications-to-2026-11-29.xlsx",
        ),
        (
            datetime.date(2026, 11, 1),
            None,
            "legal-forum-membership-applications-2026-11-01-to-{today}.xlsx",
        ),
        (None, None, "legal-forum-membership-applications-to-{today}.xlsx"),
    ],
)
def test_file_names_say_the_form_and_the_days(form, since, until, expected):
    today = timezone.localdate().isoformat()
    assert export_filename(form, "xlsx", since, until) == expected.format(today=today)
    csv_name = expected.format(today=today).removesuffix(".xlsx") + ".csv"
    assert export_filename(form, "csv", since, until) == csv_name


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    ],
)
def test_downloads_are_attachments_named_for_their_days(
    client, signed_in_superuser, form, varied, fmt, content_type
):
    response = client.get(
        admin_url(form),
        {"export": fmt, "date_from": "2026-03-02", "date_to": "2026-07-01"},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        'attachment; filename="legal-forum-membership-applications-'
        f'2026-03-02-to-2026-07-01.{fmt}"'
    )
    b"".join(response.streaming_content)


def test_export_needs_the_review_permission(client, home, form, varied):
    """Editing the form is not enough to export its applications."""
    editors = Group.objects.create(name="Form editors")
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    change_page = Permission.objects.get(codename="change_page")
    GroupPagePermission.objects.create(group=editors, page=home, permission=change_page)
    user = get_user_model().objects.create_user("editor", password="x" * 12)
    user.groups.add(editors)
    sign_in(client, user)

    response = client.get(admin_url(form), {"export": "csv"})
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard.
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_home")
    assert not SubmissionExport.objects.exists()

    user.user_permissions.add(
        Permission.objects.get(codename="review_applicationsubmission")
    )
    user = get_user_model().objects.get(pk=user.pk)  # no cached permissions
    sign_in(client, user)
    assert download(client, form).startswith(BOM_BYTES + b"Submission ID,")
    assert SubmissionExport.objects.filter(user=user, page=form).exists()


# The date range: local days, both ends included


@pytest.fixture
def around_the_edges(form):
    """Submissions either side of a range that starts and ends on DST changes."""
    # 2026-03-08 and 2026-11-01 are the days the clocks change in California.
    return {
        "before since": submit(
            form, local(2026, 3, 7, 23, 59, 59), {"full_name": "before"}
        ),
        "since midnight": submit(
            form, local(2026, 3, 8, 0, 0), {"full_name": "since midnight"}
        ),
        "until 23:30": submit(
            form, local(2026, 11, 1, 23, 30), {"full_name": "until late"}
        ),
        "next midnight": submit(
            form, local(2026, 11, 2, 0, 0), {"full_name": "next midnight"}
        ),
    }


def ids_in(text):
    return {int(row[0]) for row in parse(text)[1:]}


def test_command_date_range_includes_both_local_days(form, around_the_edges):
    text = command_stdout(form.slug, "--since=2026-03-08", "--until=2026-11-01")
    assert ids_in(text) == {
        around_the_edges["since midnight"].pk,
        around_the_edges["until 23:30"].pk,
    }


def test_admin_date_range_includes_both_local_days(
    client, signed_in_superuser, form, around_the_edges
):
    content = download(client, form, date_from="2026-03-08", date_to="2026-11-01")
    assert ids_in(content.decode("utf-8")) == {
        around_the_edges["since midnight"].pk,
        around_the_edges["until 23:30"].pk,
    }


def test_single_day_range(form, around_the_edges):
    text = command_stdout(form.slug, "--since=2026-11-01", "--until=2026-11-01")
    assert ids_in(text) == {around_the_edges["until 23:30"].pk}


def test_filter_by_days_bounds(form, around_the_edges):
    submissions = form.get_submissions()
    since, until = datetime.date(2026, 3, 8), datetime.date(2026, 11, 1)
    assert set(
        filter_by_days(submissions, since=since).values_list("pk", flat=True)
    ) == {
        around_the_edges["since midnight"].pk,
        around_the_edges["until 23:30"].pk,
        around_the_edges["next midnight"].pk,
    }
    assert set(
        filter_by_days(submissions, until=until).values_list("pk", flat=True)
    ) == {
        around_the_edges["before since"].pk,
        around_the_edges["since midnight"].pk,
        around_the_edges["until 23:30"].pk,
    }


# The command's errors


def test_unknown_form_lists_the_existing_forms(form, home):
    other = ApplicationFormPageFactory(
        parent=home, slug="volunteer", title="Volunteer application"
    )
    message = command_error("no-such-form")
    assert message.startswith("No application form 'no-such-form'.")
    assert f"{other.pk} volunteer (Volunteer application)" in message
    assert form.slug in message
    assert f"{form.pk}" in message
    assert other.slug in message
    assert "Volunteer application" in message


def test_unknown_form_id_lists_the_existing_forms(form):
    with pytest.raises(CommandError, match=form.slug):
        command_stdout(str(form.pk + 1000))


def test_form_can_be_given_by_id_or_slug(form, varied):
    by_slug = command_stdout(form.slug)
    by_id = command_stdout(str(form.pk))
    assert by_id == by_slug
    assert len(parse(by_id)) == 1 + len(varied)


def test_form_id_picks_that_form_not_another(form, varied, home):
    other = ApplicationFormPageFactory(parent=home, slug="other-form")
    submit(other, local(2026, 5, 1, 12, 0), {"other": "answer"})
    assert ids_in(command_stdout(str(other.pk))) == {
        ApplicationSubmission.objects.get(page=other).pk
    }


def command_error(*args):
    """The CommandError the command raises, checked to be one line with status 2."""
    with pytest.raises(CommandError) as raised:
        call_command(
            "export_submissions", *args, stdout=io.StringIO(), stderr=io.StringIO()
        )
    error = raised.value
    assert error.returncode == 2
    assert "\n" not in str(error)
    return str(error)


@pytest.mark.parametrize("option", ["--since", "--until"])
@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-13-01", "is not a day on the calendar"),
        ("yesterday", "is not a date"),
        ("2026-02-30", "is not a day on the calendar"),
        ("2/30/2026", "is not a day on the calendar"),
        ("11/29/2026x", "is not a date"),
        ("20260131", "is not a date"),
    ],
)
def test_malformed_date_says_how_to_write_one(form, option, value, problem):
    message = command_error(form.slug, f"{option}={value}")
    assert message == (
        f"{option} '{value}' {problem}. Write it as 11/29/2026 or 2026-11-29."
    )


def test_us_and_iso_dates_mean_the_same_days(form, varied):
    us = command_stdout(form.slug, "--since=3/2/2026", "--until=7/1/26")
    iso = command_stdout(form.slug, "--since=2026-03-02", "--until=2026-07-01")
    assert us == iso
    assert ids_in(us) == {varied[1].pk, varied[2].pk}


def test_since_after_until_is_an_error(form, varied):
    message = command_error(form.slug, "--since=2026-07-02", "--until=2026-07-01")
    assert message == (
        "--since 2026-07-02 is after --until 2026-07-01; nothing could match. "
        "Swap the two days."
    )


def test_an_unknown_format_is_an_error(form, varied):
    message = command_error(form.slug, "--format=pdf")
    assert message == "--format pdf is not one we write; use xlsx or csv."


@pytest.mark.skipif(
    not os.path.isdir("/proc/self"), reason="needs /proc, where no file can be made"
)
def test_an_unwritable_folder_is_an_error(form, varied):
    message = command_error(form.slug, "--output=/proc/applications.csv")
    assert message.startswith("Cannot write in the folder /proc: ")
    assert message.endswith("Give an --output in a folder you can write to.")


def test_output_into_a_missing_folder_errors_and_writes_nothing(tmp_path, form):
    target = tmp_path / "missing" / "export.csv"
    message = command_error(form.slug, f"--output={target}")
    assert message == (
        f"The folder {target.parent} does not exist; create it or give another "
        "--output."
    )
    assert not target.exists()
    assert not (tmp_path / "missing").exists()
    assert list(tmp_path.iterdir()) == []


def test_successful_output_leaves_no_partial_file(tmp_path, form, varied):
    content = command_file(tmp_path, form.slug)
    assert [path.name for path in tmp_path.iterdir()] == ["export.csv"]
    assert not list(tmp_path.glob("*.partial"))
    assert content == export_text(form).encode("utf-8")


def test_failure_while_writing_leaves_neither_file_nor_partial(
    tmp_path, monkeypatch, form, varied
):
    from legal_forum.management.commands import export_submissions

    def failing_chunks(*args, **kwargs):
        yield b"Submission ID,Submitted at\r\n"
        raise RuntimeError("the database went away")

    monkeypatch.setitem(export_submissions.FORMATS, "csv", failing_chunks)
    with pytest.raises(CommandError, match="the database went away"):
        command_file(tmp_path, form.slug)
    assert list(tmp_path.iterdir()) == []


def test_output_replaces_an_existing_file(tmp_path, form, varied):
    (tmp_path / "export.csv").write_text("old contents that are much longer " * 100)
    content = command_file(tmp_path, form.slug)
    assert content == export_text(form).encode("utf-8")
    assert not list(tmp_path.glob("*.partial"))


def test_output_replaces_a_regular_file_atomically(tmp_path, form, varied):
    """A reader of the old file keeps the old file whole; the new one is renamed in."""
    target = tmp_path / "export.csv"
    target.write_text("old contents\n")
    before = target.stat().st_ino
    with target.open("rb") as old_reader:
        command_file(tmp_path, form.slug)
        assert old_reader.read() == b"old contents\n"
    assert target.stat().st_ino != before
    assert target.read_bytes() == export_text(form).encode("utf-8")


def test_output_through_a_symbolic_link_replaces_the_file_it_names(
    tmp_path, form, varied
):
    real = tmp_path / "real.csv"
    real.write_text("old contents\n")
    (tmp_path / "link.csv").symlink_to(real)
    command_file(tmp_path, form.slug, name="link.csv")
    assert (tmp_path / "link.csv").is_symlink()
    assert real.read_bytes() == export_text(form).encode("utf-8")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["link.csv", "real.csv"]


def test_output_dash_is_standard_output(tmp_path, monkeypatch, form, varied):
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    call_command("export_submissions", form.slug, "--output=-", stdout=out, stderr=err)
    assert out.getvalue() == export_text(form)
    assert list(tmp_path.iterdir()) == []  # no file called "-"
    assert err.getvalue() == "Wrote 4 applications to standard output.\n"


@contextlib.contextmanager
def fifo_with_reader(path):
    """
    A named pipe at ``path`` and a thread reading it; what it read is in the
    yielded bytearray once the block ends.
    """
    os.mkfifo(path)
    received = bytearray()

    def read():
        with open(path, "rb") as fifo:
            received.extend(fifo.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield received
    finally:
        reader.join(timeout=30)
        if reader.is_alive():
            # Nothing opened the pipe: open and close it so the reader stops.
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            reader.join(timeout=30)


def test_output_into_a_named_pipe_writes_into_it(tmp_path, form, varied):
    fifo = tmp_path / "applications.csv"
    err = io.StringIO()
    with fifo_with_reader(fifo) as received:
        call_command(
            "export_submissions",
            form.slug,
            f"--output={fifo}",
            stdout=io.StringIO(),
            stderr=err,
        )
    assert bytes(received) == export_text(form).encode("utf-8")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe, not replaced
    assert [path.name for path in tmp_path.iterdir()] == ["applications.csv"]
    assert f"Wrote 4 applications to {fifo}." in err.getvalue()


def test_output_into_an_open_pipe_by_its_descriptor(tmp_path, form, varied):
    """/proc/self/fd/N of a pipe names no file on disk; it is written into."""
    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc/self/fd (Linux)")
    read_end, write_end = os.pipe()
    received = bytearray()

    def read():
        with os.fdopen(read_end, "rb") as pipe:
            received.extend(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        call_command(
            "export_submissions",
            form.slug,
            f"--output=/proc/self/fd/{write_end}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    finally:
        os.close(write_end)
        reader.join(timeout=30)
    assert bytes(received) == export_text(form).encode("utf-8")


@pytest.mark.parametrize("folder", ["/proc/self/fd", "/dev/fd"])
def test_output_into_an_open_regular_file_by_its_descriptor(
    tmp_path, form, varied, folder
):
    """The file an open descriptor names is written into, never renamed over."""
    if not os.path.isdir(folder):
        pytest.skip(f"needs {folder}")
    held = tmp_path / "held.csv"
    held.write_text("old contents that are longer than nothing\n")
    inode = held.stat().st_ino
    descriptor = os.open(held, os.O_WRONLY)
    try:
        call_command(
            "export_submissions",
            form.slug,
            f"--output={folder}/{descriptor}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    finally:
        os.close(descriptor)
    assert held.stat().st_ino == inode
    assert held.read_bytes() == export_text(form).encode("utf-8")
    assert [path.name for path in tmp_path.iterdir()] == ["held.csv"]


@pytest.mark.parametrize(("count", "noun"), [(0, "applications"), (1, "application")])
def test_final_message_counts_in_singular_and_plural(tmp_path, form, count, noun):
    for day in range(count):
        submit(form, local(2026, 5, 1 + day, 12, 0), {"full_name": "A"})
    err = io.StringIO()
    target = tmp_path / "export.csv"
    call_command(
        "export_submissions",
        form.slug,
        f"--output={target}",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert err.getvalue() == f"Wrote {count} {noun} to {target}.\n"


def test_final_message_counts_two_applications(tmp_path, form):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": "A"})
    submit(form, local(2026, 5, 2, 12, 0), {"full_name": "B"})
    err = io.StringIO()
    call_command("export_submissions", form.slug, stdout=io.StringIO(), stderr=err)
    assert err.getvalue() == "Wrote 2 applications to standard output.\n"


LOG_RECORD = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ INFO ")


def manage(*args):
    """Run manage.py as a person would, on an empty database (none is reached)."""
    environment = {
        key: value for key, value in os.environ.items() if key != "DATABASE_URL"
    }
    environment["DJANGO_SETTINGS_MODULE"] = "mysistershouse.settings.test"
    return subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("option", "value", "problem"),
    [
        ("--since", "11/29/2026x", "is not a date"),
        ("--until", "2026-02-30", "is not a day on the calendar"),
    ],
)
def test_a_mistyped_date_on_the_command_line_is_one_line(option, value, problem):
    result = manage("export_submissions", "legal-forum", option, value)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    # Start-up log records (django-axes announces itself) are not the error.
    lines = [line for line in result.stderr.splitlines() if not LOG_RECORD.match(line)]
    assert lines == [
        f"CommandError: {option} '{value}' {problem}. Write it as 11/29/2026 or "
        "2026-11-29."
    ]
    assert result.stdout == ""


# An export that fails part way never looks complete


@pytest.fixture
def fails_on_the_third_row(monkeypatch, form):
    """Four applications; reading the third raises, after two rows went out."""
    for day, name in enumerate(["First", "Second", "Third", "Fourth"]):
        submit(form, local(2026, 5, 1 + day, 12, 0), {"full_name": name})
    real_cell = export.cell

    def cell_failing_on_the_third_row(value):
        if value == "Third":
            raise RuntimeError("row 3 cannot be read")
        return real_cell(value)

    monkeypatch.setattr(export, "cell", cell_failing_on_the_third_row)
    monkeypatch.setattr(export, "ROWS_PER_CHUNK", 1)  # rows 1 and 2 go out first


def test_admin_download_raises_part_way_instead_of_ending_cleanly(
    client, signed_in_superuser, form, fails_on_the_third_row
):
    response = client.get(admin_url(form), {"export": "csv"})
    assert response.status_code == 200
    received = []
    # The server then aborts the chunked response, and the browser reports a
    # failed download rather than saving a short file as if it were whole.
    with pytest.raises(RuntimeError, match="row 3 cannot be read"):
        for chunk in response.streaming_content:
            received.append(chunk)
    rows = parse(b"".join(received).decode("utf-8"))
    assert [row[NAME] for row in rows[1:]] == ["First", "Second"]


def test_command_failure_is_one_line_and_creates_no_file(
    tmp_path, form, fails_on_the_third_row
):
    with pytest.raises(CommandError) as error:
        command_file(tmp_path, form.slug)
    message = str(error.value)
    assert error.value.returncode == 2
    assert "\n" not in message
    assert "row 3 cannot be read" in message
    assert "Nothing was written to" in message
    assert list(tmp_path.iterdir()) == []


def test_command_failure_leaves_an_existing_file_as_it_was(
    tmp_path, form, fails_on_the_third_row
):
    target = tmp_path / "export.csv"
    target.write_text("last month's export\n")
    inode = target.stat().st_ino
    with pytest.raises(CommandError, match="Nothing was written to"):
        command_file(tmp_path, form.slug)
    assert target.read_text() == "last month's export\n"
    assert target.stat().st_ino == inode
    assert [path.name for path in tmp_path.iterdir()] == ["export.csv"]


def test_command_failure_into_a_pipe_says_the_output_is_incomplete(
    tmp_path, form, fails_on_the_third_row
):
    fifo = tmp_path / "applications.csv"
    with fifo_with_reader(fifo), pytest.raises(CommandError) as error:
        call_command(
            "export_submissions",
            form.slug,
            f"--output={fifo}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert "\n" not in str(error.value)
    assert f"What was written to {fifo} is incomplete" in str(error.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_command_failure_on_standard_output_is_a_command_error(
    form, fails_on_the_third_row
):
    with pytest.raises(CommandError, match="standard output is incomplete"):
        command_stdout(form.slug)


# Rows stored before input was checked still export


def test_cells_that_utf8_cannot_encode_are_made_printable():
    assert cell("\ud800x") == "\ufffdx"
    assert cell("a\x00b") == "a\ufffdb"
    assert cell(["\udfff", "ok"]) == "\ufffd; ok"
    assert cell("=\ud800") == "'=\ufffd"
    for value in ("\ud800x", "\udc00", "\x00", ["\ud83d"]):
        cell(value).encode("utf-8")  # raises if anything is left unencodable


@pytest.fixture
def signed_in_coordinator(client, coordinator):
    sign_in(client, coordinator)
    return coordinator


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="Only SQLite stores a lone surrogate or NUL in JSON; PostgreSQL refuses "
    "such a row, so there it can never reach an export.",
)
def test_rows_with_unencodable_text_export_in_full(
    client, tmp_path, starter_form, signed_in_coordinator
):
    page = starter_form
    before = ApplicationSubmission.objects.create(
        page=page, form_data={"full_name": "Before"}
    )
    broken = ApplicationSubmission.objects.create(
        page=page,
        form_data={
            "full_name": "\ud800x",
            "old_\udc00question": "=\udfff",
            "nul": "a\x00b",
        },
    )
    after = ApplicationSubmission.objects.create(
        page=page, form_data={"full_name": "After"}
    )
    stored = ApplicationSubmission.objects.get(pk=broken.pk).form_data
    assert stored["full_name"] == "\ud800x"  # really stored as it came

    response = client.get(admin_url(page), {"export": "csv"})
    assert response.status_code == 200
    admin = b"".join(response.streaming_content)
    from_file = command_file(tmp_path, str(page.pk))
    assert admin == from_file

    header, *rows = parse(admin.decode("utf-8"))
    assert [int(row[0]) for row in rows] == [before.pk, broken.pk, after.pk]
    assert "Old \ufffdquestion (removed question)" in header
    row = dict(zip(header, rows[1], strict=True))
    assert row["Full name"] == "\ufffdx"
    assert row["Old \ufffdquestion (removed question)"] == "'=\ufffd"
    assert row["Nul (removed question)"] == "a\ufffdb"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="what PostgreSQL refuses to store"
)
@pytest.mark.parametrize("text", ["\ud800x", "a\x00b"], ids=["surrogate", "NUL"])
def test_postgresql_cannot_store_a_row_that_would_break_an_export(starter_form, text):
    with pytest.raises(DataError), transaction.atomic():
        ApplicationSubmission.objects.create(
            page=starter_form, form_data={"full_name": text}
        )


# The admin records who exported what, and when


def test_admin_export_records_the_export(
    client, signed_in_superuser, form, varied, home
):
    other_form = ApplicationFormPageFactory(parent=home)
    download(client, form)

    record = SubmissionExport.objects.get()
    assert record.user == signed_in_superuser
    assert record.page_id == form.pk
    assert record.page_id != other_form.pk

    long_ago = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    SubmissionExport.objects.update(exported_at=long_ago)
    download(client, form)

    again = SubmissionExport.objects.get()
    assert again.pk == record.pk
    assert again.exported_at > long_ago


def test_export_records_are_per_user_and_per_page(
    client, signed_in_superuser, form, home
):
    other_form = ApplicationFormPageFactory(parent=home)
    download(client, form)
    download(client, other_form)
    colleague = get_user_model().objects.create_superuser(
        "colleague", password="y" * 12
    )
    sign_in(client, colleague)
    download(client, form)

    assert set(SubmissionExport.objects.values_list("user_id", "page_id")) == {
        (signed_in_superuser.pk, form.pk),
        (signed_in_superuser.pk, other_form.pk),
        (colleague.pk, form.pk),
    }


def test_command_does_not_record_an_export(form, varied):
    command_stdout(form.slug)
    assert not SubmissionExport.objects.exists()


# Memory stays flat however many submissions there are

ANSWERS = {
    "full_name": "Nguyễn Thị Minh Khai",
    "organization": "Sacramento Regional Family Justice Center",
    "email_address": "applicant@example.org",
    "languages_spoken": ["English", "Tiếng Việt", "中文"],
    "agrees_to_the_terms": True,
    "reason": "I would like to join the Legal Forum to learn about the resources "
    "available to survivors in Sacramento County and to share what our clinic "
    "has learned about immigration relief for Asian and Pacific Islander clients.",
}


def consume_export(page):
    for _chunk in csv_chunks(page, page.get_submissions()):
        pass


def test_export_memory_does_not_grow_with_the_number_of_submissions(form):
    ApplicationFormFieldFactory(
        page=form, label="Reason", field_type="multiline", sort_order=5
    )
    small, large, holding = memory_peaks(
        form,
        consume_export,
        ANSWERS,
        (1_000, 10_000),
        # What holding every row at once would cost, to show the bound can fail.
        lambda: list(
            form.get_submissions().values_list("pk", "submit_time", "form_data")
        ),
    )

    # Ten times the rows: streaming grows by a fixed step (about 1.5 MB here);
    # holding the rows costs about 20 MB, so this bound leaves room for noise and
    # still catches that.
    bound = 6 * MB
    assert large < small + bound, (small, large)
    assert holding > small + bound, (small, holding)


def test_output_that_is_a_folder_is_a_command_error(tmp_path, form, varied):
    folder = tmp_path / "exports"
    folder.mkdir()
    message = command_error(form.slug, f"--output={folder}")
    assert message == (
        f"--output {folder} is a folder; give a file name, for example "
        f"{folder / 'applications.xlsx'}."
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    "dates",
    [
        {"date_from": "2026-13-01", "date_to": "2026-03-01"},
        {"date_from": "2026-03-02", "date_to": "2026-03-01"},
    ],
    ids=["invalid", "reversed"],
)
def test_admin_export_with_bad_dates_exports_nothing(
    client, signed_in_superuser, form, varied, dates
):
    response = client.get(admin_url(form), {"export": "csv", **dates})
    assert response.status_code == 400
    # Worded by the list screen; what matters is that it says nothing went out.
    assert "nothing was" in response.content.decode().lower()
    assert not SubmissionExport.objects.exists()
