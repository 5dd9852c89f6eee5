"""
One form's list of applications, in coordinators' words: who applied, where each
application stands, who is handling it; filtered (``list_filters``), searched,
sorted and downloaded as shown.
"""

from collections import defaultdict
from urllib.parse import urlencode

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.views.generic.base import BaseListingView

from legal_forum import audit
from legal_forum.answers import answer_text
from legal_forum.models import (
    ApplicationsSeen,
    ApplicationSubmission,
    SubmissionExport,
)
from legal_forum.views import downloads
from legal_forum.views.access import ReviewerOnlyMixin
from legal_forum.views.list_filters import ApplicationFilterSet, unreadable_filters

# The list's own parameters, which a link back to it keeps but a download drops.
NOT_FILTERS = ("p", "export", "_w_filter_fragment")
# How many of an applicant's other applications are named beside their email.
OTHERS_SHOWN = 3


def others_by_email(rows):
    """
    For each email address among ``rows``, every application sent from it (to any
    form): one query for the whole page of the list.
    """
    emails = {row.applicant_email for row in rows if row.applicant_email}
    found = defaultdict(list)
    if not emails:
        return found
    applications = (
        ApplicationSubmission.objects.filter(applicant_email__in=emails)
        .select_related("page")
        .only("pk", "applicant_email", "submit_time", "page__title", "page_id")
        .order_by("-submit_time", "-pk")
    )
    for application in applications:
        found[application.applicant_email].append(application)
    return found


