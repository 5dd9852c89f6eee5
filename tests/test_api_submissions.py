"""
``POST /api/v2/forms/<id>/submissions/``: every status it answers, the JSON to form
data adaptation, the shared pipeline (limits, honeypot, rate limit, notification),
what coordinators see afterwards, and CORS.
"""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from legal_forum.api import answers_to_form_data, body_limit
from legal_forum.api_fields import describe_questions
from legal_forum.export import csv_chunks
from legal_forum.models import (
    ApplicationSubmission,
    SubmissionEmail,
)
from site_core.text import text_problem
from tests.applications import api_answers
from tests.auth import sign_in
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

PARTNER = "https://partner.example.org"

SURROGATE = text_problem("\ud800")
NUL = text_problem("\x00")
UNKNOWN = "This form has no question with this name."
UNREADABLE = (
    "Part of this answer could not be read (it shows as \ufffd). Type those "
    "characters again."
)
NOT_JSON = "The body is not valid JSON (UTF-8)."
TOO_BIG_A_NUMBER = (
    "A number in the body is too long or too large: send numbers of at most 15 digits."
)
TOO_DEEP = (
    "The answers are nested too deeply: send each answer as a string, a number, "
    "true or false, or a list of strings."
)
AS_TEXT = "Send this answer as text (a JSON string)."
AS_LIST = 'Send a list of the chosen options, e.g. ["Other"].'


def url_for(page_or_id):
    page_id = getattr(page_or_id, "pk", page_or_id)
    return f"/api/v2/forms/{page_id}/submissions/"


def post(client, page, body, content_type="application/json", **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url_for(page), data, content_type=content_type, **extra)


def assert_receipt(response, page):
    assert response.status_code == 201, response.content
    data = response.json()
    assert set(data) == {"status", "form", "received_at"}
    assert data["status"] == "received"
    assert data["form"] == page.pk
    received = datetime.datetime.fromisoformat(data["received_at"])
    assert received.utcoffset() is not None
    assert "no-store" in response["Cache-Control"]


class TestAccepted:
    def test_stored_as_an_ordinary_submission(self, client, routed_question_form):
        response = post(
            client,
            routed_question_form,
            api_answers(
                full_name="  Ada Lovelace ",
                about_you="Line one\n\n  indented\n",
                practice_areas=["Immigration", "Family law"],
                phone_number="+1 (916) 428-3271",
                years_in_practice=12.5,
                available_from="05/31/2026",
                firm_website="https://example.org/firm",
                nickname=None,
            ),
        )
        assert_receipt(response, routed_question_form)
        assert "Ada" not in response.content.decode()
        submission = ApplicationSubmission.objects.get()
        assert submission.page_id == routed_question_form.pk
        assert submission.form_data == {
            "full_name": "  Ada Lovelace ",
            "email_address": "ada@example.org",
            "phone_number": "+1 (916) 428-3271",
            "about_you": "Line one\n\n  indented\n",
            "nickname": "",
            "practice_areas": ["Immigration", "Family law"],
            "years_in_practice": "12.5",
            "available_from": "2026-05-31",
            "firm_website": "https://example.org/firm",
            "i_agree_to_be_contacted": True,
        }

    def test_stores_what_the_html_form_stores(self, client, routed_question_form):
        as_json = api_answers(practice_areas=["Immigration"], years_in_practice=3)
        assert post(client, routed_question_form, as_json).status_code == 201
        as_html = {**as_json, "i_agree_to_be_contacted": "on", "years_in_practice": "3"}
        assert client.post(routed_question_form.url, as_html).status_code == 302
        from_api, from_form = (s.form_data for s in ApplicationSubmission.objects.all())
        assert from_api == from_form

    def test_charset_in_the_content_type_is_fine(self, client, routed_question_form):
        response = post(
            client,
            routed_question_form,
            api_answers(),
            content_type="application/json; charset=utf-8",
        )
        assert_receipt(response, routed_question_form)

    def test_no_csrf_token_or_cookie_is_needed(self, routed_question_form):
        strict = Client(enforce_csrf_checks=True)
        assert_receipt(
            post(strict, routed_question_form, api_answers()), routed_question_form
        )

    def test_coordinator_sees_it_in_the_admin_and_the_export(
        self, client, routed_question_form
    ):
        assert (
            post(
                client, routed_question_form, api_answers(full_name="Grace Hopper")
            ).status_code
            == 201
        )
        coordinator = get_user_model().objects.create_user(
            "coordinator", password="x" * 16
        )
        group = Group.objects.create(name="Reviewers")
        group.permissions.add(
            Permission.objects.get(codename="access_admin"),
            Permission.objects.get(codename="review_applicationsubmission"),
        )
        coordinator.groups.add(group)
        sign_in(client, coordinator)
        listing = client.get(
            reverse("wagtailforms:list_submissions", args=[routed_question_form.pk])
        )
        assert listing.status_code == 200
        assert "Grace Hopper" in listing.content.decode()
        export = client.get(
            reverse("wagtailforms:list_submissions", args=[routed_question_form.pk])
            + "?export=csv"
        )
        assert "Grace Hopper" in b"".join(export.streaming_content).decode()
        csv_text = "".join(
            csv_chunks(routed_question_form, routed_question_form.get_submissions())
        )
        assert "Grace Hopper" in csv_text

    def test_coordinators_are_notified_after_commit_without_the_answers(
        self,
        client,
        routed_question_form,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, routed_question_form, api_answers())
        assert response.status_code == 201
        (message,) = mailoutbox
        assert message.to == ["coordinator@example.org"]
        assert "Ada" not in message.body
        assert SubmissionEmail.objects.get().sent_at is not None


