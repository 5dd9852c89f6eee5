"""
What coordinators do from an application's page: change its status or who is
handling it, add a note, delete it. Every change is logged (``legal_forum.audit``)
with who and when; a note's text never goes in the log.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from legal_forum import audit
from legal_forum.models import ApplicationNote, ApplicationSubmission
from legal_forum.permissions import person
from legal_forum.views.application import ApplicationMixin, SubmissionDetailView
from legal_forum.views.application_forms import NoteForm, TrackingForm


class TrackApplicationView(SubmissionDetailView):
    """Saves a new status or assignee; each change is logged on its own."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = TrackingForm(request.POST, submission=self.submission)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(tracking_form=form))
        with transaction.atomic():
            submission = ApplicationSubmission.objects.select_for_update().get(
                pk=self.submission.pk
            )
            said = self.save_changes(submission, form.cleaned_data)
        if said:
            messages.success(request, f"Saved: {'; '.join(said)}.")
        else:
            messages.info(request, "Nothing was changed.")
        return redirect(self.application_url())

    def save_changes(self, submission, data):
        """Save what changed, log it; what to tell the person, one phrase each."""
        said, changed = [], []
        status, assignee = data["status"], data["assignee"]
        user = self.request.user
        if status is not None and status.pk != submission.status_id:
            old = submission.status
            submission.status = status
            changed.append("status")
            audit.application_event(
                submission,
                audit.STATUS_CHANGED,
                user=user,
                **{"from": old.name if old else None, "to": status.name},
            )
            said.append(f"the status is now {status.name}")
        new_id = assignee.pk if assignee else None
        if new_id != submission.assignee_id:
            submission.assignee = assignee
            changed.append("assignee")
            audit.application_event(
                submission, audit.ASSIGNED, user=user, to=person(assignee)
            )
            said.append(
                f"assigned to {person(assignee)}" if assignee else "assigned to nobody"
            )
        if changed:
            submission.save(update_fields=changed)
        return said


class AddNoteView(SubmissionDetailView):
    """Adds a dated note by the signed-in coordinator; the log says only that it was."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(note_form=form))
        with transaction.atomic():
            ApplicationNote.objects.create(
                application=self.submission,
                author=request.user,
                text=form.cleaned_data["text"],
            )
            audit.application_event(
                self.submission, audit.NOTE_ADDED, user=request.user
            )
        messages.success(request, "Note added.")
        return redirect(self.application_url())


class DeleteApplicationView(ApplicationMixin, WagtailAdminTemplateMixin, TemplateView):
    """Deleting this one application, after asking; logged like the list's deletions."""

    template_name = "legal_forum/admin/confirm_delete_application.html"
    header_icon = "bin"

    def get_page_title(self):
        return f"Delete application {self.submission.pk}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_to(
            {
                "url": self.application_url(),
                "label": f"Application {self.submission.pk}",
            },
            {"url": "", "label": "Delete"},
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "page": self.page,
            "submission": self.submission,
            "application_url": self.application_url(),
            "delete_url": self.application_url(name="delete_application"),
        }

    def post(self, request, *args, **kwargs):
        number = self.submission.pk
        with transaction.atomic():
            audit.application_event(self.submission, audit.DELETED, user=request.user)
            self.submission.delete()
        messages.success(request, f"Application {number} was deleted for good.")
        return redirect(self.list_url())
