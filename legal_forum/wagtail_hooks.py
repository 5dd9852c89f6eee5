"""
Admin wiring: the Applications menu, one permission rule on every path, page
deletions that would take applications with them, and the audit log's actions.
Also where sent application forms are handed to the pipeline (``legal_forum.serve``).
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Page

from legal_forum import audit
from legal_forum.dashboard import add_applications_panel
from legal_forum.models import ApplicationSubmission
from legal_forum.permissions import can_review_submissions
from legal_forum.serve import serve_sent_forms
from legal_forum.views.all_applications import AllApplicationsListView
from legal_forum.views.application import SubmissionDetailView
from legal_forum.views.application_actions import (
    AddNoteView,
    DeleteApplicationView,
    TrackApplicationView,
)
from legal_forum.views.delete import DeleteApplicationsView
from legal_forum.views.forms_index import ApplicationsIndexView
from legal_forum.views.routing import RoutingEditView
from legal_forum.views.statuses import statuses_viewset

admin_urls = (
    [
        path("", ApplicationsIndexView.as_view(), name="index"),
        path("all/", AllApplicationsListView.as_view(), name="all"),
        path(
            "all/results/",
            AllApplicationsListView.as_view(results_only=True),
            name="all_results",
        ),
        path(
            "<int:page_id>/<int:submission_id>/",
            SubmissionDetailView.as_view(),
            name="submission",
        ),
        path(
            "<int:page_id>/<int:submission_id>/track/",
            TrackApplicationView.as_view(),
            name="track_application",
        ),
        path(
            "<int:page_id>/<int:submission_id>/notes/",
            AddNoteView.as_view(),
            name="note_application",
        ),
        path(
            "<int:page_id>/<int:submission_id>/delete/",
            DeleteApplicationView.as_view(),
            name="delete_application",
        ),
        path(
            "<int:page_id>/delivery/",
            RoutingEditView.as_view(),
            name="routing",
        ),
    ],
    "legal_forum_admin",
)


# order=1: inside Wagtail's own wrappers (view restrictions), just as serve() is.
hooks.register("on_serve_page", serve_sent_forms, order=1)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path("applications/", include(admin_urls)),
        # Takes the place of Wagtail's own delete-submissions view (same address,
        # found first): coordinators' words, and each deletion logged.
        path(
            "forms/submissions/<int:page_id>/delete/",
            DeleteApplicationsView.as_view(),
            name="legal_forum_delete_applications",
        ),
    ]


class ApplicationsMenuItem(MenuItem):
    def is_shown(self, request):
        return can_review_submissions(request.user)


@hooks.register("register_admin_viewset")
def register_statuses_viewset():
    return statuses_viewset


hooks.register("construct_homepage_panels", add_applications_panel)


@hooks.register("register_admin_menu_item")
def register_applications_menu_item():
    # A menu of two: the forms' applications, and the statuses they can be at.
    # Shown only when one of its items is, so only to reviewers.
    return SubmenuMenuItem(
        "Applications",
        Menu(
            items=[
                ApplicationsMenuItem(
                    "Applications",
                    reverse("legal_forum_admin:index"),
                    name="applications-by-form",
                    icon_name="form",
                    order=100,
                ),
                statuses_viewset.get_menu_item(order=200),
            ]
        ),
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
    return Page.objects.type(FormMixin)


@hooks.register("insert_global_admin_css")
def applications_stylesheets():
    # The dashboard panel's chart; and printing an application leaves out the
    # admin's sidebar, buttons and forms.
    return format_html(
        '<link rel="stylesheet" href="{}">'
        '<link rel="stylesheet" media="print" href="{}">',
        static("css/admin-applications.css"),
        static("css/admin-print.css"),
    )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    audit.register_actions(actions)


def applications_under(pages):
    """How many applications the pages and everything below them hold."""
    paths = [page.path for page in pages]
    if not paths:
        return 0
    condition = None
    for page_path in paths:
        clause = Q(page__path__startswith=page_path)
        condition = clause if condition is None else condition | clause
    return ApplicationSubmission.objects.filter(condition).count()


def refusal(count):
    return ngettext(
        "This page cannot be deleted: it holds one application, and deleting the "
        "page would delete it. Only a coordinator (someone allowed to delete "
        "applications) can delete it, after downloading it if it is still needed.",
        "This page cannot be deleted: it holds %(count)d applications, and deleting "
        "the page would delete them. Only a coordinator (someone allowed to delete "
        "applications) can delete it, after downloading them if they are still "
        "needed.",
        count,
    ) % {"count": count}


@hooks.register("before_delete_page")
def keep_applications_from_page_deletion(request, page):
    """
    Deleting a form page deletes its applications, so only those who may delete
    applications may do it; they are told how many go with it.
    """
    count = applications_under([page])
    if not count:
        return None
    if not can_review_submissions(request.user):
        messages.error(request, refusal(count))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if request.method == "GET":
        messages.warning(
            request,
            ngettext(
                "Deleting this page also deletes its application for good.",
                "Deleting this page also deletes its %(count)d applications for good.",
                count,
            )
            % {"count": count},
        )
    return None


@hooks.register("before_bulk_action")
def keep_applications_from_bulk_deletion(request, action_type, objects, action):
    if action_type != "delete" or not objects or not isinstance(objects[0], Page):
        return None
    count = applications_under(objects)
    if count and not can_review_submissions(request.user):
        messages.error(request, refusal(count))
        next_url = get_valid_next_url_from_request(request)
        return redirect(
            next_url
            or reverse("wagtailadmin_explore", args=[objects[0].get_parent().pk])
        )
    return None
