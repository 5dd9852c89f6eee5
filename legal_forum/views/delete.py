"""Deleting applications: in coordinators' words, and each one logged."""

from django.contrib import messages
from django.db import transaction
from django.utils.translation import ngettext
from wagtail.contrib.forms.views import DeleteSubmissionsView

from legal_forum import audit
from legal_forum.views.access import ReviewerOnlyMixin


class DeleteApplicationsView(ReviewerOnlyMixin, DeleteSubmissionsView):
    """Wagtail's delete-submissions screen, in coordinators' words, and logged."""

    template_name = "legal_forum/admin/confirm_delete.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        count = self.submissions.count()
        context["question"] = (
            ngettext(
                "Delete this application?",
                "Delete %(count)d applications?",
                count,
            )
            % {"count": count}
            if count
            else "Delete applications"
        )
        return context

    def handle_delete(self, submissions):
        with transaction.atomic():
            deleted = list(submissions.select_related("page"))
            for submission in deleted:
                audit.application_event(
                    submission, audit.DELETED, user=self.request.user
                )
            submissions.delete()
        messages.success(
            self.request,
            ngettext(
                "One application was deleted for good.",
                "%(count)d applications were deleted for good.",
                len(deleted),
            )
            % {"count": len(deleted)},
        )
