"""The Applications screen: every application form and what is new in it."""

from django.db.models import Count, DateTimeField, F, Max, OuterRef, Q, Subquery
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from legal_forum.models import SubmissionExport, filing_forms
from legal_forum.views.access import ReviewerOnlyMixin


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
            filing_forms()
            .annotate(last_export=Subquery(last_export, output_field=DateTimeField()))
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
