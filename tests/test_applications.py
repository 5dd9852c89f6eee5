"""The submission pipeline: validation, honeypot, rate limit, redirect, no-store."""

from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from legal_forum.models import (
    ApplicationFormField,
    ApplicationRouting,
    ApplicationSubmission,
)
from legal_forum.ratelimit import give_back
from tests.applications import form_answers
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory
from tests.questions import QUESTIONS, add_questions

pytestmark = pytest.mark.django_db


def errors_for(client, question_form, **changes):
    response = client.post(question_form.url, form_answers(**changes))
    assert response.status_code == 200
    return response.context["form"].errors


class TestValidation:
    def test_valid_application_is_stored_as_typed(self, client, question_form):
        response = client.post(
            question_form.url,
            form_answers(
                full_name="  Ada Lovelace ",
                about_you="Line one\n\n  indented line\n",
                practice_areas=["Immigration", "Family law"],
                phone_number="+1 (916) 428-3271",
                years_in_practice="12.5",
                available_from="2026-05-31",
                firm_website="https://example.org/firm",
            ),
        )
        assert response.status_code == 302
        data = ApplicationSubmission.objects.get().form_data
        assert data["full_name"] == "  Ada Lovelace "
        assert data["about_you"] == "Line one\n\n  indented line\n"
        assert data["practice_areas"] == ["Immigration", "Family law"]
        assert data["phone_number"] == "+1 (916) 428-3271"
        assert data["i_agree_to_be_contacted"] is True
        assert "website-url" not in data

    def test_missing_required_answer(self, client, question_form):
        errors = errors_for(
            client, question_form, full_name="", i_agree_to_be_contacted=None
        )
        assert errors["full_name"] == ["This question needs an answer."]
        assert errors["i_agree_to_be_contacted"] == ["This question needs an answer."]

    def test_required_answer_needs_more_than_spaces(self, client, question_form):
        errors = errors_for(client, question_form, full_name="   ")
        assert errors["full_name"] == ["This answer cannot be only spaces."]

    @pytest.mark.parametrize(
        ("field", "limit"), [("full_name", 255), ("about_you", 5000)]
    )
    def test_default_length_limits(self, client, question_form, field, limit):
        at_limit = client.post(question_form.url, form_answers(**{field: "x" * limit}))
        assert at_limit.status_code == 302
        errors = errors_for(client, question_form, **{field: "x" * (limit + 1)})
        assert errors[field] == [
            f"Shorten this answer to {limit} characters or fewer (it has {limit + 1})."
        ]

    def test_staff_can_lower_a_limit(self, client, question_form):
        errors = errors_for(client, question_form, nickname="x" * 11)
        assert errors["nickname"] == [
            "Shorten this answer to 10 characters or fewer (it has 11)."
        ]
        page = BeautifulSoup(client.get(question_form.url).content, "html.parser")
        assert page.find(attrs={"name": "nickname"})["maxlength"] == "10"

    def test_staff_cannot_raise_a_limit_past_the_ceiling(self, question_form):
        field = ApplicationFormField(
            page=question_form, label="Long", field_type="singleline", max_length=300
        )
        with pytest.raises(ValidationError) as error:
            field.clean()
        assert error.value.message_dict["max_length"] == [
            "Answers to this type of question can have at most 255 characters."
        ]

    @pytest.mark.parametrize(
        ("field", "value", "message"),
        [
            ("email_address", "not-an-email", "Enter a valid email address."),
            ("phone_number", "call me", "Use only numbers, spaces and + - ( ) in"),
            ("phone_number", "12", "Enter a phone number people can dial"),
            ("years_in_practice", "many", "Enter a number, for example 12 or 3.5."),
            ("available_from", "31/31/2026", "Enter a date, for example 05/31/2026."),
            ("firm_website", "not a url", "Enter a valid URL."),
        ],
    )
    def test_typed_fields_explain_what_they_expect(
        self, client, question_form, field, value, message
    ):
        errors = errors_for(client, question_form, **{field: value})
        assert errors[field][0].startswith(message)

    def test_us_date_format_is_accepted(self, client, question_form):
        response = client.post(
            question_form.url, form_answers(available_from="05/31/2026")
        )
        assert response.status_code == 302
        assert ApplicationSubmission.objects.get().form_data["available_from"] == (
            "2026-05-31"
        )

    def test_fields_identify_their_purpose_to_browsers(self, client, question_form):
        page = BeautifulSoup(client.get(question_form.url).content, "html.parser")
        assert page.find(attrs={"name": "full_name"})["autocomplete"] == "name"
        assert page.find(attrs={"name": "email_address"})["autocomplete"] == "email"
        phone = page.find(attrs={"name": "phone_number"})
        assert phone["type"] == "tel" and phone["autocomplete"] == "tel"


