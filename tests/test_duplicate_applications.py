"""
One application is stored once: the HTML form's one-time token and the API's
Idempotency-Key (``legal_forum.submissions``).
"""

import json
import os
import threading

import pytest
from bs4 import BeautifulSoup
from django.db import connection, connections
from django.test import Client

from legal_forum import submissions
from legal_forum.form_builder import TOKEN_FIELD
from legal_forum.models import ApplicationSubmission
from legal_forum.ratelimit import count_submission
from legal_forum.submissions import stored_with, token_digest
from tests.applications import api_answers, form_answers
from tests.factories import ApplicationFormPageFactory
from tests.questions import add_questions

pytestmark = pytest.mark.django_db


def token_in(response):
    """The one-time token the form in this response carries."""
    found = BeautifulSoup(response.content, "html.parser").find(
        "input", attrs={"name": TOKEN_FIELD}
    )
    assert found is not None and found["type"] == "hidden"
    return found["value"]


class TestTheFormsToken:
    def test_every_showing_of_the_empty_form_has_a_new_token(
        self, client, routed_question_form
    ):
        first = token_in(client.get(routed_question_form.url))
        second = token_in(client.get(routed_question_form.url))
        assert first != second
        assert len(first) >= 40

    def test_a_form_shown_again_with_errors_keeps_its_token(
        self, client, routed_question_form
    ):
        token = token_in(client.get(routed_question_form.url))
        again = client.post(
            routed_question_form.url, form_answers(full_name="", **{TOKEN_FIELD: token})
        )
        assert again.context["form"].errors
        assert token_in(again) == token

    def test_the_page_after_a_failed_security_check_keeps_the_token(
        self, routed_question_form
    ):
        client = Client(enforce_csrf_checks=True)
        token = token_in(client.get(routed_question_form.url))
        client.cookies.clear()  # the form was left open too long
        response = client.post(
            routed_question_form.url, form_answers(**{TOKEN_FIELD: token})
        )
        assert response.status_code == 403
        assert token_in(response) == token

    @pytest.mark.parametrize(
        "sent",
        [
            "short",
            "x" * 65,
            "has spaces in it, not url safe",
            "é" * 20,
            "n" * 43 + "\n",
        ],
    )
    def test_a_malformed_token_is_ignored_and_replaced(
        self, client, routed_question_form, sent
    ):
        response = client.post(
            routed_question_form.url, form_answers(**{TOKEN_FIELD: sent})
        )
        assert response.status_code == 302
        assert ApplicationSubmission.objects.get().token is None
        # Shown again with an error, the form carries a fresh, good token instead.
        again = client.post(
            routed_question_form.url, form_answers(full_name="", **{TOKEN_FIELD: sent})
        )
        assert token_in(again) not in (sent, "")
        assert len(token_in(again)) >= 40

    def test_only_a_digest_is_stored(self, client, routed_question_form):
        token = token_in(client.get(routed_question_form.url))
        client.post(routed_question_form.url, form_answers(**{TOKEN_FIELD: token}))
        stored = ApplicationSubmission.objects.get()
        assert stored.token == token_digest("form", routed_question_form, token)
        assert token not in stored.token and len(stored.token) == 64
        assert TOKEN_FIELD not in stored.form_data


class TestSentTwice:
    def test_stored_once_emailed_once_and_thanked_twice(
        self,
        client,
        routed_question_form,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        token = token_in(client.get(routed_question_form.url))
        sent = form_answers(**{TOKEN_FIELD: token})
        with django_capture_on_commit_callbacks(execute=True):
            first = client.post(routed_question_form.url, sent)
            second = client.post(routed_question_form.url, sent)
        thank_you = f"{routed_question_form.url}thank-you/"
        assert (first.status_code, first["Location"]) == (302, thank_you)
        assert (second.status_code, second["Location"]) == (302, thank_you)
        assert "no-store" in second["Cache-Control"]
        assert ApplicationSubmission.objects.count() == 1
        assert len(mailoutbox) == 1

    def test_the_duplicate_uses_no_turn_of_the_rate_limit(
        self, client, routed_question_form
    ):
        token = token_in(client.get(routed_question_form.url))
        for _ in range(3):
            client.post(routed_question_form.url, form_answers(**{TOKEN_FIELD: token}))
        # The next attempt is the second counted: the one stored, and itself.
        assert count_submission(routed_question_form, "127.0.0.1") == 2

    def test_without_a_token_each_is_stored_as_before(
        self, client, routed_question_form
    ):
        assert client.post(routed_question_form.url, form_answers()).status_code == 302
        assert client.post(routed_question_form.url, form_answers()).status_code == 302
        assert ApplicationSubmission.objects.count() == 2

    def test_two_showings_of_the_form_are_two_applications(
        self, client, routed_question_form
    ):
        for _ in range(2):
            token = token_in(client.get(routed_question_form.url))
            client.post(routed_question_form.url, form_answers(**{TOKEN_FIELD: token}))
        assert ApplicationSubmission.objects.count() == 2

    def test_changed_answers_under_a_used_token_are_shown_to_send_again(
        self, client, routed_question_form
    ):
        token = token_in(client.get(routed_question_form.url))
        client.post(routed_question_form.url, form_answers(**{TOKEN_FIELD: token}))
        changed = client.post(
            routed_question_form.url,
            form_answers(full_name="Ada King", **{TOKEN_FIELD: token}),
        )
        assert changed.status_code == 200
        assert "have not been sent yet" in changed.content.decode()
        fresh = token_in(changed)
        assert fresh != token
        assert ApplicationSubmission.objects.count() == 1
        sent = client.post(
            routed_question_form.url,
            form_answers(full_name="Ada King", **{TOKEN_FIELD: fresh}),
        )
        assert sent.status_code == 302
        names = ApplicationSubmission.objects.values_list("applicant_name", flat=True)
        assert sorted(names) == ["Ada King", "Ada Lovelace"]


def test_a_race_lost_at_the_unique_token_is_the_duplicate(
    client, routed_question_form, monkeypatch
):
    """
    The other POST was stored between this one's lookup and its insert: the
    unique token refuses the insert, and the savepoint lets it end as a duplicate.
    """
    token = token_in(client.get(routed_question_form.url))
    client.post(routed_question_form.url, form_answers(**{TOKEN_FIELD: token}))
    lookups = []

    def lookup_too_early(digest):
        lookups.append(digest)
        return None if len(lookups) == 1 else stored_with(digest)

    monkeypatch.setattr(submissions, "stored_with", lookup_too_early)
    response = client.post(
        routed_question_form.url, form_answers(**{TOKEN_FIELD: token})
    )
    assert response.status_code == 302
    assert len(lookups) == 2
    assert ApplicationSubmission.objects.count() == 1


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="concurrent writes need PostgreSQL (SQLite in memory is one connection)",
)
@pytest.mark.django_db(transaction=True)
def test_two_at_the_same_moment_store_one(question_form):
    """Both pass the lookup before either is stored: the unique token decides."""
    token = "t" * 43
    url = question_form.url
    barrier = threading.Barrier(2)
    statuses = []

    def send():
        try:
            barrier.wait()
            response = Client().post(url, form_answers(**{TOKEN_FIELD: token}))
            statuses.append((response.status_code, response.get("Location")))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert connection.vendor == "postgresql"
    thank_you = f"{url}thank-you/"
    assert statuses == [(302, thank_you), (302, thank_you)]
    assert ApplicationSubmission.objects.count() == 1


