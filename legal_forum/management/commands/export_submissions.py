"""Write one application form's submissions as CSV."""

import dataclasses
import datetime
import os
import re
import stat
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legal_forum import audit
from legal_forum.export import csv_chunks, filter_by_days
from legal_forum.models import ApplicationFormPage

PROGRESS_EVERY = 10_000
STANDARD_OUTPUT = "-"
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_LINKS = 40  # as many symbolic links as Linux follows in one path


def local_day(option, text):
    """The day ``text`` names, or a CommandError saying how to write one."""
    if text is None:
        return None
    try:
        # fromisoformat alone would also take 20260131 and 2026-W05-6.
        if ISO_DAY.fullmatch(text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        pass
    raise CommandError(
        f"{option} '{text}' is not a date. Write dates as YYYY-MM-DD, e.g. 2026-01-31."
    )


def find_form(identifier):
    forms = ApplicationFormPage.objects.all()
    matches = list(
        forms.filter(pk=int(identifier))
        if identifier.isdigit()
        else forms.filter(slug=identifier)
    )
    if len(matches) == 1:
        return matches[0]
    choices = "\n".join(f"  {form.pk}  {form.slug}  ({form.title})" for form in forms)
    if matches:
        raise CommandError(
            f"More than one form has the slug '{identifier}'; give its id instead:\n"
            + choices
        )
    raise CommandError(
        f"No application form '{identifier}'. The forms are:\n" + choices
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
    """Where the CSV goes: standard output, a file to replace, or one to write into."""

    name: str  # as the user gave it, for messages
    path: Path | None = None  # None for standard output
    replace: bool = False  # write beside, then rename over

    @classmethod
    def from_option(cls, output):
        if output in (None, STANDARD_OUTPUT):
            return cls(name="standard output")
        if not output:
            raise CommandError("--output needs a file name, or - for standard output.")
        try:
            mode = os.stat(output).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as error:
            raise CommandError(
                f"Cannot use --output {output}: {one_line(error)}"
            ) from None
        if mode is not None and stat.S_ISDIR(mode):
            raise CommandError(
                f"--output {output} is a folder; give a file name, for example "
                f"{Path(output) / 'applications.csv'}."
            )
        if mode is None or (
            stat.S_ISREG(mode) and not names_an_open_descriptor(output)
        ):
            # A regular file, new or old: replaced whole, never left half-written.
            path = Path(output).resolve()
            if not path.parent.is_dir():
                raise CommandError(f"The folder {path.parent} does not exist.")
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
        noun = "application" if self.rows == 1 else "applications"
        return f"Wrote {self.rows:,} {noun} to {self.target.name}."


class Command(BaseCommand):
    help = (
        "Export a form's applications as CSV: submission id, time submitted (site "
        "time, ISO 8601), then one column per question. The same bytes as the "
        "admin's 'Download CSV'. Each run is recorded in the site history."
    )

    def add_arguments(self, parser):
        parser.add_argument("form", help="The form page's slug or id.")
        # Dates are checked in handle(), so a mistake is one line, not a usage dump.
        parser.add_argument("--since", help="YYYY-MM-DD: from this day (included).")
        parser.add_argument("--until", help="YYYY-MM-DD: to this day (included).")
        parser.add_argument(
            "--output",
            help=(
                "File to write; standard output if not given or '-'. A regular file "
                "is replaced only once the export is complete; a named pipe or "
                "device is written into."
            ),
        )
        parser.add_argument(
            "--excel-bom",
            action="store_true",
            help="Start with a byte-order mark, so Excel reads the file as UTF-8.",
        )

    def handle(self, *args, form, since, until, output, excel_bom, **options):
        since = local_day("--since", since)
        until = local_day("--until", until)
        if since and until and since > until:
            raise CommandError("--since is after --until; nothing could match.")
        page = find_form(form)
        result = ExportResult(
            page=page, since=since, until=until, target=Target.from_option(output)
        )
        complete = False
        try:
            self.export(result, excel_bom=excel_bom)
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
            )
        self.stderr.write(result.summary())

    def export(self, result, *, excel_bom):
        """Write the CSV to ``result.target``, counting rows into ``result.rows``."""
        target = result.target
        reported = 0

        def progress(rows):
            nonlocal reported
            result.rows = rows
            if target.path and rows - reported >= PROGRESS_EVERY:
                reported = rows
                self.stderr.write(f"  {rows:,} applications written...")

        submissions = filter_by_days(
            result.page.get_submissions(), result.since, result.until
        )
        chunks = csv_chunks(
            result.page, submissions, excel_bom=excel_bom, progress=progress
        )
        try:
            if target.path is None:
                self.write_stdout(chunks)
            elif target.replace:
                write_beside_then_rename(target.path, chunks)
            else:
                write_into(target.path, chunks)
        except CommandError:
            raise
        except Exception as error:
            # One line a person can act on; the cause stays chained for --traceback.
            raise CommandError(
                f"The export failed part way: {one_line(error)}. "
                f"{target.incomplete()}; fix the cause and run the command again."
            ) from error

    def write_stdout(self, chunks):
        stream = getattr(self.stdout._out, "buffer", None)
        for chunk in chunks:
            if stream is not None:
                stream.write(chunk.encode("utf-8"))
            else:
                self.stdout.write(chunk, ending="")
        if stream is not None:
            stream.flush()


def write_beside_then_rename(path, chunks):
    """Write beside the target, then move into place: no half-written files."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".partial")
    except OSError as error:
        raise CommandError(
            f"Cannot write in the folder {path.parent}: {one_line(error)}"
        ) from None
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                file.write(chunk.encode("utf-8"))
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
        raise CommandError(
            f"Cannot open {path} for writing: {one_line(error)}"
        ) from None
    with os.fdopen(descriptor, "wb") as file:
        for chunk in chunks:
            file.write(chunk.encode("utf-8"))
