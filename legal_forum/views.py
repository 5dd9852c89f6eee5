"""Admin screens for coordinators: every form, its applications, one application."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.contrib.forms.views import SubmissionsListView

from legal_forum.export import csv_chunks, filter_by_days, removed_question_label
from legal_forum.models import (
    ApplicationFormPage,
    ApplicationSubmission,
    SubmissionExport,
)
from legal_forum.permissions import can_review_submissions


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


def csv_response(page, submissions, *, excel_bom=False):
    response = StreamingHttpResponse(
        (
            chunk.encode("utf-8")
            for chunk in csv_chunks(page, submissions, excel_bom=excel_bom)
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
        context["forms"] = forms
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
            return super().get(request, *args, **kwargs)
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
            self.form_page, submissions, excel_bom=request.GET.get("bom") == "1"
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
        return get_object_or_404(
            ApplicationSubmission, pk=self.kwargs["submission_id"], page=self.page
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
        answers = self.submission.form_data
        fields = list(self.page.get_form_fields())
        known = {field.clean_name for field in fields}
        rows = [(field.label, answers.get(field.clean_name)) for field in fields]
        rows += [
            (removed_question_label(key), value)
            for key, value in answers.items()
            if key not in known
        ]
        context.update(
            page=self.page,
            submission=self.submission,
            rows=rows,
            emails=self.submission.emails.all(),
        )
        return context
