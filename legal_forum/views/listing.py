"""One form's list of applications, and its downloads."""

import datetime

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.widgets.button import Button
from wagtail.contrib.forms.views import SubmissionsListView

from legal_forum import audit
from legal_forum.export import filter_by_days
from legal_forum.models import SubmissionExport
from legal_forum.views.access import ReviewerOnlyMixin
from legal_forum.views.downloads import csv_response


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