class TestInvalid:
    def errors(self, client, routed_question_form, body):
        response = post(client, routed_question_form, body)
        assert response.status_code == 400, response.content
        assert "no-store" in response["Cache-Control"]
        assert not ApplicationSubmission.objects.exists()
        return response.json()["errors"]

    def test_errors_per_field_from_the_same_validation(
        self, client, routed_question_form
    ):
        errors = self.errors(
            client,
            routed_question_form,
            api_answers(
                full_name="",
                email_address="not-an-email",
                nickname="x" * 11,
                about_you="x" * 5001,
                i_agree_to_be_contacted=None,
            ),
        )
        assert errors == {
            "full_name": ["This question needs an answer."],
            "email_address": ["Enter a valid email address."],
            "nickname": ["Shorten this answer to 10 characters or fewer (it has 11)."],
            "about_you": [
                "Shorten this answer to 5000 characters or fewer (it has 5001)."
            ],
            "i_agree_to_be_contacted": ["This question needs an answer."],
        }

    def test_wrong_json_types_come_with_the_other_errors(
        self, client, routed_question_form
    ):
        errors = self.errors(
            client,
            routed_question_form,
            api_answers(
                full_name=["Ada"],
                email_address="",
                practice_areas="Immigration",
                i_agree_to_be_contacted="yes",
                years_in_practice=True,
                fax_number="916",
            ),
        )
        assert errors == {
            "full_name": ["Send this answer as text (a JSON string)."],
            "email_address": ["This question needs an answer."],
            "practice_areas": ['Send a list of the chosen options, e.g. ["Other"].'],
            "i_agree_to_be_contacted": ["Send true or false."],
            "years_in_practice": ["Send a number, e.g. 12 or 3.5."],
            "fax_number": ["This form has no question with this name."],
        }

    def test_a_choice_not_offered(self, client, routed_question_form):
        errors = self.errors(
            client, routed_question_form, api_answers(practice_areas=["Tax"])
        )
        assert errors == {
            "practice_areas": [
                "Select a valid choice. Tax is not one of the available choices."
            ]
        }

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("{not json", "The body is not valid JSON (UTF-8)."),
            (b"\xff\xfe{}", "The body is not valid JSON (UTF-8)."),
            ('{"years_in_practice": NaN}', "The body is not valid JSON (UTF-8)."),
            ("[" * 60_000, TOO_DEEP),
            (" ", "The body is not valid JSON (UTF-8)."),
            (
                '["Ada"]',
                'The body must be a JSON object of answers, e.g. {"full_name": "Ada"}.',
            ),
            (
                '"Ada"',
                'The body must be a JSON object of answers, e.g. {"full_name": "Ada"}.',
            ),
        ],
        ids=["malformed", "not utf-8", "NaN", "deep", "empty", "array", "string"],
    )
    def test_a_body_that_is_not_a_json_object(
        self, client, routed_question_form, body, message
    ):
        response = post(client, routed_question_form, body)
        assert response.status_code == 400
        assert response.json() == {"message": message}


