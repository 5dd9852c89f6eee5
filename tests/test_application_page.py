"""
One application's page: the answers in plain words, status and assignee, notes,
history, the same person's other applications, and Back, Previous, Next and Delete
keeping coordinators inside the list they came from.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from legal_forum import audit
from legal_forum.models import (
    ApplicationFormPage,
    ApplicationNote,
    ApplicationStatus,
    ApplicationSubmission,
)
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Called her sister's number; call back after six."


def apply(page, minutes_ago=0, **fields):
    """An application to ``page``, received ``minutes_ago``, at the first status."""
    fields.setdefault("form_data", {"full_name": "Ana Applicant"})
    fields.setdefault("status", ApplicationStatus.initial())
    submission = ApplicationSubmission.objects.create(page=page, **fields)
    received = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    ApplicationSubmission.objects.filter(pk=submission.pk).update(submit_time=received)
    submission.refresh_from_db()
    return submission


def url(submission, name="submission", from_=None):
    path = reverse(
        f"legal_forum_admin:{name}", args=[submission.page_id, submission.pk]
    )
    return f"{path}?{urlencode({'from': from_})}" if from_ is not None else path


def list_path(page):
    return reverse("wagtailforms:list_submissions", args=[page.pk])


def logged(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("pk"))


@pytest.fixture
def signed_in(client, coordinator):
    return sign_in(client, coordinator)


@pytest.fixture
def application(starter_form):
    return apply(starter_form)


def status(name):
    return ApplicationStatus.objects.get(name=name)


# The answers -------------------------------------------------------------------


def test_answers_read_in_plain_words_in_the_forms_order(signed_in, starter_form):
    names = {field.label: field.clean_name for field in starter_form.get_form_fields()}
    consent = next(label for label in names if label.startswith("I agree"))
    submission = apply(
        starter_form,
        form_data={
            names["Full name"]: "Ana Applicant",
            names["Practice areas"]: ["Immigration", "Family law"],
            names[consent]: True,
            names["Availability"]: "Mondays\nTuesday evenings",
            "old_question": False,
        },
    )
    response = signed_in.get(url(submission))
    assert response.status_code == 200
    rows = response.context["rows"]
    answers = dict(rows)
    assert answers["Practice areas"] == "Immigration; Family law"
    assert answers[consent] == "Yes"
    assert answers["Organization or firm"] == ""
    assert [label for label, _ in rows][: len(names)] == list(names)
    assert rows[-1][1] == "No"  # the removed question comes last, as No
    html = response.content.decode()
    assert "Mondays<br>Tuesday evenings" in html
    assert f"Application {submission.pk}" in html
    assert "Pacific time" in html
    assert "No answer" in html  # the question left empty


# Status and assignee -------------------------------------------------------------


def test_a_status_change_is_saved_logged_and_shown_in_the_history(
    signed_in, application, coordinator
):
    contacted = status("Contacted")
    response = signed_in.post(
        url(application, "track_application"),
        {"status": contacted.pk, "assignee": ""},
        follow=True,
    )
    application.refresh_from_db()
    assert application.status == contacted
    [entry] = logged(audit.STATUS_CHANGED)
    assert entry.user == coordinator
    assert entry.data["from"] == "New" and entry.data["to"] == "Contacted"
    assert timezone.now() - entry.timestamp < datetime.timedelta(minutes=1)
    assert not logged(audit.ASSIGNED)  # the assignee did not change
    html = response.content.decode()
    assert "Saved: the status is now Contacted." in html
    history = response.context["changes"]
    assert [item.action for item in history] == [audit.STATUS_CHANGED]
    assert (
        f"Changed the status of application {application.pk} from New to Contacted"
        in html
    )
    assert coordinator.get_username() in html


def test_saving_what_is_already_there_changes_and_logs_nothing(signed_in, application):
    response = signed_in.post(
        url(application, "track_application"),
        {"status": application.status_id, "assignee": ""},
        follow=True,
    )
    assert "Nothing was changed." in response.content.decode()
    assert not logged(audit.STATUS_CHANGED) and not logged(audit.ASSIGNED)


def test_only_coordinators_can_be_assigned(
    signed_in, application, coordinator, editor, staff
):
    colleague = staff("Coordinators", "maria")
    colleague.first_name, colleague.last_name = "Maria", "Lopez"
    colleague.save()
    page = signed_in.get(url(application))
    choices = list(page.context["tracking_form"].fields["assignee"].queryset)
    assert coordinator in choices and colleague in choices
    assert editor not in choices

    refused = signed_in.post(
        url(application, "track_application"),
        {"status": application.status_id, "assignee": editor.pk},
    )
    assert refused.status_code == 200
    assert "Only coordinators can be assigned" in refused.content.decode()
    application.refresh_from_db()
    assert application.assignee is None
    assert not logged(audit.ASSIGNED)

    signed_in.post(
        url(application, "track_application"),
        {"status": application.status_id, "assignee": colleague.pk},
    )
    application.refresh_from_db()
    assert application.assignee == colleague
    [entry] = logged(audit.ASSIGNED)
    assert entry.data["to"] == "Maria Lopez"

    response = signed_in.post(
        url(application, "track_application"),
        {"status": application.status_id, "assignee": ""},
        follow=True,
    )
    application.refresh_from_db()
    assert application.assignee is None
    assert logged(audit.ASSIGNED)[-1].data["to"] is None
    assert f"Left application {application.pk} unassigned" in response.content.decode()


@pytest.mark.parametrize("bad", ["999999", "not-a-number", ""])
def test_a_status_that_does_not_exist_is_the_forms_error(signed_in, application, bad):
    response = signed_in.post(
        url(application, "track_application"), {"status": bad, "assignee": ""}
    )
    assert response.status_code == 200
    assert response.context["tracking_form"].errors["status"]
    application.refresh_from_db()
    assert application.status == status("New")
    assert not logged(audit.STATUS_CHANGED)


# Notes ---------------------------------------------------------------------------


def test_a_note_is_added_with_its_author_and_date(signed_in, application, coordinator):
    response = signed_in.post(
        url(application, "note_application"), {"text": SECRET_NOTE}, follow=True
    )
    [note] = ApplicationNote.objects.all()
    assert note.application == application and note.author == coordinator
    assert timezone.now() - note.created_at < datetime.timedelta(minutes=1)
    html = response.content.decode()
    assert "Note added." in html
    assert "Called her sister&#x27;s number" in html
    assert timezone.localtime(note.created_at).strftime("%Y") in html
    [entry] = logged(audit.NOTE_ADDED)
    assert entry.user == coordinator
    assert "sister" not in str(entry.data) and "sister" not in entry.label
    assert "Notes cannot be changed once added" in html


def test_notes_are_listed_oldest_first(signed_in, application, coordinator):
    for text in ("first", "second"):
        signed_in.post(url(application, "note_application"), {"text": text})
    notes = signed_in.get(url(application)).context["notes"]
    assert [note.text for note in notes] == ["first", "second"]


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "The note was empty"), ("x" * 5001, "at most 5,000 characters")],
)
def test_an_empty_or_too_long_note_is_refused(signed_in, application, text, message):
    response = signed_in.post(url(application, "note_application"), {"text": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ApplicationNote.objects.exists()
    assert not logged(audit.NOTE_ADDED)


def test_a_note_of_exactly_5000_characters_is_kept(signed_in, application):
    signed_in.post(url(application, "note_application"), {"text": "x" * 5000})
    assert len(ApplicationNote.objects.get().text) == 5000


# Viewing -------------------------------------------------------------------------


def test_one_view_is_logged_per_visit_and_none_for_a_change(signed_in, application):
    signed_in.get(url(application))
    assert len(logged(audit.VIEWED)) == 1
    signed_in.post(url(application, "note_application"), {"text": "A note"})
    assert len(logged(audit.VIEWED)) == 1
    response = signed_in.get(url(application))
    assert len(logged(audit.VIEWED)) == 2
    # Openings are summed up beneath the history rather than listed in it.
    assert [entry.action for entry in response.context["changes"]] == [audit.NOTE_ADDED]
    assert "Opened 2 times" in response.content.decode()


def test_every_change_needs_the_csrf_token(coordinator, application):
    client = sign_in(Client(enforce_csrf_checks=True), coordinator)
    for name, data in [
        ("track_application", {"status": status("Accepted").pk, "assignee": ""}),
        ("note_application", {"text": "A note"}),
        ("delete_application", {}),
    ]:
        assert client.post(url(application, name), data).status_code == 403, name
    application.refresh_from_db()
    assert application.status == status("New")
    assert not ApplicationNote.objects.exists()


def test_the_page_sends_no_cache_headers(signed_in, application):
    for name in ("submission", "delete_application"):
        response = signed_in.get(url(application, name))
        assert "no-store" in response["Cache-Control"], name
    response = signed_in.post(url(application, "note_application"), {"text": "x"})
    assert "no-store" in response["Cache-Control"]


# The same person -----------------------------------------------------------------


def test_the_same_persons_applications_are_linked_across_forms(signed_in, starter_form):
    pro_bono = ApplicationFormPage.objects.get(
        slug="volunteer-pro-bono-attorney-application", locale__language_code="en"
    )
    this = apply(starter_form, applicant_email="ana@example.org")
    other_form = apply(pro_bono, applicant_email="ana@example.org")
    same_form = apply(starter_form, applicant_email="ana@example.org", minutes_ago=9)
    stranger = apply(pro_bono, applicant_email="someone@example.org")
    response = signed_in.get(url(this))
    assert response.context["same_person"] == [other_form, same_form]
    html = response.content.decode()
    assert f'href="{url(other_form)}"' in html
    assert pro_bono.title in html
    assert f'href="{url(stranger)}"' not in html


def test_applications_without_an_email_are_not_linked(signed_in, starter_form):
    this = apply(starter_form)
    apply(starter_form)
    response = signed_in.get(url(this))
    assert response.context["same_person"] == []
    assert "gave no email address" in response.content.decode()


# Back, Previous and Next ---------------------------------------------------------


@pytest.fixture
def three_applications(starter_form):
    """Oldest, middle and newest on the starter form; another form's in between."""
    pro_bono = ApplicationFormPage.objects.get(
        slug="volunteer-pro-bono-attorney-application", locale__language_code="en"
    )
    oldest = apply(starter_form, minutes_ago=30)
    middle = apply(starter_form, minutes_ago=20)
    apply(pro_bono, minutes_ago=15)
    newest = apply(starter_form, minutes_ago=10)
    return oldest, middle, newest


