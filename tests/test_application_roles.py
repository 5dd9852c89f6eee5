"""
Who may decide where applications go, and who may destroy them: the four roles
(anonymous, Editor, Coordinator, superuser) against every path that could reach
the routing settings or delete applications.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from legal_forum import audit
from legal_forum.models import (
    ApplicationFormPage,
    ApplicationRouting,
    ApplicationSubmission,
    LegalForumPage,
)
from tests.auth import sign_in
from tests.factories import ApplicationFormPageFactory

pytestmark = pytest.mark.django_db

ATTACKER = "attacker@example.net"
HOSTILE_ROUTING = {
    "to_address": ATTACKER,
    "from_address": "director@example.org",
    "subject": "Urgent",
    "include_answers": "on",
    "send_confirmation": "on",
    "confirmation_subject": "Click here",
    "confirmation_text": "Reset your password at https://phish.example.net",
    "retention_days": "1",
}
# Field names the page model used to carry, in case a crafted POST still sends
# them that way.
OLD_FIELD_NAMES = {
    "include_answers_in_notification": "on",
    "send_confirmation": "on",
    "retention_days": "1",
    "to_address": ATTACKER,
}


@pytest.fixture
def routed_form(form_with_an_application):
    """The starter form with one application, routed to a coordinator."""
    ApplicationRouting.objects.filter(page=form_with_an_application).update(
        to_address="coordinator@example.org", retention_days=365
    )
    return form_with_an_application


def routing_of(page):
    return ApplicationRouting.objects.get(page=page)


def routing_values(page):
    routing = routing_of(page)
    return (
        routing.to_address,
        routing.from_address,
        routing.subject,
        routing.include_answers,
        routing.send_confirmation,
        routing.confirmation_text,
        routing.retention_days,
    )


def edit_form_data(client, page):
    """The page editor's own form, as the browser would send it back."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[form.add_prefix(name)] = "on"
        elif value is not None:
            formatted = field.widget.format_value(value)
            data[form.add_prefix(name)] = "" if formatted is None else formatted
    for formset in form.formsets.values():
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = formset.total_form_count()
        data[f"{prefix}-INITIAL_FORMS"] = formset.initial_form_count()
        data[f"{prefix}-MIN_NUM_FORMS"] = 0
        data[f"{prefix}-MAX_NUM_FORMS"] = 1000
        for child in formset.forms:
            for name in child.fields:
                value = child[name].value()
                if isinstance(value, bool):
                    if value:
                        data[child.add_prefix(name)] = "on"
                elif value is not None:
                    data[child.add_prefix(name)] = value
    return data


