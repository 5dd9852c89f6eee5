"""
Every view, export, deletion and purge of applications, and every change to where
they go, is in Wagtail's log with who and when, and never with an answer.
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from legal_forum import audit
from legal_forum.models import ApplicationSubmission
from legal_forum.views.downloads import logged_download
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

SECRET = "Private Person"


@pytest.fixture
def form_with_two_applications(starter_form):
    for _ in range(2):
        ApplicationSubmission.objects.create(
            page=starter_form, form_data={"full_name": SECRET}
        )
    return starter_form


@pytest.fixture
def signed_in(client, coordinator):
    return sign_in(client, coordinator)


def entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


def assert_no_answers_logged():
    for entry in ModelLogEntry.objects.all():
        assert SECRET not in str(entry.data) and SECRET not in entry.label
    # Application activity is not in the page history that editors read.
    assert not PageLogEntry.objects.filter(action__startswith="legal_forum.").exists()


def test_viewing_an_application(signed_in, form_with_two_applications, coordinator):
    submission = form_with_two_applications.get_submissions().first()
    url = reverse(
        "legal_forum_admin:submission",
        args=[form_with_two_applications.pk, submission.pk],
    )
    assert signed_in.get(url).status_code == 200
    [entry] = entries(audit.VIEWED)
    assert entry.user == coordinator
    assert entry.object_id == str(submission.pk)
    assert entry.data["form"] == form_with_two_applications.pk
    assert_no_answers_logged()


def test_viewing_the_list(signed_in, form_with_two_applications, coordinator):
    signed_in.get(
        reverse("wagtailforms:list_submissions", args=[form_with_two_applications.pk])
    )
    [entry] = entries(audit.LISTED)
    assert entry.user == coordinator
    assert entry.label == form_with_two_applications.title
    assert_no_answers_logged()


def test_exporting_records_form_dates_and_rows(
    signed_in, form_with_two_applications, coordinator
):
    url = reverse("wagtailforms:list_submissions", args=[form_with_two_applications.pk])
    today = timezone.localdate()
    since = (today - datetime.timedelta(days=3)).isoformat()
    response = signed_in.get(
        url,
        {
            "export": "csv",
            "date_from": since,
            "date_to": today.isoformat(),
        },
    )
    assert response.status_code == 200
    b"".join(response.streaming_content)
    [entry] = entries(audit.EXPORTED)
    assert entry.user == coordinator
    assert entry.label == form_with_two_applications.title
    assert entry.data["rows"] == 2
    assert entry.data["complete"] is True
    assert entry.data["via"] == "the admin"
    assert entry.data["format"] == "CSV"
    assert_no_answers_logged()


def test_an_export_broken_off_is_logged_as_incomplete(
    form_with_two_applications, coordinator
):
    stream = logged_download(
        form_with_two_applications,
        form_with_two_applications.get_submissions(),
        user=coordinator,
        fmt="csv",
    )
    next(stream)  # the header went out; then the browser went away
    stream.close()
    [entry] = entries(audit.EXPORTED)
    assert entry.data["complete"] is False
    assert entry.data["rows"] == 0


def test_deleting_applications(signed_in, form_with_two_applications, coordinator):
    ids = list(
        form_with_two_applications.get_submissions().values_list("pk", flat=True)
    )
    url = reverse(
        "wagtailforms:delete_submissions", args=[form_with_two_applications.pk]
    )
    query = "&".join(f"selected-submissions={pk}" for pk in ids)
    confirm = signed_in.get(f"{url}?{query}")
    assert "This deletes 2 applications for good" in confirm.content.decode()
    response = signed_in.post(f"{url}?{query}", follow=True)
    assert "2 applications were deleted for good" in response.content.decode()
    assert not ApplicationSubmission.objects.exists()
    logged = entries(audit.DELETED)
    assert sorted(int(entry.object_id) for entry in logged) == sorted(ids)
    assert {entry.user for entry in logged} == {coordinator}
    assert_no_answers_logged()


def test_purging_expired_applications(form_with_two_applications):
    ApplicationSubmission.objects.update(
        submit_time=timezone.now() - datetime.timedelta(days=400)
    )
    call_command("purge_submissions", stdout=StringIO())
    [entry] = entries(audit.PURGED)
    assert entry.user is None
    assert entry.data == {"rows": 2, "retention_days": 365}
    assert entry.label == form_with_two_applications.title


def test_superusers_read_it_in_site_history_and_editors_do_not(
    client, signed_in, form_with_two_applications
):
    signed_in.get(
        reverse("wagtailforms:list_submissions", args=[form_with_two_applications.pk])
    )
    signed_in.get(
        reverse("wagtailforms:list_submissions", args=[form_with_two_applications.pk])
        + "?export=csv"
    ).getvalue()
    history = reverse("wagtailadmin_reports:site_history")

    admin = get_user_model().objects.create_superuser("root", password="x" * 16)
    text = sign_in(client, admin).get(history).content.decode()
    assert "Exported 2 applications" in text
    assert "Viewed the list of applications" in text

    editor = get_user_model().objects.create_user("editor", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.logout()
    response = sign_in(client, editor).get(history)
    assert "Exported 2 applications" not in response.content.decode()


def test_the_export_command_is_logged_too(form_with_two_applications, tmp_path):
    target = tmp_path / "applications.csv"
    call_command(
        "export_submissions",
        form_with_two_applications.slug,
        "--since=2020-01-01",
        f"--output={target}",
        stderr=StringIO(),
    )
    [entry] = entries(audit.EXPORTED)
    assert entry.user is None
    assert entry.data["rows"] == 2
    assert entry.data["since"] == "2020-01-01"
    assert entry.data["until"] is None
    assert entry.data["via"] == "the export_submissions command"
    assert entry.data["format"] == "CSV"
    assert entry.data["complete"] is True
    assert_no_answers_logged()
