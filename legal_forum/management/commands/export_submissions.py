"""Write one application form's submissions as CSV or as an Excel workbook."""

import dataclasses
import datetime
import io
import os
import stat
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legal_forum import audit
from legal_forum.days import parse_day
from legal_forum.export import csv_bytes, filter_by_days
from legal_forum.models import ApplicationFormPage, filing_forms
from legal_forum.spreadsheet import xlsx_chunks

PROGRESS_EVERY = 10_000
STANDARD_OUTPUT = "-"
MAX_LINKS = 40  # as many symbolic links as Linux follows in one path
FORMATS = {"csv": csv_bytes, "xlsx": xlsx_chunks}
ERROR_STATUS = 2  # the exit status of every error, as for a mistyped option


def refuse(message):
    """A CommandError that ``manage.py`` prints as one line, exiting with status 2."""
    return CommandError(" ".join(message.split()), returncode=ERROR_STATUS)


def applications(count):
    """'1 application', '1,234 applications'."""
    return f"{count:,} application{'' if count == 1 else 's'}"


def local_day(option, text):
    """The day ``text`` names, or a CommandError saying how to write one."""
    if text is None:
        return None
    try:
        return parse_day(text)
    except ValueError as error:
        raise refuse(f"{option} {error}") from None


def export_format(requested, output):
    """'csv' or 'xlsx': as asked, else xlsx for an --output ending in .xlsx."""
    if requested is None:
        return "xlsx" if (output or "").lower().endswith(".xlsx") else "csv"
    fmt = requested.strip().lower()
    if fmt not in FORMATS:
        raise refuse(f"--format {requested} is not one we write; use xlsx or csv.")
    return fmt


def find_form(identifier):
    forms = filing_forms()
    matches = list(
        forms.filter(pk=int(identifier))
        if identifier.isdigit()
        else forms.filter(slug=identifier)
    )
    if len(matches) == 1:
        return matches[0]
    choices = "; ".join(f"{form.pk} {form.slug} ({form.title})" for form in forms)
    if matches:
        raise refuse(
            f"More than one form has the slug '{identifier}'; give its id instead. "
            f"The forms (id, slug, title) are: {choices}."
        )
    if not choices:
        raise refuse(f"No application form '{identifier}': the site has no forms yet.")
    raise refuse(
        f"No application form '{identifier}'. The forms (id, slug, title) are: "
        f"{choices}."
    )


def names_an_open_descriptor(path):
    """
    Whether ``path`` leads through symbolic links to a descriptor the process
    already has open (/dev/stdout, /dev/fd/3, /proc/self/fd/3).
    """
    current = Path(os.path.abspath(path))
    for _link in range(MAX_LINKS):
        folder = Path(os.path.realpath(current.parent))
        if folder.parts[:2] == ("/", "proc") and folder.name == "fd":
            return True
        if not current.is_symlink():
            return False
        current = Path(os.path.abspath(folder / os.readlink(current)))
    return False


def one_line(error):
    """An exception as one line a person can read."""
    return " ".join(str(error).split()) or type(error).__name__


@dataclasses.dataclass
class Target:
    """Where the file goes: standard output, a file to replace, or one to write into."""

    name: str  # as the user gave it, for messages
    path: Path | None = None  # None for standard output
    replace: bool = False  # write beside, then rename over

    @classmethod
    def from_option(cls, output):
        if output in (None, STANDARD_OUTPUT):
            return cls(name="standard output")
        if not output:
            raise refuse("--output needs a file name, or - for standard output.")
        try:
            mode = os.stat(output).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise refuse(f"Cannot use --output {output}: {one_line(error)}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise refuse(
                f"--output {output} is a folder; give a file name, for example "
                f"{Path(output) / 'applications.xlsx'}."
            )
        if mode is None or (
            stat.S_ISREG(mode) and not names_an_open_descriptor(output)
        ):
            # A regular file, new or old: replaced whole, never left half-written.
            path = Path(output).resolve()
            if not path.parent.is_dir():
                raise refuse(
                    f"The folder {path.parent} does not exist; create it or give "
                    "another --output."
                )
            return cls(name=output, path=path, replace=True)
        # A pipe, a device or an open descriptor: written into, never replaced.
        return cls(name=output, path=Path(output))

    def incomplete(self):
        """What a failure part way leaves behind, for the error message."""
        if self.replace:
            return f"Nothing was written to {self.name}"
        return f"What was written to {self.name} is incomplete"


@dataclasses.dataclass
class ExportResult:
    """What one run exported; complete once ``handle`` reaches its end."""

    page: ApplicationFormPage
    since: datetime.date | None
    until: datetime.date | None
    target: Target
    rows: int = 0

    def summary(self):
        return f"Wrote {applications(self.rows)} to {self.target.name}."


