"""
One application's own page: its answers in plain words, its status and who is
handling it, coordinators' notes, its history, the same person's other
applications, and the way back to the list, to its neighbours, to print or delete.
What is done from the page (tracking, notes, deleting) is in
``application_actions``.
"""

import copy
import re
from urllib.parse import parse_qsl, urlencode

from django.db.models import Q
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_registry

from legal_forum import audit
from legal_forum.answers import answer_text
from legal_forum.export import removed_question_label
from legal_forum.models import ApplicationFormPage, ApplicationSubmission
from legal_forum.permissions import person
from legal_forum.views.access import ReviewerOnlyMixin
from legal_forum.views.application_forms import NoteForm, TrackingForm
from legal_forum.views.listing import ApplicationSubmissionsListView
from site_core.text import printable

# The list's own query string comes back in "from"; only plain parameter names
# are kept, and it is only ever appended to the list's address here.
LIST_PARAMETER = re.compile(r"[a-z][a-z0-9_-]{0,39}")
# Parameters that would make the list do something rather than show something.
LIST_ACTIONS = {"export", "bom"}
FROM_LENGTH = 2000


def list_query(raw):
    """
    The list's filters from a ``from`` value, re-encoded: a query string of plain
    parameters and nothing else (never an address), "" if there is none.
    """
    pairs = [
        (key, value)
        for key, value in parse_qsl((raw or "")[:FROM_LENGTH], keep_blank_values=True)
        if LIST_PARAMETER.fullmatch(key) and key not in LIST_ACTIONS
    ]
    return urlencode(pairs)


class ApplicationMixin(ReviewerOnlyMixin):
    """
    The form and application named in the address, and the list they came from.
    With Wagtail's admin template mixin, it also gives the header's subtitle and
    the breadcrumbs every screen about one application starts with.
    """

    @cached_property
    def page(self):
        return get_object_or_404(ApplicationFormPage, pk=self.kwargs["page_id"])

    @cached_property
    def submission(self):
        return get_object_or_404(
            ApplicationSubmission.objects.select_related("page", "status", "assignee"),
            pk=self.kwargs["submission_id"],
            page=self.page,
        )

    @cached_property
    def from_query(self):
        return list_query(self.request.GET.get("from"))

    def with_from(self, url):
        if not self.from_query:
            return url
        return f"{url}?{urlencode({'from': self.from_query})}"

    def application_url(self, submission=None, name="submission"):
        submission = submission or self.submission
        return self.with_from(
            reverse(f"legal_forum_admin:{name}", args=[self.page.pk, submission.pk])
        )

    def list_url(self):
        url = reverse("wagtailforms:list_submissions", args=[self.page.pk])
        return f"{url}?{self.from_query}" if self.from_query else url

    def get_page_subtitle(self):
        return self.page.title

    def breadcrumbs_to(self, *items):
        """The admin's breadcrumbs down to the form's list, then ``items``."""
        return [
            *self.breadcrumbs_items,
            {"url": reverse("legal_forum_admin:index"), "label": "Applications"},
            {"url": self.list_url(), "label": self.page.title},
            *items,
        ]


class SubmissionDetailView(ApplicationMixin, WagtailAdminTemplateMixin, TemplateView):
    """One application: what was sent, and everything coordinators did with it."""

    template_name = "legal_forum/admin/submission.html"
    header_icon = "form"

    def get_page_title(self):
        return f"Application {self.submission.pk}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_to({"url": "", "label": self.get_page_title()})

    def rows(self):
        """(question, answer in plain words): the form's order, then removed ones."""
        answers = printable(self.submission.form_data)
        fields = list(self.page.get_form_fields())
        known = {field.clean_name for field in fields}
        rows = [
            (field.label, answer_text(answers.get(field.clean_name)))
            for field in fields
        ]
        rows += [
            (removed_question_label(key), answer_text(value))
            for key, value in answers.items()
            if key not in known
        ]
        return rows

    def neighbours(self):
        """
        The applications above and below this one in the list Back returns to:
        (previous, next), either None at an end. With the list's filters, search
        and order when they came along and this one is still among them; else
        the whole form's list, newest first.
        """
        if self.from_query:
            listed = self.listed_ids()
            if self.submission.pk in listed:
                return self.around(listed)
        return self.by_time()

    def listed_ids(self):
        """The ids in the list Back returns to, in its order, as the list reads it."""
        listing_request = copy.copy(self.request)
        listing_request.GET = QueryDict(self.from_query)
        listing = ApplicationSubmissionsListView()
        listing.setup(listing_request)
        listing.form_page = self.page
        return list(listing.get_queryset().values_list("pk", flat=True))

    def around(self, listed):
        at = listed.index(self.submission.pk)
        ids = [listed[at - 1] if at else None]
        ids.append(listed[at + 1] if at + 1 < len(listed) else None)
        found = ApplicationSubmission.objects.only("pk", "page_id").in_bulk(
            [pk for pk in ids if pk]
        )
        return tuple(found.get(pk) for pk in ids)

    def by_time(self):
        submission = self.submission
        others = ApplicationSubmission.objects.filter(page=self.page).only(
            "pk", "submit_time"
        )
        at, pk = submission.submit_time, submission.pk
        newer = (
            others.filter(Q(submit_time__gt=at) | Q(submit_time=at, pk__gt=pk))
            .order_by("submit_time", "pk")
            .first()
        )
        older = (
            others.filter(Q(submit_time__lt=at) | Q(submit_time=at, pk__lt=pk))
            .order_by("-submit_time", "-pk")
            .first()
        )
        return newer, older

    def history(self):
        """What was done with this application, newest first; views are summed up."""
        entries = log_registry.get_logs_for_instance(self.submission).select_related(
            "user"
        )
        changes = entries.exclude(action=audit.VIEWED).order_by("-timestamp", "-pk")
        views = entries.filter(action=audit.VIEWED)
        return list(changes), views.count(), views.order_by("-timestamp", "-pk").first()

    def same_person(self):
        """The applicant's other applications, on any form, newest first."""
        email = self.submission.applicant_email
        if not email:
            return []
        return list(
            ApplicationSubmission.objects.filter(applicant_email=email)
            .exclude(pk=self.submission.pk)
            .select_related("page", "status")
            .order_by("-submit_time", "-pk")
        )

    def get_context_data(self, tracking_form=None, note_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        # Whatever shows the answers is logged, once each time it is shown.
        audit.application_event(self.submission, audit.VIEWED, user=self.request.user)
        previous, following = self.neighbours()
        changes, views, last_view = self.history()
        context.update(
            page=self.page,
            submission=self.submission,
            rows=self.rows(),
            emails=self.submission.emails.all(),
            assignee_name=person(self.submission.assignee),
            list_url=self.list_url(),
            previous_url=previous and self.application_url(previous),
            next_url=following and self.application_url(following),
            delete_url=self.application_url(name="delete_application"),
            tracking_url=self.application_url(name="track_application"),
            note_url=self.application_url(name="note_application"),
            tracking_form=tracking_form or TrackingForm(submission=self.submission),
            note_form=note_form or NoteForm(),
            notes=self.submission.notes.select_related("author"),
            changes=changes,
            views=views,
            last_view=last_view,
            same_person=self.same_person(),
        )
        return context