class TestRoutingSettings:
    def test_the_page_editor_shows_them_read_only(self, client, routed_form, editor):
        sign_in(client, editor)
        response = client.get(reverse("wagtailadmin_pages:edit", args=[routed_form.pk]))
        html = response.content.decode()
        assert "Coordinators decide who is emailed" in html
        for name in HOSTILE_ROUTING:
            assert f'name="{name}"' not in html
        assert "coordinator@example.org" not in html  # the addresses themselves
        assert reverse("legal_forum_admin:routing", args=[routed_form.pk]) not in html

    @pytest.mark.parametrize("action", ["action-publish", "action-draft"])
    def test_a_crafted_editor_post_changes_nothing(
        self, client, routed_form, editor, action
    ):
        before = routing_values(routed_form)
        sign_in(client, editor)
        data = edit_form_data(client, routed_form)
        data |= HOSTILE_ROUTING | OLD_FIELD_NAMES | {action: action}
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[routed_form.pk]), data
        )
        assert response.status_code == 302
        assert routing_values(routed_form) == before

    def test_editors_cannot_open_or_post_the_routing_screen(
        self, client, routed_form, editor
    ):
        before = routing_values(routed_form)
        sign_in(client, editor)
        url = reverse("legal_forum_admin:routing", args=[routed_form.pk])
        assert client.get(url).status_code in (302, 403)
        response = client.post(url, HOSTILE_ROUTING)
        assert response.status_code in (302, 403)
        assert routing_values(routed_form) == before

    def test_anonymous_visitors_are_sent_to_sign_in(self, client, routed_form):
        url = reverse("legal_forum_admin:routing", args=[routed_form.pk])
        response = client.post(url, HOSTILE_ROUTING)
        assert response.status_code == 302
        assert reverse("wagtailadmin_login") in response["Location"]
        assert routing_of(routed_form).to_address == "coordinator@example.org"

    @pytest.mark.parametrize("role", ["coordinator", "superuser"])
    def test_reviewers_change_them_and_the_change_is_logged(
        self, client, routed_form, role, request
    ):
        user = request.getfixturevalue(role)
        sign_in(client, user)
        url = reverse("legal_forum_admin:routing", args=[routed_form.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert "no-store" in page["Cache-Control"]
        data = {
            "to_address": "intake@example.org, lead@example.org",
            "from_address": "",
            "subject": "",
            "send_confirmation": "on",
            "confirmation_subject": "We received your application",
            "confirmation_text": "Thank you.",
            "retention_days": "180",
        }
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Someone else may read" in text  # the confirmation warning
        routing = routing_of(routed_form)
        assert routing.recipients == ["intake@example.org", "lead@example.org"]
        assert routing.retention_days == 180
        assert routing.send_confirmation
        assert routing.updated_by == user
        entry = ModelLogEntry.objects.get(action=audit.ROUTING_CHANGED)
        assert entry.user == user
        changed = entry.data["changed"]
        assert "Send notifications to" in changed
        assert "Keep applications for (days)" in changed
        assert "Private Person" not in str(entry.data)

    def test_bad_addresses_and_periods_are_explained(
        self, client, routed_form, coordinator
    ):
        sign_in(client, coordinator)
        url = reverse("legal_forum_admin:routing", args=[routed_form.pk])
        response = client.post(
            url,
            {
                "to_address": "intake@example.org; lead",
                "confirmation_subject": "x",
                "retention_days": "0",
            },
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "Separate several addresses with commas" in errors["to_address"][0]
        assert "retention_days" in errors
        assert routing_of(routed_form).to_address == "coordinator@example.org"

    def test_publishing_an_older_revision_leaves_them_alone(
        self, routed_form, lead_editor
    ):
        old_revision = routed_form.save_revision(user=lead_editor)
        ApplicationRouting.objects.filter(page=routed_form).update(
            to_address="new-intake@example.org", retention_days=90
        )
        old_revision.publish(user=lead_editor)
        assert routing_of(routed_form).to_address == "new-intake@example.org"
        assert routing_of(routed_form).retention_days == 90

    def test_scheduled_publishing_leaves_them_alone(self, routed_form, editor):
        revision = routed_form.save_revision(
            user=editor, approved_go_live_at=timezone.now() - datetime.timedelta(1)
        )
        ApplicationRouting.objects.filter(page=routed_form).update(retention_days=30)
        assert revision.approved_go_live_at
        call_command("publish_scheduled", stdout=StringIO())
        assert routing_of(routed_form).retention_days == 30

    def test_a_copy_starts_with_the_safe_defaults(self, client, routed_form, editor):
        sign_in(client, editor)
        response = client.post(
            reverse("wagtailadmin_pages:copy", args=[routed_form.pk]),
            {
                "new_title": "Copy",
                "new_slug": "copy-of-form",
                "new_parent_page": routed_form.get_parent().pk,
                "publish_copies": "on",
            },
        )
        assert response.status_code == 302
        copy = ApplicationFormPage.objects.get(
            slug="copy-of-form", locale__language_code="en"
        )
        routing = routing_of(copy)
        assert routing.recipients == []
        assert not routing.include_answers
        assert not routing.send_confirmation
        assert routing.retention_days == 365
        assert routing_of(routed_form).to_address == "coordinator@example.org"
        assert not copy.get_submissions().exists()

    def test_the_api_never_shows_them(self, client, routed_form):
        data = client.get(f"/api/v2/pages/{routed_form.pk}/?fields=*").json()
        text = str(data)
        assert "coordinator@example.org" not in text
        assert "retention" not in text


class TestDeletingFormPages:
    """As Lead Editors, who may delete live pages (Editors may not publish)."""

    def test_lead_editors_cannot_delete_a_form_page_that_holds_applications(
        self, client, routed_form, lead_editor
    ):
        sign_in(client, lead_editor)
        url = reverse("wagtailadmin_pages:delete", args=[routed_form.pk])
        response = client.get(url, follow=True)
        text = response.content.decode()
        assert "it holds one application" in text
        assert "Only a coordinator" in text
        client.post(url)
        assert Page.objects.filter(pk=routed_form.pk).exists()
        assert ApplicationSubmission.objects.count() == 1

    def test_nor_the_legal_forum_page_above_it(self, client, routed_form, lead_editor):
        # Even for an editor allowed to delete whole branches.
        GroupPagePermission.objects.create(
            group=Group.objects.get(name="Lead Editors"),
            page=Page.objects.get(slug="home", locale__language_code="en"),
            permission=Permission.objects.get(codename="bulk_delete_page"),
        )
        sign_in(client, lead_editor)
        forum = LegalForumPage.objects.get(locale__language_code="en")
        response = client.post(
            reverse("wagtailadmin_pages:delete", args=[forum.pk]), follow=True
        )
        assert "it holds one application" in response.content.decode()
        assert Page.objects.filter(pk=forum.pk).exists()
        assert ApplicationSubmission.objects.count() == 1

    def test_nor_by_bulk_deletion(self, client, routed_form, lead_editor):
        sign_in(client, lead_editor)
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={routed_form.pk}"
        )
        response = client.post(url, follow=True)
        assert "it holds one application" in response.content.decode()
        assert Page.objects.filter(pk=routed_form.pk).exists()
        assert ApplicationSubmission.objects.count() == 1

    def test_lead_editors_may_delete_a_form_with_no_applications(
        self, client, routed_form, lead_editor
    ):
        empty = ApplicationFormPageFactory(parent=routed_form.get_parent())
        sign_in(client, lead_editor)
        response = client.post(reverse("wagtailadmin_pages:delete", args=[empty.pk]))
        assert response.status_code == 302
        assert not Page.objects.filter(pk=empty.pk).exists()

    def test_superusers_are_told_how_many_go_with_it(
        self, client, routed_form, superuser
    ):
        sign_in(client, superuser)
        url = reverse("wagtailadmin_pages:delete", args=[routed_form.pk])
        confirm = client.get(url)
        assert "also deletes its application for good" in confirm.content.decode()
        client.post(url)
        assert not Page.objects.filter(pk=routed_form.pk).exists()
        assert not ApplicationSubmission.objects.exists()

    def test_moving_a_form_page_keeps_its_applications(self, routed_form):
        home = Page.objects.get(slug="home", locale__language_code="en")
        routed_form.move(home, pos="last-child")
        assert ApplicationSubmission.objects.get().page_id == routed_form.pk


class TestRetention:
    def test_an_editor_cannot_shorten_retention_to_purge_applications(
        self, client, routed_form, editor
    ):
        ApplicationSubmission.objects.update(
            submit_time=timezone.now() - datetime.timedelta(days=30)
        )
        sign_in(client, editor)
        data = edit_form_data(client, routed_form)
        data |= {"retention_days": "1", "action-publish": "action-publish"}
        client.post(reverse("wagtailadmin_pages:edit", args=[routed_form.pk]), data)
        client.post(
            reverse("legal_forum_admin:routing", args=[routed_form.pk]),
            HOSTILE_ROUTING,
        )
        call_command("purge_submissions", stdout=StringIO())
        assert ApplicationSubmission.objects.count() == 1


class TestApplicationPathsForAnonymousVisitors:
    def test_every_path_sends_them_to_sign_in(self, client, routed_form):
        submission = ApplicationSubmission.objects.get()
        paths = [
            reverse("legal_forum_admin:index"),
            reverse("wagtailforms:list_submissions", args=[routed_form.pk]),
            reverse("wagtailforms:list_submissions", args=[routed_form.pk])
            + "?export=csv",
            reverse("wagtailforms:delete_submissions", args=[routed_form.pk])
            + f"?selected-submissions={submission.pk}",
            reverse(
                "legal_forum_admin:submission", args=[routed_form.pk, submission.pk]
            ),
            reverse("legal_forum_admin:routing", args=[routed_form.pk]),
        ]
        for path in paths:
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code == 302, path
                assert reverse("wagtailadmin_login") in response["Location"], path
        assert ApplicationSubmission.objects.count() == 1
