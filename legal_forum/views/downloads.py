"""
Downloads of a form's applications: the Download menu that offers them, and the
file itself, streamed and recorded in the audit log.
"""

from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from wagtail.admin.widgets.button import Button, ButtonWithDropdown

from legal_forum import audit
from legal_forum.export import csv_bytes, export_filename
from legal_forum.spreadsheet import CONTENT_TYPE as XLSX_CONTENT_TYPE
from legal_forum.spreadsheet import xlsx_chunks

# fmt: (writer of bytes, content type, name in the audit log)
FORMATS = {
    "csv": (csv_bytes, "text/csv; charset=utf-8", "CSV"),
    "xlsx": (xlsx_chunks, XLSX_CONTENT_TYPE, "XLSX"),
}
# What the Download menu offers, in its order.
DOWNLOADS = [("xlsx", "Excel workbook (.xlsx)"), ("csv", "CSV (UTF-8)")]


def download_menu(list_url, query):
    """The one Download menu: the list at ``list_url``, filtered by ``query``."""
    query = query.copy()
    links = []
    for priority, (fmt, label) in enumerate(DOWNLOADS):
        query["export"] = fmt
        links.append(
            Button(
                label,
                url=f"{list_url}?{query.urlencode()}",
                icon_name="download",
                priority=priority,
            )
        )
    return ButtonWithDropdown(
        label="Download",
        icon_name="download",
        buttons=links,
        attrs={"aria-label": "Download these applications"},
    )


def logged_download(page, submissions, *, user, fmt, since=None, until=None):
    """
    The file as bytes, logged when it ends. An error part way propagates, so the
    server breaks the download off and the browser reports it as failed.
    """
    writer, _content_type, name = FORMATS[fmt]
    written = 0
    complete = False

    def progress(rows):
        nonlocal written
        written = rows

    try:
        yield from writer(page, submissions, progress=progress)
        complete = True
    finally:
        audit.export_event(
            page,
            user=user,
            since=since,
            until=until,
            rows=written,
            complete=complete,
            via="the admin",
            format=name,
        )


def download_response(page, submissions, *, user, fmt, since=None, until=None):
    """
    ``submissions`` (already filtered to the days ``since``..``until``) as a
    streamed download: ``fmt`` is "xlsx" (an Excel workbook) or "csv".
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: use 'xlsx' or 'csv'.")
    _writer, content_type, _name = FORMATS[fmt]
    response = StreamingHttpResponse(
        logged_download(
            page, submissions, user=user, fmt=fmt, since=since, until=until
        ),
        content_type=content_type,
    )
    # Quoted as RFC 6266 says, so a slug in any script survives.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=export_filename(page, fmt, since, until)
    )
    return response