def test_previous_is_newer_and_next_is_older_within_the_form(
    signed_in, three_applications
):
    oldest, middle, newest = three_applications
    context = signed_in.get(url(middle)).context
    assert context["previous_url"] == url(newest)
    assert context["next_url"] == url(oldest)
    at_the_top = signed_in.get(url(newest))
    assert at_the_top.context["previous_url"] is None
    assert at_the_top.context["next_url"] == url(middle)
    assert 'aria-disabled="true">Previous<' in at_the_top.content.decode()
    at_the_bottom = signed_in.get(url(oldest))
    assert at_the_bottom.context["next_url"] is None
    assert 'aria-disabled="true">Next<' in at_the_bottom.content.decode()


def test_applications_received_at_the_same_moment_are_ordered_by_number(
    signed_in, starter_form
):
    first, second, third = (apply(starter_form) for _ in range(3))
    ApplicationSubmission.objects.update(submit_time=first.submit_time)
    context = signed_in.get(url(second)).context
    assert context["previous_url"] == url(third)
    assert context["next_url"] == url(first)


def test_previous_and_next_follow_the_lists_filters(signed_in, three_applications):
    oldest, middle, newest = three_applications
    contacted = status("Contacted")
    ApplicationSubmission.objects.filter(pk__in=[oldest.pk, newest.pk]).update(
        status=contacted
    )
    query = f"status={contacted.pk}"
    context = signed_in.get(url(oldest, from_=query)).context
    assert context["previous_url"] == url(newest, from_=query)  # middle is New
    assert context["next_url"] is None
    # One no longer in the filtered list steps through the whole form instead.
    context = signed_in.get(url(middle, from_=query)).context
    assert context["previous_url"] == url(newest, from_=query)
    assert context["next_url"] == url(oldest, from_=query)


