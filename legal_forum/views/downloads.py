"""Downloads of a form's applications, streamed and recorded in the audit log."""

from django.http import StreamingHttpResponse
from django.utils import timezone

from legal_forum import audit
from legal_forum.export import csv_chunks


def export_filename(page, excel):
    today = timezone.localdate().isoformat()
    return f"{page.slug}-applications-{today}{'-excel' if excel else ''}.csv"


def logged_csv(page, submissions, *, user, since, until, excel_bom):
    """
    The CSV as bytes, logged when it ends. An error part way propagates, so the
    server breaks the download off and the browser reports it as failed.
    """
    written = {"rows": 0}
    complete = False

    def progress(rows):
        written["rows"] = rows

    try:
        for chunk in csv_chunks(
            page, submissions, excel_bom=excel_bom, progress=progress
        ):
            yield chunk.encode("utf-8")
        complete = True
    finally:
        audit.export_event(
            page,
            user=user,
            since=since,
            until=until,
            rows=written["rows"],
            complete=complete,
            via="the admin",
        )


def csv_response(page, submissions, *, user, since=None, until=None, excel_bom=False):
    response = StreamingHttpResponse(
        logged_csv(
            page,
            submissions,
            user=user,
            since=since,
            until=until,
            excel_bom=excel_bom,
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{export_filename(page, excel_bom)}"'
    )
    return response