class TestTextThatCannotBeStored:
    """Strings PostgreSQL, SQLite's later readers and the exports cannot all write."""

    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [
            ("full_name", "\ud800x", SURROGATE),
            ("full_name", "Ada\x00", NUL),
            ("about_you", "x\udfff", SURROGATE),
            ("email_address", "ada\x00@example.org", NUL),
            ("phone_number", "916 \ud83d", SURROGATE),  # half an emoji
            ("firm_website", "https://example.org/\x00", NUL),
            ("nickname", "\udc00", SURROGATE),
            ("practice_areas", ["Immigration", "\ud800"], SURROGATE),
            ("practice_areas", ["\x00"], NUL),
            ("years_in_practice", "1\x00", NUL),
            ("available_from", "\ud800", SURROGATE),
            ("i_agree_to_be_contacted", "\x00", NUL),
            ("website-url", "\ud800", SURROGATE),
            ("website-url", ["x\x00"], NUL),
            ("website-url", {"\ud800": 1}, SURROGATE),
            ("\ud800", "x", UNKNOWN),
            ("full_name\x00", "Ada", UNKNOWN),
        ],
    )
    def test_refused_with_an_error_naming_the_question(
        self, client, routed_question_form, name, value, message
    ):
        response = post(client, routed_question_form, {**api_answers(), name: value})
        assert response.status_code == 400
        # Whatever was sent, the answer itself encodes: JSON escapes the name.
        response.content.decode("ascii")
        assert response.json() == {"errors": {name: [message]}}
        assert "no-store" in response["Cache-Control"]
        assert not ApplicationSubmission.objects.exists()

    def test_characters_that_could_not_be_read_are_for_the_applicant_to_fix(
        self, client, routed_question_form
    ):
        response = post(
            client, routed_question_form, api_answers(full_name="Jos\ufffd Garc\ufffda")
        )
        assert response.status_code == 400
        assert response.json() == {"errors": {"full_name": [UNREADABLE]}}

    def test_any_script_and_emoji_are_stored_as_sent(
        self, client, routed_question_form
    ):
        name = "\u0110\u1ed7 Th\u1ecb H\u01b0\u01a1ng \U0001f600"
        body = json.dumps(api_answers(full_name=name), ensure_ascii=True)
        assert_receipt(post(client, routed_question_form, body), routed_question_form)
        assert ApplicationSubmission.objects.get().form_data["full_name"] == name

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b'{"full_name": "\xed\xa0\x80"}', NOT_JSON),
            (b'{"full_name": "\xc0\xaf"}', NOT_JSON),
            (b'{"full_name": "Ada\x00"}', NOT_JSON),
            (b'\xef\xbb\xbf{"full_name": "Ada"}', NOT_JSON),
            ('{"years_in_practice": -Infinity}', NOT_JSON),
            ('{"years_in_practice": 1e999999}', TOO_BIG_A_NUMBER),
            ('{"years_in_practice": -1e999999}', TOO_BIG_A_NUMBER),
            ('{"years_in_practice": ' + "9" * 5000 + "}", TOO_BIG_A_NUMBER),
            ('{"practice_areas": [[["Immigration"]]]}', TOO_DEEP),
            ('{"website-url": {"a": {"b": {"c": 1}}}}', TOO_DEEP),
            ('{"full_name": ' + "[" * 200 + "]" * 200 + "}", TOO_DEEP),
            ('{"full_name": ' + "[" * 5000 + "]" * 5000 + "}", TOO_DEEP),
        ],
        ids=[
            "utf-8 surrogate",
            "overlong utf-8",
            "raw null",
            "byte order mark",
            "infinity",
            "1e999999",
            "-1e999999",
            "5000 digits",
            "lists in lists",
            "objects in the honeypot",
            "200 levels",
            "5000 levels",
        ],
    )
    def test_a_body_that_cannot_be_read_as_answers(
        self, client, routed_question_form, body, message
    ):
        response = post(client, routed_question_form, body)
        assert response.status_code == 400
        assert response.json() == {"message": message}
        assert not ApplicationSubmission.objects.exists()

    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [
            ("full_name", 12, AS_TEXT),
            ("full_name", 1e308, AS_TEXT),
            ("full_name", {"first": "Ada"}, AS_TEXT),
            ("full_name", [["Ada"]], AS_TEXT),
            ("available_from", 20260531, AS_TEXT),
            ("practice_areas", {"Immigration": True}, AS_LIST),
            ("practice_areas", [["Immigration"]], AS_LIST),
            ("practice_areas", [1], AS_LIST),
            ("years_in_practice", {"years": 3}, "Send a number, e.g. 12 or 3.5."),
            ("i_agree_to_be_contacted", "true", "Send true or false."),
        ],
    )
    def test_wrong_json_types_name_the_question(
        self, client, routed_question_form, name, value, message
    ):
        response = post(client, routed_question_form, api_answers(**{name: value}))
        assert response.status_code == 400
        assert response.json() == {"errors": {name: [message]}}

    def test_numbers_past_fifteen_digits_are_a_mistake_to_correct(
        self, client, routed_question_form
    ):
        response = post(
            client, routed_question_form, api_answers(years_in_practice=10**20)
        )
        assert response.json() == {
            "errors": {"years_in_practice": ["Enter a number with at most 15 digits."]}
        }