class Command(BaseCommand):
    help = (
        "Export a form's applications as an Excel workbook (--format xlsx) or as "
        "CSV: submission id, time submitted (the site's local time), status, who "
        "it is assigned to, number of notes, then one column per question. The "
        "same file as the admin's download. Each run is recorded in the site "
        "history."
    )

    def add_arguments(self, parser):
        parser.add_argument("form", help="The form page's slug or id.")
        # Checked in handle(), so a mistake is one line, not a usage dump.
        parser.add_argument(
            "--since",
            metavar="DAY",
            help="From this day (included): 11/29/2026 or 2026-11-29.",
        )
        parser.add_argument(
            "--until",
            metavar="DAY",
            help="To this day (included): 11/29/2026 or 2026-11-29.",
        )
        parser.add_argument(
            "--format",
            metavar="xlsx|csv",
            help=(
                "xlsx (an Excel workbook) or csv. If not given: xlsx when --output "
                "ends in .xlsx, csv otherwise."
            ),
        )
        parser.add_argument(
            "--output",
            metavar="FILE",
            help=(
                "File to write; standard output if not given or '-'. A regular file "
                "is replaced only once the export is complete; a named pipe or "
                "device is written into."
            ),
        )
        # Kept so that scripts written for the older command still run.
        parser.add_argument(
            "--excel-bom",
            action="store_true",
            help=(
                "No longer needed, and changes nothing: every CSV now starts with "
                "the byte-order mark Excel needs to read it as UTF-8."
            ),
        )

    def handle(self, *args, form, since, until, format, output, **options):
        since = local_day("--since", since)
        until = local_day("--until", until)
        if since and until and since > until:
            raise refuse(
                f"--since {since.isoformat()} is after --until {until.isoformat()}; "
                "nothing could match. Swap the two days."
            )
        fmt = export_format(format, output)
        page = find_form(form)
        target = Target.from_option(output)
        if target.path is None and fmt == "xlsx" and self.stdout.isatty():
            raise refuse(
                "An Excel workbook cannot be shown on the screen; give --output "
                "FILE.xlsx, or send standard output to a file."
            )
        result = ExportResult(page=page, since=since, until=until, target=target)
        complete = False
        try:
            self.export(result, fmt)
            complete = True
        finally:
            # In the site history, like the admin's downloads; no answers.
            audit.export_event(
                page,
                user=None,
                since=since,
                until=until,
                rows=result.rows,
                complete=complete,
                via="the export_submissions command",
                format=fmt.upper(),
            )
        self.stderr.write(result.summary())

    def export(self, result, fmt):
        """Write the file to ``result.target``, counting rows into ``result.rows``."""
        target = result.target
        reported = 0

        def progress(rows):
            nonlocal reported
            result.rows = rows
            if target.path and rows - reported >= PROGRESS_EVERY:
                reported = rows
                self.stderr.write(f"  {applications(rows)} written...")

        submissions = filter_by_days(
            result.page.get_submissions(), result.since, result.until
        )
        chunks = FORMATS[fmt](result.page, submissions, progress=progress)
        try:
            if target.path is None:
                self.write_stdout(chunks, fmt)
            elif target.replace:
                write_beside_then_rename(target.path, chunks)
            else:
                write_into(target.path, chunks)
        except CommandError:
            raise
        except Exception as error:
            # One line a person can act on; the cause stays chained for --traceback.
            raise refuse(
                f"The export failed part way: {one_line(error)}. "
                f"{target.incomplete()}; fix the cause and run the command again."
            ) from error
        finally:
            chunks.close()  # an unfinished workbook's temporary files go now

    def write_stdout(self, chunks, fmt):
        out = self.stdout._out
        stream = getattr(out, "buffer", None)
        if stream is None and isinstance(out, io.BufferedIOBase | io.RawIOBase):
            stream = out
        if stream is None and fmt == "xlsx":
            raise refuse(
                "Standard output here takes only text; give --output FILE.xlsx."
            )
        for chunk in chunks:
            if stream is not None:
                stream.write(chunk)
            else:
                # CSV pieces end at a row, so each decodes whole.
                self.stdout.write(chunk.decode("utf-8"), ending="")
        if stream is not None:
            stream.flush()


def write_beside_then_rename(path, chunks):
    """Write beside the target, then move into place: no half-written files."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    except OSError as error:
        raise refuse(
            f"Cannot write in the folder {path.parent}: {one_line(error)}. Give an "
            "--output in a folder you can write to."
        ) from None
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_into(path, chunks):
    """Write into a pipe, device or open descriptor that is already there."""
    try:
        # No O_CREAT: if it has gone, say so rather than make a file in its place.
        descriptor = os.open(path, os.O_WRONLY | os.O_TRUNC)
    except OSError as error:
        raise refuse(f"Cannot open {path} for writing: {one_line(error)}") from None
    with os.fdopen(descriptor, "wb") as file:
        for chunk in chunks:
            file.write(chunk)