class ApplicationSubmissionsListView(ReviewerOnlyMixin, BaseListingView):
    """
    A form's applications, newest first. Opening it counts as looking at them
    (``ApplicationsSeen``, for the dashboard's "new since you last looked").
    """

    template_name = "legal_forum/admin/list_applications.html"
    results_template_name = "legal_forum/admin/list_submissions.html"
    page_title = "Applications"
    header_icon = "form"
    paginate_by = 50
    filterset_class = ApplicationFilterSet
    is_searchable = True
    search_fields = ["applicant_name", "applicant_email"]
    default_ordering = "-submit_time"
    orderings = {
        "submit_time": "Submitted",
        "applicant_name": "Name",
        "applicant_email": "Email",
    }
    index_url_name = "wagtailforms:list_submissions"
    index_results_url_name = "wagtailforms:list_submissions_results"
    forms_index_url_name = "legal_forum_admin:index"
    form_page = None

    def dispatch(self, request, *args, form_page=None, **kwargs):
        # Wagtail's own address for the list finds the page and hands it over.
        self.form_page = form_page
        return super().dispatch(request, *args, **kwargs)

    def get_search_form(self):
        data = self.request.GET if self.search_kwarg in self.request.GET else None
        return SearchForm(data, placeholder="Search by name or email…")

    @cached_property
    def export_format(self):
        return self.request.GET.get("export")

    def get(self, request, *args, **kwargs):
        if self.export_format is not None:
            return self.download()
        # Read before it is moved on: the rows newer than this are marked new.
        self.previously_seen = self.last_seen()
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200:
            self.record_looking()
        return response

    def last_seen(self):
        return (
            ApplicationsSeen.objects.filter(user=self.request.user, page=self.form_page)
            .values_list("seen_at", flat=True)
            .first()
        )

    def record_looking(self):
        """Log the listing, and remember when this user last looked at the form."""
        audit.form_event(self.form_page, audit.LISTED, user=self.request.user)
        ApplicationsSeen.objects.update_or_create(
            user=self.request.user,
            page=self.form_page,
            defaults={"seen_at": timezone.now()},
        )

    def is_new(self, application):
        """Whether it arrived since this user last opened the list."""
        return (
            self.previously_seen is None
            or application.submit_time > self.previously_seen
        )

    # The list ------------------------------------------------------------------

    def get_base_queryset(self):
        return self.form_page.get_submissions().select_related("status", "assignee")

    def get_valid_orderings(self):
        return [*self.orderings, *(f"-{name}" for name in self.orderings)]

    def order_queryset(self, queryset):
        ordering = self.ordering or self.default_ordering
        # The id settles ties, so pages of the list never overlap.
        tie = "-pk" if ordering.startswith("-") else "pk"
        return queryset.order_by(ordering, tie)

    @cached_property
    def filter_errors(self):
        """What is wrong with the filters (an unreadable date, say); else empty."""
        return unreadable_filters(self.filters)

    def filter_queryset(self, queryset):
        if self.filter_errors:
            # A list filtered wrongly reads as the answer; show none until fixed.
            return queryset.none()
        return super().filter_queryset(queryset)

    def get_index_url(self):
        return reverse(self.index_url_name, args=[self.form_page.pk])

    def get_index_results_url(self):
        return reverse(self.index_results_url_name, args=[self.form_page.pk])

    def get_page_subtitle(self):
        return self.form_page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.forms_index_url_name), "label": "Applications"},
            {"url": "", "label": self.form_page.title},
        ]

    @cached_property
    def list_questions(self):
        return [
            field for field in self.form_page.get_form_fields() if field.show_in_list
        ]

    def filter_query(self):
        """The list's filters, search and order as a query string."""
        query = self.request.GET.copy()
        for name in NOT_FILTERS:
            query.pop(name, None)
        return query

    def get_header_buttons(self):
        return [downloads.download_menu(self.index_url, self.filter_query())]

    def rows(self, applications):
        """Each application on this page of the list, with what its row shows."""
        others = others_by_email(applications)
        back = urlencode({"from": self.filter_query().urlencode()})
        rows = []
        for application in applications:
            answers = application.get_data()
            same_email = [
                other
                for other in others.get(application.applicant_email, [])
                if other.pk != application.pk
            ]
            rows.append(
                {
                    "application": application,
                    "url": reverse(
                        "legal_forum_admin:submission",
                        args=[application.page_id, application.pk],
                    )
                    + f"?{back}",
                    "new": self.is_new(application),
                    "answers": [
                        answer_text(answers.get(field.clean_name))
                        for field in self.list_questions
                    ],
                    "others": [
                        {
                            "title": other.page.title,
                            "url": reverse(
                                "legal_forum_admin:submission",
                                args=[other.page_id, other.pk],
                            ),
                        }
                        for other in same_email[:OTHERS_SHOWN]
                    ],
                    "more_others": max(0, len(same_email) - OTHERS_SHOWN),
                    "all_from_email": reverse("legal_forum_admin:all")
                    + "?"
                    + urlencode({"email": application.applicant_email}),
                }
            )
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form_page=self.form_page,
            rows=self.rows(list(context["object_list"])),
            questions=self.list_questions,
            unreadable=self.filter_errors,
            ordering=self.ordering,
            sortable_headings=self.sortable_headings(),
            next_url=f"{self.index_url}?{self.request.GET.urlencode()}",
        )
        return context

    def sortable_headings(self):
        """
        The headings that sort the list: each links to the list sorted by it, the
        other way round if it already is (dates newest first, names from A).
        """
        headings = []
        query = self.filter_query()
        for name, label in self.orderings.items():
            first = f"-{name}" if name == "submit_time" else name
            other = name if first.startswith("-") else f"-{name}"
            query["ordering"] = other if self.ordering == first else first
            sorted_ = {name: "ascending", f"-{name}": "descending"}.get(self.ordering)
            headings.append(
                {
                    "label": label,
                    "url": f"{self.index_url}?{query.urlencode()}",
                    "sorted": sorted_,
                }
            )
        return headings

    # Downloads -----------------------------------------------------------------

    def download(self):
        formats = dict(downloads.DOWNLOADS)
        if self.export_format not in formats:
            return HttpResponseBadRequest(
                "Applications can be downloaded as an Excel workbook (export=xlsx) "
                "or as CSV (export=csv)."
            )
        if self.filter_errors:
            # Downloading everything when the dates were mistyped would hand out
            # more personal data than was asked for.
            return HttpResponseBadRequest(
                "Nothing was downloaded: " + " ".join(self.filter_errors)
            )
        filters = self.filters.form.cleaned_data if self.filters else {}
        submissions = self.search_queryset(
            self.filter_queryset(self.form_page.get_submissions())
        ).order_by("submit_time", "pk")
        SubmissionExport.objects.update_or_create(
            user=self.request.user,
            page=self.form_page,
            defaults={"exported_at": timezone.now()},
        )
        return downloads.download_response(
            self.form_page,
            submissions,
            user=self.request.user,
            fmt=self.export_format,
            since=filters.get("date_from"),
            until=filters.get("date_to"),
        )