def test_previous_and_next_follow_the_lists_order_and_search(
    signed_in, three_applications
):
    oldest, middle, newest = three_applications
    for submission, name in [(oldest, "Cam"), (middle, "Ana"), (newest, "Bea")]:
        ApplicationSubmission.objects.filter(pk=submission.pk).update(
            applicant_name=name
        )
    query = "ordering=applicant_name"
    context = signed_in.get(url(newest, from_=query)).context
    assert context["previous_url"] == url(middle, from_=query)
    assert context["next_url"] == url(oldest, from_=query)
    context = signed_in.get(url(newest, from_="q=bea")).context
    assert context["previous_url"] is None and context["next_url"] is None


def test_back_previous_and_next_keep_the_lists_filters(signed_in, three_applications):
    oldest, middle, newest = three_applications
    query = "assignee=nobody&ordering=-submit_time&date_from=2026-11-01&p=1"
    response = signed_in.get(url(middle, from_=query))
    context = response.context
    assert context["list_url"] == f"{list_path(middle.page)}?{query}"
    assert context["previous_url"] == url(newest, from_=query)
    assert context["next_url"] == url(oldest, from_=query)
    html = response.content.decode()
    assert 'href="{}"'.format(context["list_url"].replace("&", "&amp;")) in html
    # The changes made here come back to the same place, still with the filters.
    response = signed_in.post(context["note_url"], {"text": "Called"})
    assert response["Location"] == url(middle, from_=query)


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/steal",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "q=ana&export=csv",
        "status=abc&date_from=not-a-day&ordering=password",
    ],
)
def test_from_can_never_lead_elsewhere(signed_in, application, hostile):
    response = signed_in.get(url(application, from_=hostile))
    back = response.context["list_url"]
    list_url = list_path(application.page)
    assert back == list_url or back.startswith(list_url + "?")
    assert "evil.example/" not in back and "//" not in back
    assert "export" not in back  # Back shows the list; it never downloads it
    deleted = signed_in.post(url(application, "delete_application", from_=hostile))
    location = deleted["Location"]
    assert location == list_url or location.startswith(list_url + "?")