# The API's Idempotency-Key ------------------------------------------------------


def api_post(client, page, body, key=None):
    headers = {} if key is None else {"Idempotency-Key": key}
    return client.post(
        f"/api/v2/forms/{page.pk}/submissions/",
        json.dumps(body),
        content_type="application/json",
        headers=headers,
    )


class TestIdempotencyKey:
    KEY = "3f2c9a7e-0b1d-4c55-9e8a-2f6d1b7c4a90"

    def test_a_replay_gets_the_first_receipt_and_stores_nothing(
        self,
        client,
        routed_question_form,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            first = api_post(client, routed_question_form, api_answers(), self.KEY)
            again = api_post(client, routed_question_form, api_answers(), self.KEY)
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json()
        assert "no-store" in again["Cache-Control"]
        stored = ApplicationSubmission.objects.get()
        assert stored.token == token_digest("api", routed_question_form, self.KEY)
        assert len(mailoutbox) == 1

    def test_answers_of_every_type_compare_as_stored(self, client, question_form):
        """Numbers, dates and lists are stored as JSON: a replay still matches."""
        body = api_answers(
            years_in_practice=3.5,
            available_from="05/31/2026",
            practice_areas=["Immigration", "Family law"],
            firm_website="example.org",
        )
        assert api_post(client, question_form, body, self.KEY).status_code == 201
        assert api_post(client, question_form, body, self.KEY).status_code == 201
        assert ApplicationSubmission.objects.count() == 1

    def test_the_same_key_with_other_answers_is_refused(
        self, client, routed_question_form
    ):
        api_post(client, routed_question_form, api_answers(), self.KEY)
        response = api_post(
            client, routed_question_form, api_answers(full_name="Ada King"), self.KEY
        )
        assert response.status_code == 422
        assert response.json() == {
            "message": "This Idempotency-Key was already used for a different "
            "application; send a new key."
        }
        assert ApplicationSubmission.objects.get().applicant_name == "Ada Lovelace"

    @pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9", "tab\there"])
    def test_a_key_that_is_not_one_is_refused(self, client, routed_question_form, key):
        response = api_post(client, routed_question_form, api_answers(), key)
        assert response.status_code == 400
        assert "1 to 255 printable ASCII characters" in response.json()["message"]
        assert not ApplicationSubmission.objects.exists()

    def test_the_longest_key_is_taken(self, client, routed_question_form):
        key = "~" * 255
        assert (
            api_post(client, routed_question_form, api_answers(), key).status_code
            == 201
        )

    def test_the_same_key_for_two_forms_is_two_applications(
        self, client, routed_question_form, home
    ):
        other = add_questions(
            ApplicationFormPageFactory(parent=home, title="Other", slug="other")
        )
        assert (
            api_post(client, routed_question_form, api_answers(), self.KEY).status_code
            == 201
        )
        assert api_post(client, other, api_answers(), self.KEY).status_code == 201
        assert ApplicationSubmission.objects.count() == 2

    def test_the_forms_token_and_the_key_are_kept_apart(
        self, client, routed_question_form
    ):
        token = "k" * 43
        client.post(routed_question_form.url, form_answers(**{TOKEN_FIELD: token}))
        assert (
            api_post(client, routed_question_form, api_answers(), token).status_code
            == 201
        )
        assert ApplicationSubmission.objects.count() == 2

    def test_without_a_key_each_is_stored(self, client, routed_question_form):
        api_post(client, routed_question_form, api_answers())
        api_post(client, routed_question_form, api_answers())
        assert ApplicationSubmission.objects.count() == 2

    def test_the_preflight_allows_the_header(
        self, client, routed_question_form, settings
    ):
        settings.CORS_ALLOWED_ORIGINS = ["https://partner.example.org"]
        preflight = client.options(
            f"/api/v2/forms/{routed_question_form.pk}/submissions/",
            headers={
                "Origin": "https://partner.example.org",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type, idempotency-key",
            },
        )
        allowed = preflight["Access-Control-Allow-Headers"].lower()
        assert "idempotency-key" in allowed
