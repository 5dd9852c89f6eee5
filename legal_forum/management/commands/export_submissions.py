"""Write one application form's submissions as CSV."""

import datetime
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from legal_forum.export import csv_chunks, filter_by_days
from legal_forum.models import ApplicationFormPage

PROGRESS_EVERY = 10_000


def local_day(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"'{text}' is not a date. Write dates as YYYY-MM-DD, e.g. 2026-01-31."
        ) from None


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


class Command(BaseCommand):
    help = (
        "Export a form's applications as CSV: submission id, time submitted (site "
        "time, ISO 8601), then one column per question. The same bytes as the "
        "admin's 'Download CSV'."
    )

    def add_arguments(self, parser):
        parser.add_argument("form", help="The form page's slug or id.")
        parser.add_argument(
            "--since", type=local_day, help="YYYY-MM-DD: from this day (included)."
        )
        parser.add_argument(
            "--until", type=local_day, help="YYYY-MM-DD: to this day (included)."
        )
        parser.add_argument(
            "--output", help="File to write. Standard output if not given."
        )
        parser.add_argument(
            "--excel-bom",
            action="store_true",
            help="Start with a byte-order mark, so Excel reads the file as UTF-8.",
        )

    def handle(self, *args, form, since, until, output, excel_bom, **options):
        page = find_form(form)
        if output and Path(output).is_dir():
            raise CommandError(
                f"--output {output} is a folder; give a file name, for example "
                f"{Path(output) / 'applications.csv'}."
            )
        if since and until and since > until:
            raise CommandError("--since is after --until; nothing could match.")
        submissions = filter_by_days(page.get_submissions(), since, until)

        written = {"rows": 0, "reported": 0}

        def progress(rows):
            written["rows"] = rows
            if output and rows - written["reported"] >= PROGRESS_EVERY:
                written["reported"] = rows
                self.stderr.write(f"  {rows:,} applications written...")

        chunks = csv_chunks(page, submissions, excel_bom=excel_bom, progress=progress)
        if output:
            self.write_file(Path(output), chunks)
            self.stderr.write(f"Wrote {written['rows']:,} applications to {output}.")
        else:
            stream = getattr(self.stdout._out, "buffer", None)
            for chunk in chunks:
                if stream is not None:
                    stream.write(chunk.encode("utf-8"))
                else:
                    self.stdout.write(chunk, ending="")
            if stream is not None:
                stream.flush()

    def write_file(self, path, chunks):
        """Write beside the target, then move into place: no half-written files."""
        directory = path.resolve().parent
        if not directory.is_dir():
            raise CommandError(f"The folder {directory} does not exist.")
        handle, temporary = tempfile.mkstemp(dir=directory, suffix=".partial")
        try:
            with os.fdopen(handle, "wb") as file:
                for chunk in chunks:
                    file.write(chunk.encode("utf-8"))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