class TestRefused:
    def test_not_json_is_415(self, client, routed_question_form):
        for content_type in (
            "application/x-www-form-urlencoded",
            "text/plain",
            "multipart/form-data; boundary=x",
        ):
            response = post(
                client, routed_question_form, json.dumps(api_answers()), content_type
            )
            assert response.status_code == 415, content_type
            assert response.json() == {
                "message": "Send the answers as JSON, with the header "
                "Content-Type: application/json."
            }
            assert "no-store" in response["Cache-Control"]
        assert not ApplicationSubmission.objects.exists()

    def test_too_large_is_413(self, client, routed_question_form):
        limit = body_limit(describe_questions(routed_question_form))
        body = json.dumps(api_answers(about_you="x" * limit))
        response = post(client, routed_question_form, body)
        assert response.status_code == 413
        assert response.json() == {
            "message": f"The body is too large: send at most {limit // 1024} KB."
        }
        assert not ApplicationSubmission.objects.exists()

    def test_the_longest_answers_in_any_script_are_never_refused_for_size(
        self, client, routed_question_form
    ):
        # Long answers at their limits, in emoji written as JSON escapes (twelve
        # bytes a character): far over 64 KB, yet an application the form accepts.
        ApplicationFormFieldFactory(
            page=routed_question_form,
            label="Anything else",
            field_type="multiline",
            required=False,
        )
        longest = api_answers(
            full_name="\U0001f600" * 255,
            about_you="\U0001f600" * 5000,
            anything_else="\U0001f600" * 5000,
            practice_areas=["Immigration", "Family law"],
        )
        body = json.dumps(longest, ensure_ascii=True)
        assert len(body) > 64 * 1024
        assert_receipt(post(client, routed_question_form, body), routed_question_form)
        assert ApplicationSubmission.objects.get().form_data["about_you"] == (
            "\U0001f600" * 5000
        )

    @pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
    def test_other_methods_are_405(self, client, routed_question_form, method):
        response = getattr(client, method)(url_for(routed_question_form))
        assert response.status_code == 405
        assert response["Allow"] == "POST, OPTIONS"
        assert response.json() == {"message": "Send applications with POST."}

    def test_options_without_cors_says_what_is_allowed(
        self, client, routed_question_form
    ):
        response = client.options(url_for(routed_question_form))
        assert response.status_code == 204
        assert response["Allow"] == "POST, OPTIONS"

    @pytest.mark.parametrize(
        "case",
        ["missing", "draft", "unpublished", "private", "under private", "not a form"],
    )
    def test_only_live_public_forms_take_applications(
        self, client, home, routed_question_form, case
    ):
        target = routed_question_form
        if case == "missing":
            target = 999_999
        elif case == "draft":
            target = ApplicationFormPageFactory(parent=home, slug="draft", live=False)
            ApplicationFormFieldFactory(page=target, label="Full name")
        elif case == "unpublished":
            routed_question_form.unpublish()
        elif case == "private":
            PageViewRestriction.objects.create(
                page=routed_question_form, restriction_type=PageViewRestriction.LOGIN
            )
        elif case == "under private":
            PageViewRestriction.objects.create(
                page=home, restriction_type=PageViewRestriction.PASSWORD, password="x"
            )
        else:
            target = ResourcePageFactory(parent=home)
        response = post(client, target, api_answers())
        assert response.status_code == 404
        assert response.json() == {
            "message": "No form takes applications at this address."
        }
        assert not ApplicationSubmission.objects.exists()


