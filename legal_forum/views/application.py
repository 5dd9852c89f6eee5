"""One application's own page."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from legal_forum import audit
from legal_forum.export import removed_question_label
from legal_forum.models import ApplicationFormPage, ApplicationSubmission
from legal_forum.views.access import ReviewerOnlyMixin
from site_core.text import printable


class SubmissionDetailView(ReviewerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """One application's answers, labelled, with what became of its emails."""

    template_name = "legal_forum/admin/submission.html"
    header_icon = "form"

    def get_page_title(self):
        return f"Application {self.submission.pk}"

    def get_page_subtitle(self):
        return self.page.title

    @cached_property
    def page(self):
        return get_object_or_404(ApplicationFormPage, pk=self.kwargs["page_id"])

    @cached_property
    def submission(self):
        # With its page: the audit entry names the form.
        return get_object_or_404(
            ApplicationSubmission.objects.select_related("page"),
            pk=self.kwargs["submission_id"],
            page=self.page,
        )

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("legal_forum_admin:index"), "label": "Applications"},
            {
                "url": reverse("wagtailforms:list_submissions", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Rows stored before input was checked may hold text UTF-8 cannot encode.
        answers = printable(self.submission.form_data)
        fields = list(self.page.get_form_fields())
        known = {field.clean_name for field in fields}
        rows = [(field.label, answers.get(field.clean_name)) for field in fields]
        rows += [
            (removed_question_label(key), value)
            for key, value in answers.items()
            if key not in known
        ]
        audit.application_event(self.submission, audit.VIEWED, user=self.request.user)
        context.update(
            page=self.page,
            submission=self.submission,
            rows=rows,
            emails=self.submission.emails.all(),
        )
        return context