NUL = "This answer contains a null character. Remove it and send again."
UNREADABLE = (
    "Part of this answer could not be read (it shows as \ufffd). Type those "
    "characters again."
)
FORM_BODY = "application/x-www-form-urlencoded"


@pytest.fixture
def every_question_type(question_form):
    """The question types QUESTIONS leaves out, so that every type is checked."""
    return add_questions(
        question_form,
        [
            ("Referral code", "hidden", False, {"default_value": "partner"}),
            ("County", "dropdown", False, {"choices": "Sacramento\nYolo"}),
            ("Contact by", "radio", False, {"choices": "Email\nPhone"}),
            ("Languages", "multiselect", False, {"choices": "English\nTagalog"}),
            ("Call me at", "datetime", False, {}),
        ],
        start=len(QUESTIONS),
    )


def raw_post(client, question_form, field, encoded, **extra):
    """Post the usual answers with ``field`` set to ``encoded``, sent as it is."""
    fields = {**form_answers(), "referral_code": "partner"}
    fields.pop(field, None)
    body = f"{urlencode(fields)}&{field}={encoded}"
    return client.post(question_form.url, body, content_type=FORM_BODY, **extra)


class TestTextThatCannotBeStored:
    """No answer is stored that a database or an export could not write."""

    @pytest.mark.parametrize(
        ("field", "encoded", "message"),
        [
            ("full_name", "Ada%00", NUL),
            ("about_you", "line%00line", NUL),
            ("email_address", "ada%00%40example.org", NUL),
            ("phone_number", "916%00", NUL),
            ("firm_website", "https%3A%2F%2Fexample.org%2F%00", NUL),
            ("nickname", "%00", NUL),
            ("practice_areas", "%00", NUL),
            ("years_in_practice", "1%00", NUL),
            ("available_from", "2026-05-31%00", NUL),
            ("referral_code", "partner%00", NUL),
            ("county", "Yolo%00", NUL),
            ("contact_by", "%00", NUL),
            ("languages", "English%00", NUL),
            ("call_me_at", "2026-05-31T14%3A30%00", NUL),
            # Bytes that are not UTF-8: a lone surrogate, an overlong form, bare
            # bytes. Django reads them as U+FFFD, so the answer lost characters.
            ("full_name", "%ED%A0%80", UNREADABLE),
            ("full_name", "Jos%C0%AF", UNREADABLE),
            ("about_you", "%FF%FE", UNREADABLE),
            ("practice_areas", "%ED%B0%80", UNREADABLE),
            ("referral_code", "%80", UNREADABLE),
            ("county", "%C3", UNREADABLE),
        ],
    )
    def test_the_question_says_what_is_wrong(
        self, client, every_question_type, field, encoded, message
    ):
        response = raw_post(client, every_question_type, field, encoded)
        assert response.status_code == 200
        assert response.context["form"].errors[field] == [message]
        assert not ApplicationSubmission.objects.exists()

    def test_a_null_character_in_the_honeypot_is_refused_not_dropped(
        self, client, question_form
    ):
        response = raw_post(client, question_form, "website-url", "x%00")
        assert response.status_code == 200
        assert response.context["form"].errors["website-url"] == [NUL]
        assert not ApplicationSubmission.objects.exists()

    def test_the_same_character_typed_in_full_is_fine(self, client, question_form):
        response = raw_post(
            client, question_form, "full_name", "Jos%C3%A9%20%F0%9F%98%80"
        )
        assert response.status_code == 302
        assert ApplicationSubmission.objects.get().form_data["full_name"] == (
            "Jos\u00e9 \U0001f600"
        )

    @pytest.mark.parametrize(
        ("body", "content_type", "status"),
        [
            (b"garbage", "multipart/form-data", 400),
            (b"full_name=Ada", f"{FORM_BODY}; charset=utf-16", 400),
            (
                b"--x\r\nContent-Disposition: form-data; name=\r\n\r\n--",
                "multipart/form-data; boundary=x",
                200,
            ),
            (
                b"--x\r\nContent-Disposition: form-data; name=full_name\r\n"
                b"Content-Transfer-Encoding: base64\r\n\r\n!!!\r\n--x--\r\n",
                "multipart/form-data; boundary=x",
                200,
            ),
        ],
        ids=["no boundary", "utf-16", "nameless part", "bad base64"],
    )
    def test_a_body_that_cannot_be_read_is_never_a_server_error(
        self, client, question_form, body, content_type, status
    ):
        response = client.post(question_form.url, body, content_type=content_type)
        # Refused whole (400), or read as far as it goes and sent back to correct.
        assert response.status_code == status
        assert not ApplicationSubmission.objects.exists()

    @pytest.mark.parametrize(
        ("raw", "message"), [(b"Ada\x00", NUL), (b"\xed\xa0\x80", UNREADABLE)]
    )
    def test_multipart_answers_are_checked_too(
        self, client, question_form, raw, message
    ):
        parts = [
            (name.encode(), value.encode())
            for name, value in form_answers(full_name=None).items()
        ] + [(b"full_name", raw)]
        body = b"".join(
            b'--x\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
            % (name, value)
            for name, value in parts
        )
        response = client.post(
            question_form.url,
            body + b"--x--\r\n",
            content_type="multipart/form-data; boundary=x",
        )
        assert response.status_code == 200
        assert response.context["form"].errors["full_name"] == [message]
        assert not ApplicationSubmission.objects.exists()


