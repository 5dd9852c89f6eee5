"""Where a form's applications go and how long they are kept."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from legal_forum import audit
from legal_forum.models import ApplicationFormPage, ApplicationRouting
from legal_forum.views.access import ReviewerOnlyMixin


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
