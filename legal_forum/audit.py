"""
Everything done with applications, in Wagtail's own log: who viewed, exported,
deleted or purged them, who changed an application's status or assignee or added
a note to it, and who changed where a form's applications go.

Entries name the form, the application's number, dates, counts, statuses and
staff, never an answer or a note's text. Form-level entries are logged against
the form's routing row and per-application entries against the application, so
they appear in Reports > Site history for superusers and for users with rights on
those models, and not in the page history that editors read.
"""

from wagtail.log_actions import LogFormatter, log

VIEWED = "legal_forum.application.view"
LISTED = "legal_forum.application.list"
EXPORTED = "legal_forum.application.export"
DELETED = "legal_forum.application.delete"
PURGED = "legal_forum.application.purge"
ROUTING_CHANGED = "legal_forum.routing.change"
STATUS_CHANGED = "legal_forum.application.status"
ASSIGNED = "legal_forum.application.assign"
NOTE_ADDED = "legal_forum.application.note"


def _days(data):
    since, until = data.get("since"), data.get("until")
    if since and until:
        return f" received {since} to {until}"
    if since:
        return f" received from {since}"
    if until:
        return f" received until {until}"
    return ""


class ViewedFormatter(LogFormatter):
    label = "View application"

    def format_message(self, log_entry):
        return f"Viewed application {log_entry.object_id}"


class ListedFormatter(LogFormatter):
    label = "List applications"

    def format_message(self, log_entry):
        return f"Viewed the list of applications to {log_entry.label}"


class ExportedFormatter(LogFormatter):
    label = "Export applications"

    def format_message(self, log_entry):
        data = log_entry.data
        rows = data.get("rows", 0)
        outcome = "" if data.get("complete", True) else " (the export failed part way)"
        return (
            f"Exported {rows} application{'s' if rows != 1 else ''}{_days(data)} "
            f"as {data.get('format', 'CSV')} via {data.get('via', 'the admin')}"
            f"{outcome}"
        )


class DeletedFormatter(LogFormatter):
    label = "Delete application"

    def format_message(self, log_entry):
        return f"Deleted application {log_entry.object_id}"


class PurgedFormatter(LogFormatter):
    label = "Delete expired applications"

    def format_message(self, log_entry):
        data = log_entry.data
        return (
            f"Deleted {data.get('rows', 0)} application(s) older than "
            f"{data.get('retention_days')} days (the retention period)"
        )


class RoutingChangedFormatter(LogFormatter):
    label = "Change delivery and retention of applications"

    def format_message(self, log_entry):
        changes = ", ".join(log_entry.data.get("changed", [])) or "nothing"
        return f"Changed where applications go or how long they are kept: {changes}"


class StatusChangedFormatter(LogFormatter):
    label = "Change the status of an application"

    def format_message(self, log_entry):
        data = log_entry.data
        return (
            f"Changed the status of application {log_entry.object_id} from "
            f"{data.get('from') or 'none'} to {data.get('to') or 'none'}"
        )


class AssignedFormatter(LogFormatter):
    label = "Assign an application"

    def format_message(self, log_entry):
        to = log_entry.data.get("to")
        if not to:
            return f"Left application {log_entry.object_id} unassigned"
        return f"Assigned application {log_entry.object_id} to {to}"


class NoteAddedFormatter(LogFormatter):
    label = "Add a note to an application"

    def format_message(self, log_entry):
        return f"Added a note to application {log_entry.object_id}"


FORMATTERS = {
    VIEWED: ViewedFormatter,
    LISTED: ListedFormatter,
    EXPORTED: ExportedFormatter,
    DELETED: DeletedFormatter,
    PURGED: PurgedFormatter,
    ROUTING_CHANGED: RoutingChangedFormatter,
    STATUS_CHANGED: StatusChangedFormatter,
    ASSIGNED: AssignedFormatter,
    NOTE_ADDED: NoteAddedFormatter,
}


def register_actions(actions):
    for action, formatter in FORMATTERS.items():
        actions.register_action(action)(formatter)


def form_event(page, action, user=None, **data):
    """Log ``action`` on a form's applications as a whole (export, purge...)."""
    return log(
        instance=page.get_routing(),
        action=action,
        user=user,
        title=page.title,
        data=data,
    )


def application_event(submission, action, user=None, **data):
    """Log ``action`` on one application (viewed, deleted)."""
    return log(
        instance=submission,
        action=action,
        user=user,
        title=f"Application {submission.pk} to {submission.page.title}",
        data={"form": submission.page_id, **data},
    )


def export_event(page, *, user, since, until, rows, complete, via, format="CSV"):
    """Log an export; ``format`` is what was written, "CSV" or "XLSX"."""
    return form_event(
        page,
        EXPORTED,
        user=user,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
        rows=rows,
        complete=complete,
        format=format,
        via=via,
    )