class TestHoneypot:
    def test_is_hidden_from_sight_keyboard_and_screen_readers(
        self, client, question_form
    ):
        page = BeautifulSoup(client.get(question_form.url).content, "html.parser")
        trap = page.find(attrs={"name": "website-url"})
        assert trap["tabindex"] == "-1"
        assert trap["autocomplete"] == "off"
        wrapper = trap.find_parent("div", class_="honeypot")
        assert wrapper["aria-hidden"] == "true"
        assert wrapper.has_attr("inert")
        assert "honeypot" not in " ".join(
            a["href"] for a in page.select(".error-summary a")
        )

    def test_filled_honeypot_is_dropped_silently(
        self, client, question_form, mailoutbox
    ):
        ApplicationRouting.objects.filter(page=question_form).update(
            to_address="coordinator@example.org"
        )
        response = client.post(
            question_form.url, form_answers(**{"website-url": "http://spam.example"})
        )
        assert response.status_code == 302
        assert response["Location"] == f"{question_form.url}thank-you/"
        assert not ApplicationSubmission.objects.exists()
        assert mailoutbox == []

    def test_honeypot_check_comes_before_validation(self, client, question_form):
        response = client.post(question_form.url, {"website-url": "x", "full_name": ""})
        assert response.status_code == 302
        assert not ApplicationSubmission.objects.exists()


