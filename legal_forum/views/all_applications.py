"""
Every form's applications in one list: the one-form list (``listing``) with a
Form filter, read across forms; nothing in it is marked new, and downloads go
through the chosen form's own list.
"""

from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.functional import cached_property

from legal_forum import audit
from legal_forum.models import ApplicationFormPage, ApplicationSubmission
from legal_forum.views import downloads
from legal_forum.views.list_filters import AllApplicationsFilterSet
from legal_forum.views.listing import ApplicationSubmissionsListView


class AllApplicationsListView(ApplicationSubmissionsListView):
    """
    Every form's applications in one list, to follow one applicant or one week
    across forms. Deleting and downloading happen in a form's own list, which
    the Download menu leads to once one form is chosen.
    """

    template_name = "legal_forum/admin/list_applications.html"
    filterset_class = AllApplicationsFilterSet
    index_url_name = "legal_forum_admin:all"
    index_results_url_name = "legal_forum_admin:all_results"

    def get(self, request, *args, **kwargs):
        if self.export_format is not None:
            return HttpResponseBadRequest(
                "Download from one form's list: choose the form in the filters, "
                "then use the Download menu."
            )
        return super().get(request, *args, **kwargs)

    def record_looking(self):
        # Only the forms whose applications were shown; "seen" stays per form.
        shown = {application.page_id for application in self.object_list_shown}
        for page in ApplicationFormPage.objects.filter(pk__in=shown).order_by("pk"):
            audit.form_event(page, audit.LISTED, user=self.request.user)

    def last_seen(self):
        return None

    def is_new(self, application):
        return False

    def get_base_queryset(self):
        return ApplicationSubmission.objects.filter(
            page__in=ApplicationFormPage.objects.values("pk")
        ).select_related("status", "assignee", "page")

    def get_index_url(self):
        return reverse(self.index_url_name)

    def get_index_results_url(self):
        return reverse(self.index_results_url_name)

    def get_page_subtitle(self):
        return "All forms"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.forms_index_url_name), "label": "Applications"},
            {"url": "", "label": "All forms"},
        ]

    list_questions = []

    @cached_property
    def chosen_form(self):
        if self.filters is None or not self.filters.is_valid():
            return None
        return self.filters.form.cleaned_data.get("form")

    def get_header_buttons(self):
        if self.chosen_form is None:
            return []
        query = self.filter_query()
        query.pop("form", None)
        form_list = reverse("wagtailforms:list_submissions", args=[self.chosen_form.pk])
        return [downloads.download_menu(form_list, query)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        self.object_list_shown = [row["application"] for row in context["rows"]]
        context.update(form_page=None, all_forms=True)
        return context
