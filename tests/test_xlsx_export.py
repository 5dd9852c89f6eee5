"""
Exporting applications as an Excel workbook, read back with openpyxl: the same
columns as the CSV, a real local date and time, every answer a text cell kept
exactly as typed (no formula, no apostrophe), characters a workbook cannot hold
replaced, the admin download and ``manage.py export_submissions`` agreeing cell
for cell, temporary files removed whatever happens, and flat memory.
"""

import datetime
import io
import os
import tempfile
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import ModelLogEntry

from legal_forum import audit, export, spreadsheet
from legal_forum.models import ApplicationNote
from legal_forum.spreadsheet import sheet_title, xlsx_chunks
from legal_forum.views.downloads import logged_download
from tests.applications import MB, local, memory_peaks, submit, tracked
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "Submission ID",
    "Submitted at (Pacific time)",
    "Language",
    "Status",
    "Assigned to",
    "Notes",
    "Full name",
    "Phone",
    "Languages spoken",
    "Agrees to the terms",
]
NAME = HEADER.index("Full name")
PHONE = HEADER.index("Phone")


def workbook_bytes(page, submissions=None):
    if submissions is None:
        submissions = page.get_submissions()
    return b"".join(xlsx_chunks(page, submissions))


def read(content):
    """The workbook's only sheet, read back."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    assert len(workbook.worksheets) == 1
    return workbook.worksheets[0]


def values(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def sheet_xml(content):
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


@pytest.fixture
def form(home):
    page = ApplicationFormPageFactory(
        parent=home, slug="legal-forum-membership", title="Join the Legal Forum"
    )
    ApplicationFormFieldFactory(page=page, label="Full name", sort_order=0)
    ApplicationFormFieldFactory(
        page=page, label="Phone", field_type="phone", sort_order=1, required=False
    )
    ApplicationFormFieldFactory(
        page=page,
        label="Languages spoken",
        field_type="checkboxes",
        choices="English\nTiếng Việt\n中文",
        sort_order=2,
    )
    ApplicationFormFieldFactory(
        page=page, label="Agrees to the terms", field_type="checkbox", sort_order=3
    )
    return page


# The sheet


def test_header_row_is_bold_frozen_and_names_the_zone(form):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": "A"})
    sheet = read(workbook_bytes(form))

    assert values(sheet)[0] == HEADER
    assert all(cell.font.bold for cell in sheet[1])
    assert not sheet.cell(row=2, column=1).font.bold
    assert sheet.freeze_panes == "A2"
    assert sheet.title == "Join the Legal Forum"
    assert all(cell.data_type == "s" for cell in sheet[1])


def test_a_form_with_no_applications_is_a_header_alone(form):
    assert values(read(workbook_bytes(form))) == [HEADER]


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        # Summer: Pacific daylight time, UTC-7.
        (
            datetime.datetime(2026, 7, 1, 16, 30, 5, 999999, tzinfo=datetime.UTC),
            datetime.datetime(2026, 7, 1, 9, 30, 5),
        ),
        # Winter: Pacific standard time, UTC-8.
        (
            datetime.datetime(2026, 1, 15, 17, 0, tzinfo=datetime.UTC),
            datetime.datetime(2026, 1, 15, 9, 0),
        ),
        # Late in the evening here is the next day in UTC.
        (
            datetime.datetime(2026, 12, 1, 7, 30, tzinfo=datetime.UTC),
            datetime.datetime(2026, 11, 30, 23, 30),
        ),
    ],
)
def test_submitted_at_is_a_real_local_date_and_time(form, moment, shown):
    submit(form, moment, {"full_name": "A"})
    cell = read(workbook_bytes(form))["B2"]
    assert cell.is_date
    assert cell.value == shown
    assert cell.number_format == "yyyy-mm-dd hh:mm:ss"


def test_id_and_notes_are_numbers_names_and_status_are_text(form):
    named = get_user_model().objects.create_user(
        "minh", first_name="Minh", last_name="Nguyễn"
    )
    unnamed = get_user_model().objects.create_user("=cmd")
    first, second, third = tracked(form, named, unnamed)
    for text in ("Called", "Emailed"):
        ApplicationNote.objects.create(application=first, author=named, text=text)

    sheet = read(workbook_bytes(form))
    rows = list(sheet.iter_rows(min_row=2, max_col=6))

    assert [[cell.value for cell in row] for row in rows] == [
        [first.pk, rows[0][1].value, "English", "Contacted", "Minh Nguyễn", 2],
        [second.pk, rows[1][1].value, "English", None, "=cmd", 0],
        [third.pk, rows[2][1].value, "English", None, None, 0],
    ]
    for row in rows:
        assert row[0].data_type == "n"
        assert row[5].data_type == "n"
    assert rows[0][3].data_type == rows[0][4].data_type == "s"
    assert rows[1][4].data_type == "s"  # a username like a formula stays text


# Answers: text, exactly as typed

AS_TYPED = [
    "+1 916 555 0100",
    "=1+1",
    '=HYPERLINK("http://evil.example","Click")',
    "-5",
    "@SUM(A1:A9)",
    "0012",
    "1e5",
    "#N/A",
    "TRUE",
    "2026-11-29",
    "'quoted'",
    "Nguyễn Thị Minh Khai",
    "李小龍",
    "Line one\nLine two",
    "  leading spaces",
]


@pytest.mark.parametrize("answer", AS_TYPED)
def test_answers_are_text_cells_exactly_as_typed(form, answer):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": answer, "phone": answer})
    content = workbook_bytes(form)
    sheet = read(content)

    for column in (NAME, PHONE):
        cell = sheet.cell(row=2, column=column + 1)
        assert cell.data_type == "s"
        assert cell.value == answer  # no apostrophe, nothing trimmed
    assert b"<f>" not in sheet_xml(content)  # never a formula


def test_the_csv_guards_a_phone_number_the_workbook_does_not_need_to(form):
    submit(form, local(2026, 5, 1, 12, 0), {"phone": "+1 916 555 0100"})
    sheet = read(workbook_bytes(form))
    assert sheet.cell(row=2, column=PHONE + 1).value == "+1 916 555 0100"


@pytest.mark.parametrize(
    ("answer", "written"),
    [
        ("a\x01b\x08c", "a\ufffdb\ufffdc"),
        ("\x0bvertical tab, \x0cform feed", "\ufffdvertical tab, \ufffdform feed"),
        ("\x0e\x1f", "\ufffd\ufffd"),
        ("end\x1b[31m", "end\ufffd[31m"),
        ("not a character: \uffff", "not a character: \ufffd"),
        ("a tab\tand a\nline break", "a tab\tand a\nline break"),
    ],
)
def test_characters_a_workbook_cannot_hold_are_replaced(form, answer, written):
    submit(form, local(2026, 5, 1, 12, 0), {"full_name": answer})
    cell = read(workbook_bytes(form)).cell(row=2, column=NAME + 1)
    assert cell.value == written


def test_stored_text_utf8_cannot_encode_is_replaced():
    # What SQLite may hold from before answers were checked; PostgreSQL refuses it.
    assert spreadsheet.text("\ud800x") == "\ufffdx"
    assert spreadsheet.text("a\x00b") == "a\ufffdb"
    assert spreadsheet.text(["\x01", "ok"]) == "\ufffd; ok"


def test_choices_are_joined_and_tick_boxes_say_yes_or_no(form):
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
        {"full_name": "B", "languages_spoken": [], "agrees_to_the_terms": False},
    )
    rows = values(read(workbook_bytes(form)))[1:]
    assert [row[-2:] for row in rows] == [
        ["English; Tiếng Việt; 中文", "Yes"],
        [None, "No"],
    ]


def test_removed_questions_follow_sorted_and_line_up(form):
    first = submit(form, local(2026, 5, 1, 12, 0), {"full_name": "A", "zip": "95814"})
    second = submit(form, local(2026, 5, 2, 12, 0), {"full_name": "B", "age": "40"})
    header, *rows = values(read(workbook_bytes(form)))

    assert header == [*HEADER, "Age (removed question)", "Zip (removed question)"]
    by_id = {row[0]: row[-2:] for row in rows}
    assert by_id == {first.pk: [None, "95814"], second.pk: ["40", None]}


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Join the Legal Forum", "Join the Legal Forum"),
        ("Q&A: [Pro bono] attorneys / paralegals?", "Q&A Pro bono attorneys  paraleg"),
        ("A" * 40, "A" * 31),
        ("'Quoted'", "Quoted"),
        ("[]:*?/\\", "Applications"),
        ("", "Applications"),
    ],
)
def test_sheet_titles_follow_excels_rules(title, expected):
    assert sheet_title(title) == expected


def test_a_long_awkward_form_title_still_makes_a_workbook(home):
    page = ApplicationFormPageFactory(
        parent=home, title="Attorneys: [2026/2027] *pro bono* intake? \\ Sacramento"
    )
    ApplicationFormFieldFactory(page=page, label="Name", sort_order=0)
    submit(page, local(2026, 5, 1, 12, 0), {"name": "A"})
    sheet = read(workbook_bytes(page))
    assert sheet.title == "Attorneys 20262027 pro bono int"
    assert len(sheet.title) <= 31


# The admin download and the command agree

RANGES = [
    pytest.param({}, [], 3, id="everything"),
    pytest.param(
        {"date_from": "2026-03-01", "date_to": "2026-07-01"},
        ["--since=3/1/2026", "--until=2026-07-01"],
        2,
        id="date-range",
    ),
]


@pytest.fixture
def three(form):
    return [
        submit(
            form,
            local(2026, 1, 15, 9, 0),
            {"full_name": "Nguyễn Thị Minh Khai", "phone": "+1 916 555 0100"},
        ),
        submit(form, local(2026, 3, 2, 0, 0), {"full_name": "李小龍", "old": "=1"}),
        submit(
            form,
            local(2026, 7, 1, 23, 59),
            {"full_name": "Jane", "languages_spoken": ["English"]},
        ),
    ]


@pytest.mark.parametrize(("params", "options", "rows"), RANGES)
def test_admin_download_and_command_write_the_same_cells(
    client, signed_in_superuser, tmp_path, form, three, params, options, rows
):
    response = client.get(
        reverse("wagtailforms:list_submissions", args=[form.pk]),
        {"export": "xlsx", **params},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == spreadsheet.CONTENT_TYPE
    admin = values(read(b"".join(response.streaming_content)))

    target = tmp_path / "applications.xlsx"  # the name is enough to choose XLSX
    err = io.StringIO()
    call_command(
        "export_submissions",
        form.slug,
        *options,
        f"--output={target}",
        stdout=io.StringIO(),
        stderr=err,
    )
    from_file = values(read(target.read_bytes()))
    out = io.BytesIO()
    call_command(
        "export_submissions",
        form.slug,
        *options,
        "--format=xlsx",
        stdout=out,
        stderr=io.StringIO(),
    )
    from_stdout = values(read(out.getvalue()))

    assert admin == from_file == from_stdout
    assert len(admin) == 1 + rows
    assert err.getvalue() == f"Wrote {rows} applications to {target}.\n"
    assert [path.name for path in tmp_path.iterdir()] == ["applications.xlsx"]


def test_the_command_counts_one_application_in_the_singular(tmp_path, form, three):
    target = tmp_path / "one.xlsx"
    err = io.StringIO()
    call_command(
        "export_submissions",
        form.slug,
        "--since=2026-07-01",
        f"--output={target}",
        stderr=err,
    )
    assert err.getvalue() == f"Wrote 1 application to {target}.\n"


def test_the_command_reports_progress_on_long_runs(monkeypatch, tmp_path, form, three):
    from legal_forum.management.commands import export_submissions

    monkeypatch.setattr(export_submissions, "PROGRESS_EVERY", 1)
    monkeypatch.setattr(spreadsheet, "PROGRESS_EVERY", 1)
    target = tmp_path / "applications.xlsx"
    err = io.StringIO()
    call_command("export_submissions", form.slug, f"--output={target}", stderr=err)
    assert err.getvalue().splitlines() == [
        "  1 application written...",
        "  2 applications written...",
        "  3 applications written...",
        f"Wrote 3 applications to {target}.",
    ]


def test_the_format_option_wins_over_the_file_name(tmp_path, form, three):
    target = tmp_path / "applications.xlsx"
    call_command(
        "export_submissions",
        form.slug,
        "--format=csv",
        f"--output={target}",
        stderr=io.StringIO(),
    )
    assert target.read_bytes().startswith(b"\xef\xbb\xbfSubmission ID,")


def test_a_workbook_is_not_written_to_a_terminal(form, three):
    controller, terminal = os.openpty()
    try:
        with (
            os.fdopen(terminal, "w", closefd=False) as screen,
            pytest.raises(CommandError) as raised,
        ):
            call_command(
                "export_submissions", form.slug, "--format=xlsx", stdout=screen
            )
    finally:
        os.close(terminal)
        os.close(controller)
    assert raised.value.returncode == 2
    assert str(raised.value) == (
        "An Excel workbook cannot be shown on the screen; give --output FILE.xlsx, "
        "or send standard output to a file."
    )
    assert not ModelLogEntry.objects.filter(action=audit.EXPORTED).exists()


def test_exports_are_logged_as_xlsx(client, signed_in_superuser, tmp_path, form, three):
    response = client.get(
        reverse("wagtailforms:list_submissions", args=[form.pk]), {"export": "xlsx"}
    )
    b"".join(response.streaming_content)
    call_command(
        "export_submissions",
        form.slug,
        f"--output={tmp_path / 'applications.xlsx'}",
        stderr=io.StringIO(),
    )
    logged = ModelLogEntry.objects.filter(action=audit.EXPORTED).order_by("pk")
    assert [
        (entry.data["format"], entry.data["via"], entry.data["rows"])
        for entry in logged
    ] == [
        ("XLSX", "the admin", 3),
        ("XLSX", "the export_submissions command", 3),
    ]
    assert [entry.message for entry in logged][0] == (
        "Exported 3 applications as XLSX via the admin"
    )


# Temporary files go, whatever happens


@pytest.fixture
def private_temp(monkeypatch, tmp_path):
    """Temporary files (ours and openpyxl's) made in a folder of this test's own."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_no_temporary_file_is_left_after_a_download(private_temp, form, three):
    chunks = xlsx_chunks(form, form.get_submissions())
    next(chunks)
    # While it streams, the workbook is in a file that has no name on disk.
    assert list(private_temp.iterdir()) == []
    for _chunk in chunks:
        pass
    assert list(private_temp.iterdir()) == []


def test_no_temporary_file_is_left_by_an_abandoned_download(
    monkeypatch, private_temp, form, three
):
    monkeypatch.setattr(spreadsheet, "PIECE_SIZE", 100)
    chunks = xlsx_chunks(form, form.get_submissions())
    next(chunks)
    chunks.close()  # the browser went away
    assert list(private_temp.iterdir()) == []


def test_no_temporary_file_is_left_when_a_row_fails(
    monkeypatch, private_temp, form, three
):
    real_text = spreadsheet.text

    def failing_text(value):
        if value == "李小龍":
            raise RuntimeError("row 2 cannot be read")
        return real_text(value)

    monkeypatch.setattr(spreadsheet, "text", failing_text)
    with pytest.raises(RuntimeError, match="row 2 cannot be read"):
        workbook_bytes(form)
    assert list(private_temp.iterdir()) == []


def test_a_failed_admin_download_is_logged_incomplete(
    monkeypatch, private_temp, form, three, superuser
):
    real_text = spreadsheet.text

    def failing_text(value):
        if value == "Jane":
            raise RuntimeError("row 3 cannot be read")
        return real_text(value)

    monkeypatch.setattr(spreadsheet, "text", failing_text)
    monkeypatch.setattr(spreadsheet, "PROGRESS_EVERY", 1)
    stream = logged_download(form, form.get_submissions(), user=superuser, fmt="xlsx")
    with pytest.raises(RuntimeError):
        next(stream)
    [entry] = ModelLogEntry.objects.filter(action=audit.EXPORTED)
    assert entry.data["complete"] is False
    assert entry.data["format"] == "XLSX"
    assert entry.data["rows"] == 2
    assert list(private_temp.iterdir()) == []


def test_a_failed_command_leaves_no_file_and_is_one_line(
    monkeypatch, private_temp, tmp_path, form, three
):
    def failing_text(value):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(spreadsheet, "text", failing_text)
    target = tmp_path / "out" / "applications.xlsx"
    target.parent.mkdir()
    with pytest.raises(CommandError) as raised:
        call_command(
            "export_submissions", form.slug, f"--output={target}", stderr=io.StringIO()
        )
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    assert "the disk is full" in str(raised.value)
    assert list(target.parent.iterdir()) == []
    assert list(private_temp.iterdir()) == []


# Memory stays flat however many applications there are

ANSWERS = {
    "full_name": "Nguyễn Thị Minh Khai",
    "phone": "+1 916 555 0100",
    "languages_spoken": ["English", "Tiếng Việt", "中文"],
    "agrees_to_the_terms": True,
    "reason": "I would like to join the Legal Forum to learn about the resources "
    "available to survivors in Sacramento County and to share what our clinic "
    "has learned about immigration relief for Asian and Pacific Islander clients.",
}


def consume(page):
    for _chunk in xlsx_chunks(page, page.get_submissions()):
        pass


def hold_every_cell(page):
    """What a workbook kept in memory (openpyxl's normal mode) would cost."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for form_data in page.get_submissions().values_list("form_data", flat=True):
        sheet.append([spreadsheet.text(value) for value in form_data.values()])
    return workbook


def test_workbook_memory_does_not_grow_with_the_number_of_applications(
    monkeypatch, form
):
    ApplicationFormFieldFactory(
        page=form, label="Reason", field_type="multiline", sort_order=5
    )
    # Small batches from the database, so that both runs read many of them and
    # hold the same fixed step, and the test stays quick.
    monkeypatch.setattr(export, "CHUNK_SIZE", 100)
    small, large, holding = memory_peaks(
        form, consume, ANSWERS, (1_000, 4_000), lambda: hold_every_cell(form)
    )

    # Four times the rows: write-only mode stays within a fixed step; keeping
    # the cells costs about 10 MB more, so the bound can fail.
    bound = 1 * MB
    assert large < small + bound, (small, large)
    assert holding > small + bound, (small, holding)