class TestRateLimit:
    def test_sixth_application_in_the_window_is_refused(
        self, client, question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (5, 600)
        for _ in range(5):
            assert client.post(question_form.url, form_answers()).status_code == 302
        response = client.post(question_form.url, form_answers())
        assert response.status_code == 429
        assert response["Retry-After"] == "600"
        text = response.content.decode()
        assert "Please try again later" in text
        assert 'href="tel:+19164283271"' in text
        assert ApplicationSubmission.objects.count() == 5

    def test_limit_is_per_form_and_per_address(
        self, client, home, question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        other = ApplicationFormPageFactory(parent=home, slug="other")
        ApplicationFormFieldFactory(page=other, label="Full name")
        assert client.post(question_form.url, form_answers()).status_code == 302
        assert client.post(question_form.url, form_answers()).status_code == 429
        assert client.post(other.url, {"full_name": "Ada"}).status_code == 302
        elsewhere = client.post(
            question_form.url, form_answers(), REMOTE_ADDR="10.0.0.9"
        )
        assert elsewhere.status_code == 302

    def test_mistakes_do_not_use_up_the_limit(self, client, question_form, settings):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        for _ in range(3):
            assert (
                client.post(question_form.url, form_answers(full_name="")).status_code
                == 200
            )
        for mistake in [
            form_answers(nickname="x" * 11),
            form_answers(email_address="ada@", phone_number="call me"),
            form_answers(i_agree_to_be_contacted=None),
        ]:
            assert client.post(question_form.url, mistake).status_code == 200
        assert (
            raw_post(client, question_form, "full_name", "Jos%C0%AF").status_code == 200
        )
        assert client.post(question_form.url, form_answers()).status_code == 302
        assert client.post(question_form.url, form_answers()).status_code == 429

    @pytest.mark.parametrize(
        ("field", "encoded"),
        [
            ("full_name", "Ada%00"),
            ("practice_areas", "%00"),
            ("years_in_practice", "%00"),
            ("website-url", "%00"),
        ],
    )
    def test_text_nobody_could_type_uses_up_the_limit(
        self, client, question_form, settings, field, encoded
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        assert raw_post(client, question_form, field, encoded).status_code == 200
        assert client.post(question_form.url, form_answers()).status_code == 429
        assert not ApplicationSubmission.objects.exists()

    def test_a_filled_honeypot_uses_up_the_limit(self, client, question_form, settings):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        trapped = client.post(question_form.url, form_answers(**{"website-url": "x"}))
        assert trapped.status_code == 302
        assert client.post(question_form.url, form_answers()).status_code == 429

    def test_nothing_is_given_back_after_the_window_ends(
        self, client, question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        give_back(question_form, "127.0.0.1")  # as if a window ended mid-request
        assert client.post(question_form.url, form_answers()).status_code == 302
        assert client.post(question_form.url, form_answers()).status_code == 429

    def test_behind_a_proxy_the_forwarded_address_counts(
        self, client, question_form, settings
    ):
        settings.APPLICATION_RATE_LIMIT = (1, 600)
        settings.TRUSTED_PROXY_COUNT = 1

        def post(forwarded):
            return client.post(
                question_form.url, form_answers(), HTTP_X_FORWARDED_FOR=forwarded
            ).status_code

        assert post("198.51.100.7") == 302
        assert post("198.51.100.8") == 302
        # A client cannot dodge the limit by prepending addresses of its own.
        assert post("203.0.113.1, 198.51.100.7") == 429


class TestRedirectAfterPost:
    def test_thank_you_page_is_a_separate_get(self, client, question_form):
        response = client.post(question_form.url, form_answers())
        assert response.status_code == 302
        thank_you = client.get(response["Location"])
        assert thank_you.status_code == 200
        assert "Thanks for applying." in thank_you.content.decode()
        # Refreshing the thank-you page sends nothing again.
        client.get(response["Location"])
        assert ApplicationSubmission.objects.count() == 1

    def test_thank_you_page_of_an_unpublished_form_is_not_found(
        self, client, question_form
    ):
        question_form.unpublish()
        assert client.get(f"{question_form.url}thank-you/").status_code == 404

    @pytest.mark.parametrize("when", ["form", "errors", "thank-you"])
    def test_no_copy_is_kept_in_caches(self, client, question_form, when):
        if when == "form":
            response = client.get(question_form.url)
        elif when == "errors":
            response = client.post(question_form.url, form_answers(full_name=""))
        else:
            response = client.get(f"{question_form.url}thank-you/")
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