# Deleting one application ---------------------------------------------------------


def test_deleting_one_application_asks_logs_and_returns_to_the_list(
    signed_in, application, coordinator
):
    keep = apply(application.page)
    confirm = signed_in.get(url(application, "delete_application", from_="q=ana"))
    assert confirm.status_code == 200
    assert f"Delete application {application.pk} for good?" in (
        confirm.content.decode()
    )
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()

    response = signed_in.post(url(application, "delete_application", from_="q=ana"))
    assert response.status_code == 302
    assert response["Location"] == f"{list_path(application.page)}?q=ana"
    assert list(ApplicationSubmission.objects.all()) == [keep]
    [entry] = logged(audit.DELETED)
    assert entry.user == coordinator and entry.object_id == str(application.pk)
    page = signed_in.get(url(keep))  # the message waits for the next page
    assert f"Application {application.pk} was deleted for good." in (
        page.content.decode()
    )


def test_an_application_of_another_form_is_not_found(signed_in, application):
    pro_bono = ApplicationFormPage.objects.get(
        slug="volunteer-pro-bono-attorney-application", locale__language_code="en"
    )
    for name in ("submission", "delete_application"):
        path = reverse(f"legal_forum_admin:{name}", args=[pro_bono.pk, application.pk])
        assert signed_in.get(path).status_code == 404
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()


# Who may --------------------------------------------------------------------------


def refused(response):
    """Forbidden; the admin's way is back to the dashboard, with a message."""
    if response.status_code == 302:
        return response["Location"] == reverse("wagtailadmin_home")
    return response.status_code == 403


def test_editors_reach_none_of_it(client, application, editor):
    sign_in(client, editor)
    posts = {
        "submission": {},
        "track_application": {"status": status("Declined").pk, "assignee": ""},
        "note_application": {"text": "A note"},
        "delete_application": {},
    }
    for name, data in posts.items():
        for response in (
            client.get(url(application, name)),
            client.post(url(application, name), data),
        ):
            assert refused(response), name
            assert b"Ana Applicant" not in response.content, name
    application.refresh_from_db()
    assert application.status == status("New")
    assert not ApplicationNote.objects.exists()
    assert ApplicationSubmission.objects.filter(pk=application.pk).exists()
    assert not ModelLogEntry.objects.filter(action__startswith="legal_forum.").exists()


def test_a_get_on_a_change_address_changes_nothing(signed_in, application):
    for name in ("track_application", "note_application"):
        assert signed_in.get(url(application, name)).status_code == 405, name


# Cost -----------------------------------------------------------------------------


def test_the_pages_queries_do_not_grow_with_notes_and_history(
    signed_in, starter_form, coordinator, staff
):
    def page_queries(count):
        submission = apply(starter_form, applicant_email=f"p{count}@example.org")
        author = staff("Coordinators", f"writer-{count}")
        for number in range(count):
            ApplicationNote.objects.create(
                application=submission, author=author, text=f"Note {number}"
            )
            audit.application_event(submission, audit.NOTE_ADDED, user=author)
            apply(starter_form, applicant_email=f"p{count}@example.org")
        address = url(submission, from_="ordering=-submit_time")
        signed_in.get(address)  # warms per-process caches, as a running site has
        with CaptureQueriesContext(connection) as queries:
            response = signed_in.get(address)
        assert response.status_code == 200
        assert len(response.context["notes"]) == count
        assert len(response.context["changes"]) == count
        return len(queries)

    assert page_queries(25) == page_queries(5)
