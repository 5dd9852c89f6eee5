"""
Statuses: the steps coordinators record applications at, which they rename,
reorder and add to themselves. Only those who may read applications reach them.
"""

from django.contrib import messages
from django.contrib.auth.models import Permission
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from legal_forum.models import ApplicationStatus
from legal_forum.permissions import can_review_submissions, reviewers


class ReviewersOnlyPolicy(BasePermissionPolicy):
    """Everything about statuses takes the review permission, and nothing else."""

    def user_has_permission(self, user, action):
        return can_review_submissions(user)

    def user_has_any_permission(self, user, actions):
        return can_review_submissions(user)

    def users_with_any_permission(self, actions):
        return reviewers()


def in_use_message(status, count):
    return ngettext(
        "'%(status)s' cannot be deleted: one application has it. Give that "
        "application another status first (on its page), then delete this one.",
        "'%(status)s' cannot be deleted: %(count)d applications have it. Give them "
        "another status first (on their pages), then delete this one.",
        count,
    ) % {"status": status.name, "count": count}


class DeleteStatusView(DeleteView):
    """Refuses, saying why, while any application has the status."""

    template_name = "legal_forum/admin/confirm_delete_status.html"

    @cached_property
    def applications_with_it(self):
        return self.object.applications.count()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.applications_with_it:
            context["refusal"] = in_use_message(self.object, self.applications_with_it)
        return context

    def form_valid(self, form):
        if self.applications_with_it:
            messages.error(
                self.request, in_use_message(self.object, self.applications_with_it)
            )
            return redirect(self.get_delete_url())
        try:
            return super().form_valid(form)
        except ProtectedError:
            # An application was given this status while the page was open.
            count = self.object.applications.count()
            messages.error(self.request, in_use_message(self.object, count))
            return redirect(self.get_delete_url())


class ApplicationStatusViewSet(ModelViewSet):
    model = ApplicationStatus
    icon = "tasks"
    menu_label = "Statuses"
    name = "application_statuses"
    url_prefix = "applications/statuses"
    add_to_admin_menu = False  # an item of the Applications menu instead
    form_fields = ["name", "description", "sort_order"]
    list_display = ["name", "description", "sort_order"]
    delete_view_class = DeleteStatusView
    copy_view_enabled = False
    sort_order_field = "sort_order"  # dragged into order on the list

    def get_permissions_to_register(self):
        # The review permission governs statuses; Django's add/change/delete
        # permissions for them would be ticked in vain on the group screens.
        return Permission.objects.none()


register_permission_policy(ApplicationStatus, ReviewersOnlyPolicy(ApplicationStatus))
statuses_viewset = ApplicationStatusViewSet()
