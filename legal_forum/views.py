"""Admin screens for coordinators: every form, its applications, one application."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.contrib.forms.views import DeleteSubmissionsView, SubmissionsListView

from legal_forum import audit
from legal_forum.export import csv_chunks, filter_by_days, removed_question_label
from legal_forum.models import (
    ApplicationFormPage,
    ApplicationRouting,
    ApplicationSubmission,
    SubmissionExport,
)
from legal_forum.permissions import can_review_submissions
from site_core.text import printable


class ReviewerOnlyMixin:
    """Only users with the review permission; and nothing of it kept in caches."""

    def dispatch(self, request, *args, **kwargs):
        if not can_review_submissions(request.user):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response


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


class ApplicationsIndexView(ReviewerOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every application form, with what is new since this user's last export."""

    template_name = "legal_forum/admin/index.html"
    page_title = "Applications"
    header_icon = "form"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        last_export = SubmissionExport.objects.filter(
            user=self.request.user, page=OuterRef("pk")
        ).values("exported_at")[:1]
        forms = (
            ApplicationFormPage.objects.annotate(
                last_export=Subquery(last_export, output_field=DateTimeField())
            )
            .annotate(
                total=Count("applicationsubmission"),
                latest=Max("applicationsubmission__submit_time"),
                new=Count(
                    "applicationsubmission",
                    filter=Q(last_export__isnull=True)
                    | Q(applicationsubmission__submit_time__gt=F("last_export")),
                ),
            )
            .order_by("path")
        )
        context["forms"] = forms.select_related("routing")
        return context


class ApplicationSubmissionsListView(ReviewerOnlyMixin, SubmissionsListView):
    """
    Wagtail's submissions listing, with the export replaced: one streamed,
    formula-safe CSV writer, the same as ``manage.py export_submissions`` uses.
    """

    forms_index_url_name = "legal_forum_admin:index"
    results_template_name = "legal_forum/admin/list_submissions.html"

    def get(self, request, *args, **kwargs):
        if not self.is_export:
            response = super().get(request, *args, **kwargs)
            if response.status_code == 200:
                audit.form_event(self.form_page, audit.LISTED, user=request.user)
            return response
        if request.GET.get("export") != self.FORMAT_CSV:
            return HttpResponseBadRequest("Applications can only be exported as CSV.")
        try:
            since, until = self.date_range()
        except ValueError as error:
            # Exporting everything when the dates were mistyped would hand out
            # more personal data than was asked for.
            return HttpResponseBadRequest(str(error))
        submissions = filter_by_days(self.form_page.get_submissions(), since, until)
        SubmissionExport.objects.update_or_create(
            user=request.user,
            page=self.form_page,
            defaults={"exported_at": timezone.now()},
        )
        return csv_response(
            self.form_page,
            submissions,
            user=request.user,
            since=since,
            until=until,
            excel_bom=request.GET.get("bom") == "1",
        )

    def date_range(self):
        """
        The listing's date filter as local days (both included); ValueError with a
        message a person can act on if the dates are not valid.
        """
        filters = self.filterset_class(
            self.request.GET, queryset=self.form_page.get_submissions()
        )
        if not filters.is_valid():
            raise ValueError(
                "The date filter is not valid, so nothing was exported. Choose the "
                "dates again with the listing's Filter button (YYYY-MM-DD)."
            )
        selected = filters.form.cleaned_data.get("date")
        if not selected:
            return None, None

        def day(moment):
            if moment is None:
                return None
            if isinstance(moment, datetime.datetime):
                return timezone.localtime(moment).date()
            return moment

        since, until = day(selected.start), day(selected.stop)
        if since and until and since > until:
            raise ValueError(
                "The start date is after the end date, so nothing was exported."
            )
        return since, until

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-2] = {"url": reverse(self.forms_index_url_name), "label": "Applications"}
        return items

    show_export_buttons = False  # Wagtail's own pair offers XLSX; these replace it

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            Button("Download CSV", url=self.csv_export_url, icon_name="download")
        )
        buttons.append(
            Button(
                "Download CSV for Excel",
                url=self.csv_export_url + "&bom=1",
                icon_name="download",
            )
        )
        return buttons


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


class DeleteApplicationsView(ReviewerOnlyMixin, DeleteSubmissionsView):
    """Wagtail's delete-submissions screen, in coordinators' words, and logged."""

    template_name = "legal_forum/admin/confirm_delete.html"

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


class RoutingForm(forms.ModelForm):
    class Meta:
        model = ApplicationRouting
        fields = [
            "to_address",
            "from_address",
            "subject",
            "include_answers",
            "send_confirmation",
            "confirmation_subject",
            "confirmation_text",
            "retention_days",
        ]
        widgets = {"confirmation_text": forms.Textarea(attrs={"rows": 5})}


class RoutingEditView(ReviewerOnlyMixin, WagtailAdminTemplateMixin, FormView):
    """
    Where a form's applications go and how long they are kept. Only users who may
    read applications reach this screen; each change is logged with who made it.
    """

    template_name = "legal_forum/admin/routing.html"
    form_class = RoutingForm
    header_icon = "cog"

    @cached_property
    def page(self):
        return get_object_or_404(ApplicationFormPage, pk=self.kwargs["page_id"])

    def get_page_title(self):
        return "Delivery and retention"

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("legal_forum_admin:index"), "label": "Applications"},
            {"url": "", "label": f"{self.page.title}: delivery and retention"},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.page.get_routing()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page": self.page}

    def form_valid(self, form):
        routing = form.save(commit=False)
        if form.has_changed():
            routing.updated_by = self.request.user
            with transaction.atomic():
                routing.save()
                audit.form_event(
                    self.page,
                    audit.ROUTING_CHANGED,
                    user=self.request.user,
                    changed=[
                        str(form.fields[name].label) for name in form.changed_data
                    ],
                )
            messages.success(self.request, "Saved. The next application follows it.")
        else:
            messages.info(self.request, "Nothing was changed.")
        if routing.send_confirmation and "send_confirmation" in form.changed_data:
            messages.warning(
                self.request,
                "Applicants will now get a confirmation email. Someone else may read "
                "their inbox: keep the text general, and switch this off if an "
                "applicant could be put at risk by it.",
            )
        if routing.include_answers and "include_answers" in form.changed_data:
            messages.warning(
                self.request,
                "Notifications now carry the applicants' answers: anyone who can "
                "read those mailboxes can read them.",
            )
        return redirect("legal_forum_admin:index")
