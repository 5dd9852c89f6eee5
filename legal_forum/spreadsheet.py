"""
The applications as an Excel workbook (XLSX): the same columns and rows as the
CSV (``legal_forum.export``), but typed, so nothing needs guarding or guessing.

Every answer and name is written as a text cell, so a phone number such as
``+1 916 555 0100`` or an answer such as ``=1+1`` stays exactly as typed: Excel
never runs it as a formula, and no apostrophe is added (the CSV needs one, a
workbook does not). The time submitted is a real date and time in the site's
zone, the id and the number of notes are numbers.

openpyxl's write-only mode writes rows to disk as they come and the finished
file is handed out in pieces, so memory stays flat however many applications
there are. Temporary files are removed when the download ends, fails or is
abandoned.
"""

import contextlib
import re
import tempfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from legal_forum.answers import answer_text
from legal_forum.export import application_rows, export_columns, headings
from site_core.text import REPLACEMENT

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PIECE_SIZE = 64 * 1024  # bytes per piece of the download
PROGRESS_EVERY = 500  # rows between progress reports, as the CSV reports them
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
# Characters a workbook cannot hold: control characters other than tab, line
# feed and carriage return, lone UTF-16 surrogates, and U+FFFE/U+FFFF.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Excel's rules for sheet names.
SHEET_TITLE_LENGTH = 31
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
DEFAULT_SHEET_TITLE = "Applications"
# Column widths in characters: id, time, status, assignee, notes, then answers.
WIDTHS = [14, 27, 14, 14, 20, 8]
ANSWER_WIDTH = 24


def text(value):
    """An answer or name as text a workbook can hold, any odd character replaced."""
    return UNWRITABLE.sub(REPLACEMENT, answer_text(value))


def sheet_title(title):
    """The form's title as Excel allows a sheet's name: 31 characters, no []:*?/\\."""
    cleaned = SHEET_TITLE_FORBIDDEN.sub("", UNWRITABLE.sub("", title or ""))
    # Excel also refuses a name that starts or ends with an apostrophe.
    cleaned = cleaned[:SHEET_TITLE_LENGTH].strip().strip("'").strip()
    return cleaned or DEFAULT_SHEET_TITLE


class Sheet:
    """Typed cells for one write-only worksheet."""

    def __init__(self, worksheet):
        self.worksheet = worksheet
        self.bold = Font(bold=True)

    def text(self, value, *, bold=False):
        # Given as a value, openpyxl would read "=1+1" as a formula and "#N/A" as
        # an error; the data type decides what Excel does with the cell.
        cell = WriteOnlyCell(self.worksheet, text(value))
        cell.data_type = "s"
        if bold:
            cell.font = self.bold
        return cell

    def moment(self, value):
        cell = WriteOnlyCell(self.worksheet, value)
        cell.number_format = TIME_FORMAT
        return cell


def write_workbook(page, submissions, file, *, progress=None):
    """Write the workbook to ``file`` (a path or a seekable binary file)."""
    submissions = submissions.order_by("submit_time", "pk")
    columns = export_columns(page, submissions)
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet_title(page.title))
    try:
        worksheet.freeze_panes = "A2"
        header = headings(columns)
        for number in range(1, len(header) + 1):
            width = WIDTHS[number - 1] if number <= len(WIDTHS) else ANSWER_WIDTH
            worksheet.column_dimensions[get_column_letter(number)].width = width
        sheet = Sheet(worksheet)
        worksheet.append([sheet.text(heading, bold=True) for heading in header])
        written = 0
        for row in application_rows(submissions, columns):
            pk, submitted, language, status, assignee, notes, answers = row
            worksheet.append(
                [
                    pk,
                    sheet.moment(submitted),
                    sheet.text(language),
                    sheet.text(status),
                    sheet.text(assignee),
                    notes,
                    *(sheet.text(answer) for answer in answers),
                ]
            )
            written += 1
            if progress and written % PROGRESS_EVERY == 0:
                progress(written)
        workbook.save(file)
    except BaseException:
        discard(worksheet)
        raise
    if progress:
        progress(written)


def discard(worksheet):
    """
    Remove the file openpyxl writes the rows into, after a failure: it would
    otherwise stay on disk until the process ends. (Saving removes it.)
    """
    writer = getattr(worksheet, "_writer", None)
    if writer is None:
        return
    # The row stream sits inside the file's stream: close it first.
    with contextlib.suppress(Exception):
        if rows := getattr(worksheet, "_rows", None):
            rows.close()
    with contextlib.suppress(Exception):
        writer.close()
    with contextlib.suppress(OSError, ValueError):
        writer.cleanup()


def xlsx_chunks(page, submissions, *, progress=None):
    """
    Yield the workbook as bytes, a piece at a time. It is written whole to an
    unnamed temporary file first (a zip file is finished only at its end); the
    file disappears when this generator ends, fails or is closed unfinished.
    """
    with tempfile.TemporaryFile() as file:
        write_workbook(page, submissions, file, progress=progress)
        file.seek(0)
        while piece := file.read(PIECE_SIZE):
            yield piece
