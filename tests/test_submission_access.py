"""
Only holders of the review permission reach applications, on every path; editors
still edit the forms themselves.
"""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from legal_forum.models import ApplicationSubmission
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def submission_paths(page):
    submission = page.get_submissions().get()
    return {
        "index": reverse("legal_forum_admin:index"),
        "listing": reverse("wagtailforms:list_submissions", args=[page.pk]),
        "listing results": reverse(
            "wagtailforms:list_submissions_results", args=[page.pk]
        ),
        "export": reverse("wagtailforms:list_submissions", args=[page.pk])
        + "?export=csv",
        "delete": reverse("wagtailforms:delete_submissions", args=[page.pk])
        + f"?selected-submissions={submission.pk}",
        "detail": reverse(
            "legal_forum_admin:submission", args=[page.pk, submission.pk]
        ),
    }


def test_editor_without_the_permission_reaches_no_submission_path(
    client, form_with_an_application, editor
):
    sign_in(client, editor)
    for name, path in submission_paths(form_with_an_application).items():
        response = client.get(path)
        assert response.status_code in (302, 403), name
        assert b"Private Person" not in response.content, name
        if response.status_code == 302:  # Wagtail sends refusals to the dashboard
            assert response["Location"] == reverse("wagtailadmin_home"), name
    # Nor can they delete by posting.
    response = client.post(submission_paths(form_with_an_application)["delete"])
    assert response.status_code in (302, 403)
    assert ApplicationSubmission.objects.count() == 1


def test_editor_edits_the_form_but_sees_no_submissions_panel_or_menu(
    client, form_with_an_application, editor
):
    sign_in(client, editor)
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[form_with_an_application.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        reverse("wagtailforms:list_submissions", args=[form_with_an_application.pk])
        not in html
    )
    assert "Full name" in html  # the questions are there to edit
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("legal_forum_admin:index") not in dashboard
    assert reverse("wagtailforms:index") not in dashboard


def test_lead_editor_can_change_and_publish_the_questions(
    client, form_with_an_application, lead_editor
):
    """Editors change questions too, and submit them for a Lead Editor's review."""
    sign_in(client, lead_editor)
    questions = []
    for field in form_with_an_application.form_fields.all():
        question = {
            "id": field.pk,
            "label": field.label,
            "field_type": field.field_type,
            "choices": field.choices,
            "default_value": field.default_value,
            "help_text": field.help_text,
            "max_length": "",
            "autocomplete": field.autocomplete,
        }
        if field.required:
            question["required"] = "on"
        questions.append(question)
    questions[0]["label"] = "Your full name"
    data = nested_form_data(
        {
            "title": form_with_an_application.title,
            "slug": form_with_an_application.slug,
            "introduction": rich_text(form_with_an_application.introduction),
            "thank_you_text": rich_text(form_with_an_application.thank_you_text),
            "form_fields": inline_formset(questions, initial=len(questions)),
            "action-publish": "action-publish",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[form_with_an_application.pk]), data
    )
    assert response.status_code == 302, response.context["form"].errors
    form_with_an_application.refresh_from_db()
    assert form_with_an_application.live
    assert form_with_an_application.form_fields.first().label == "Your full name"


def test_coordinator_reads_exports_and_deletes(
    client, form_with_an_application, coordinator
):
    sign_in(client, coordinator)
    paths = submission_paths(form_with_an_application)
    for name in ("index", "listing", "detail"):
        response = client.get(paths[name])
        assert response.status_code == 200, name
        assert "no-store" in response["Cache-Control"], name
    assert b"Private Person" in client.get(paths["detail"]).content
    listing = client.get(paths["listing"]).content.decode()
    # The link carries the list's filters, for the application's Back link.
    assert f'href="{paths["detail"]}?from=' in listing
    export = client.get(paths["export"])
    assert export.status_code == 200
    assert "no-store" in export["Cache-Control"]
    assert b"Private Person" in b"".join(export.streaming_content)
    confirm = client.get(paths["delete"])
    assert confirm.status_code == 200
    assert "no-store" in confirm["Cache-Control"]
    response = client.post(paths["delete"])
    assert response.status_code == 302
    assert not ApplicationSubmission.objects.exists()


def test_coordinator_menu_lists_applications_not_wagtail_forms(
    client, form_with_an_application, coordinator
):
    sign_in(client, coordinator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("legal_forum_admin:index") in dashboard
    # Wagtail's own Forms list is linked nowhere (the dashboard's panel links to
    # each form's list of applications, which lives under the same prefix).
    forms_index = reverse("wagtailforms:index")
    assert f'"{forms_index}"' not in dashboard
    assert f'"{forms_index}?' not in dashboard


def test_index_counts_new_applications_since_each_users_last_export(
    client, form_with_an_application, coordinator, staff
):
    other = staff("Coordinators", "other-coordinator")
    sign_in(client, coordinator)
    index = reverse("legal_forum_admin:index")

    def new_counts():
        forms = client.get(index).context["forms"]
        return {page.slug: (page.new, page.total) for page in forms}

    assert new_counts()["legal-forum-application"] == (1, 1)
    client.get(submission_paths(form_with_an_application)["export"])
    assert new_counts()["legal-forum-application"] == (0, 1)
    ApplicationSubmission.objects.create(page=form_with_an_application, form_data={})
    assert new_counts()["legal-forum-application"] == (1, 2)
    assert new_counts()["volunteer-pro-bono-attorney-application"] == (0, 0)

    sign_in(client, other)
    assert new_counts()["legal-forum-application"] == (2, 2)


def test_superuser_has_every_path(client, form_with_an_application):
    admin = get_user_model().objects.create_superuser("root", password="x" * 16)
    sign_in(client, admin)
    for name, path in submission_paths(form_with_an_application).items():
        assert client.get(path).status_code == 200, name


def test_coordinator_cannot_edit_pages(client, form_with_an_application, coordinator):
    sign_in(client, coordinator)
    response = client.get(
        reverse("wagtailadmin_pages:edit", args=[form_with_an_application.pk])
    )
    assert response.status_code in (302, 403)


def test_a_stored_row_that_is_not_valid_text_still_shows(
    client, form_with_an_application, coordinator
):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store a lone surrogate, so no such row exists")
    bad = ApplicationSubmission.objects.create(
        page=form_with_an_application,
        form_data={"full_name": "Bad \ud800 row", "extra\udfff": "x"},
    )
    # The list shows the answer in a column when the question is marked for it.
    form_with_an_application.form_fields.filter(clean_name="full_name").update(
        show_in_list=True
    )
    sign_in(client, coordinator)
    listing = client.get(
        reverse("wagtailforms:list_submissions", args=[form_with_an_application.pk])
    )
    assert listing.status_code == 200
    assert "Bad \ufffd row" in listing.content.decode()
    detail = client.get(
        reverse(
            "legal_forum_admin:submission", args=[form_with_an_application.pk, bad.pk]
        )
    )
    assert detail.status_code == 200
    assert "Bad \ufffd row" in detail.content.decode()