class TestHoneypotAndRateLimit:
    def test_filled_honeypot_looks_accepted_but_is_dropped(
        self,
        client,
        routed_question_form,
        mailoutbox,
        django_capture_on_commit_callbacks,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            accepted = post(client, routed_question_form, api_answers())
            dropped = post(
                client, routed_question_form, api_answers(**{"website-url": "http://x"})
            )
        assert_receipt(dropped, routed_question_form)
        assert set(accepted.json()) == set(dropped.json())
        assert accepted["Content-Type"] == dropped["Content-Type"]
        assert ApplicationSubmission.objects.count() == 1
        assert len(mailoutbox) == 1  # for the accepted one only

    def test_honeypot_comes_before_validation_and_json_types(
        self, client, routed_question_form
    ):
        for trap in ("x", 1, ["x"]):
            body = {"website-url": trap, "full_name": ["wrong type"], "nope": 1}
            assert_receipt(
                post(client, routed_question_form, body), routed_question_form
            )
        assert not ApplicationSubmission.objects.exists()

    def test_over_the_rate_limit_is_429(self, client, routed_question_form, settings):
        settings.APPLICATION_RATE_LIMIT = (2, 600)
        for _ in range(2):
            assert post(client, routed_question_form, api_answers()).status_code == 201
        for body in (api_answers(), api_answers(full_name=["wrong type"])):
            response = post(client, routed_question_form, body)
            assert response.status_code == 429
            assert response["Retry-After"] == "600"
            assert "no-store" in response["Cache-Control"]
            data = response.json()
            assert set(data) == {"message", "retry_after"}
            assert data["retry_after"] == 600
            assert "try again later" in data["message"]
            assert "916-428-3271" in data["message"]
        assert ApplicationSubmission.objects.count() == 2

    def test_the_api_and_the_html_form_share_the_limit(
        self, client, routed_question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        html = {**api_answers(), "i_agree_to_be_contacted": "on"}
        assert client.post(routed_question_form.url, html).status_code == 302
        assert post(client, routed_question_form, api_answers()).status_code == 429

    def test_mistakes_do_not_use_up_the_limit(
        self, client, routed_question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        for body in (
            api_answers(full_name=""),
            api_answers(nickname="x" * 11, email_address="ada@"),
            api_answers(i_agree_to_be_contacted=None),
            api_answers(practice_areas=["Tax"]),
            api_answers(full_name="Jos\ufffd"),
        ):
            assert post(client, routed_question_form, body).status_code == 400
        assert post(client, routed_question_form, api_answers()).status_code == 201
        assert post(client, routed_question_form, api_answers()).status_code == 429

    @pytest.mark.parametrize(
        ("body", "content_type", "status"),
        [
            ("{not json", "application/json", 400),
            (b'{"full_name": "\xff"}', "application/json", 400),
            ("[]", "application/json", 400),
            ('{"years_in_practice": 1e999999}', "application/json", 400),
            ('{"practice_areas": [[[]]]}', "application/json", 400),
            (api_answers(full_name=1), "application/json", 400),
            (api_answers(fax_number="916"), "application/json", 400),
            (api_answers(full_name="Ada\x00"), "application/json", 400),
            (api_answers(full_name="\ud800"), "application/json", 400),
            (api_answers(**{"website-url": "\ud800"}), "application/json", 400),
            (api_answers(), "text/plain", 415),
            (api_answers(about_you="x" * 200_000), "application/json", 413),
            (api_answers(**{"website-url": "x"}), "application/json", 201),
        ],
        ids=[
            "not json",
            "not utf-8",
            "not an object",
            "number too large",
            "nested too deeply",
            "wrong type",
            "unknown name",
            "null character",
            "lone surrogate",
            "honeypot not text",
            "not json content type",
            "too large",
            "honeypot filled",
        ],
    )
    def test_posts_no_person_could_send_use_up_the_limit(
        self, client, routed_question_form, settings, body, content_type, status
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        assert (
            post(client, routed_question_form, body, content_type).status_code == status
        )
        assert post(client, routed_question_form, api_answers()).status_code == 429
        assert not ApplicationSubmission.objects.exists()

    def test_every_post_is_counted_before_it_is_read(
        self, client, routed_question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        assert post(client, routed_question_form, api_answers()).status_code == 201
        for content_type in ("text/plain", "application/json"):
            response = post(client, routed_question_form, "{not json", content_type)
            assert response.status_code == 429

    def test_posts_to_no_form_count_for_nothing(
        self, client, routed_question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        assert post(client, 999_999, api_answers()).status_code == 404
        assert post(client, routed_question_form, api_answers()).status_code == 201


QUESTION_TYPES = {
    "name": "singleline",
    "email": "email",
    "areas": "checkboxes",
    "langs": "multiselect",
    "agree": "checkbox",
    "years": "number",
    "when": "date",
    "pick": "radio",
}


class TestAnswersToFormData:
    def test_each_type_becomes_what_the_html_form_posts(self):
        data, errors = answers_to_form_data(
            QUESTION_TYPES,
            {
                "name": "Ada",
                "email": "ada@example.org",
                "areas": ["A", "B"],
                "langs": [],
                "agree": True,
                "years": 12,
                "when": "2026-05-31",
                "pick": "Yes",
            },
        )
        assert errors == {}
        assert data.getlist("areas") == ["A", "B"]
        assert data.getlist("langs") == []
        assert data["agree"] == "on"
        assert data["years"] == "12"
        assert data["name"] == "Ada" and data["pick"] == "Yes"

    def test_false_and_null_are_no_answer(self):
        data, errors = answers_to_form_data(
            QUESTION_TYPES, {"agree": False, "name": None, "areas": None}
        )
        assert errors == {}
        assert dict(data) == {}

    def test_numbers_may_come_as_strings(self):
        data, errors = answers_to_form_data(QUESTION_TYPES, {"years": "3.5"})
        assert (data["years"], errors) == ("3.5", {})

    @pytest.mark.parametrize(
        ("name", "value"),
        [
            ("name", 12),
            ("name", {"first": "Ada"}),
            ("name", True),
            ("areas", "A"),
            ("areas", ["A", 2]),
            ("agree", "true"),
            ("agree", 1),
            ("years", True),
            ("years", [1]),
            ("pick", ["Yes"]),
        ],
    )
    def test_wrong_types_are_errors_not_answers(self, name, value):
        data, errors = answers_to_form_data(QUESTION_TYPES, {name: value})
        assert list(errors) == [name]
        assert name not in data

    def test_honeypot_of_any_type_is_passed_on_as_text(self):
        data, errors = answers_to_form_data(QUESTION_TYPES, {"website-url": 7})
        assert (data["website-url"], errors) == ("7", {})
        data, _ = answers_to_form_data(QUESTION_TYPES, {"website-url": ""})
        assert "website-url" not in data


class TestCors:
    def test_allowed_origin_may_read_and_post(
        self, client, routed_question_form, settings
    ):
        settings.CORS_ALLOWED_ORIGINS = [PARTNER]
        preflight = client.options(
            url_for(routed_question_form),
            HTTP_ORIGIN=PARTNER,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        )
        assert preflight.status_code == 200
        assert preflight["Access-Control-Allow-Origin"] == PARTNER
        assert "POST" in preflight["Access-Control-Allow-Methods"]
        assert "content-type" in preflight["Access-Control-Allow-Headers"]
        assert "Access-Control-Allow-Credentials" not in preflight

        response = post(
            client, routed_question_form, api_answers(), HTTP_ORIGIN=PARTNER
        )
        assert response.status_code == 201
        assert response["Access-Control-Allow-Origin"] == PARTNER
        assert "Access-Control-Allow-Credentials" not in response

        listing = client.get("/api/v2/pages/", HTTP_ORIGIN=PARTNER)
        assert listing["Access-Control-Allow-Origin"] == PARTNER

    def test_other_origins_get_no_cors_headers(
        self, client, routed_question_form, settings
    ):
        settings.CORS_ALLOWED_ORIGINS = [PARTNER]
        other = "https://evil.example.com"
        preflight = client.options(
            url_for(routed_question_form),
            HTTP_ORIGIN=other,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        )
        assert "Access-Control-Allow-Origin" not in preflight
        for response in (
            client.get("/api/v2/pages/", HTTP_ORIGIN=other),
            client.get("/api/openapi.json", HTTP_ORIGIN=other),
        ):
            assert response.status_code == 200
            assert "Access-Control-Allow-Origin" not in response

    def test_no_origin_is_allowed_by_default(
        self, client, routed_question_form, settings
    ):
        assert settings.CORS_ALLOWED_ORIGINS == settings.API_ALLOWED_ORIGINS
        settings.CORS_ALLOWED_ORIGINS = []
        response = client.get("/api/v2/pages/", HTTP_ORIGIN=PARTNER)
        assert "Access-Control-Allow-Origin" not in response

    def test_the_site_itself_is_not_opened_to_other_origins(
        self, client, routed_question_form, settings
    ):
        settings.CORS_ALLOWED_ORIGINS = [PARTNER]
        response = client.get(routed_question_form.url, HTTP_ORIGIN=PARTNER)
        assert "Access-Control-Allow-Origin" not in response
