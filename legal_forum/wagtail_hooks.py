"""Admin wiring: the Applications menu and one permission rule on every path."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.utils import get_form_types
from wagtail.models import Page

from legal_forum import views
from legal_forum.permissions import can_review_submissions

admin_urls = (
    [
        path("", views.ApplicationsIndexView.as_view(), name="index"),
        path(
            "<int:page_id>/<int:submission_id>/",
            views.SubmissionDetailView.as_view(),
            name="submission",
        ),
    ],
    "legal_forum_admin",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("applications/", include(admin_urls))]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_submissions(request.user)


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    return ApplicationsMenuItem(
        "Applications",
        reverse("legal_forum_admin:index"),
        name="applications",
        icon_name="form",
        order=250,
    )


@hooks.register("construct_main_menu")
def hide_wagtail_forms_menu(request, menu_items):
    # Wagtail's own "Forms" list follows page-editing rights; "Applications"
    # replaces it with the review permission.
    menu_items[:] = [item for item in menu_items if item.name != "forms"]


@hooks.register("filter_form_submissions_for_user")
def only_reviewers_reach_submissions(user, editable_forms):
    """
    Wagtail's listing, delete view and menu ask this which forms' submissions a
    user may reach: all of them with the review permission, none without it.
    """
    if not can_review_submissions(user):
        return editable_forms.none()
    return Page.objects.filter(content_type__in=get_form_types())
