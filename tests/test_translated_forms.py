"""
One application, whatever the language: an application sent through a form
translated in the admin (wagtail-localize), or through a stand-in of one not
translated yet, is filed under the English form, in its columns, with the
language it was written in.
"""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale

from legal_forum.export import csv_chunks
from legal_forum.models import ApplicationRouting, ApplicationSubmission
from tests.auth import sign_in
from tests.translating import translate_in_the_admin

pytestmark = [pytest.mark.django_db, pytest.mark.starter_languages]

# What a translator types for the Legal Forum Application, by its English words.
VIETNAMESE = {
    "Legal Forum Application": "Đơn đăng ký Diễn đàn Pháp lý",
    "Full name": "Họ và tên",
    "Email address": "Địa chỉ email",
    "Are you an attorney?": "Bạn có phải là luật sư không?",
    "Yes<br/>No": "Có<br/>Không",
}

ANSWERS = {
    "full_name": "Trần Thị Mai",
    "email_address": "mai@example.org",
    "are_you_an_attorney": "Có",
}


def consent_field(page):
    """The name of the form's consent question (a checkbox)."""
    return next(
        field.clean_name
        for field in page.get_form_fields()
        if field.field_type == "checkbox"
    )


def send(client, page, answers):
    """Fill in and send ``page``'s form as a visitor does, token and all."""
    form = BeautifulSoup(client.get(page.url).content, "html.parser").form
    data = {
        field["name"]: field.get("value", "")
        for field in form.select("input[type=hidden]")
    }
    return client.post(page.url, {**data, **answers})


@pytest.fixture
def vietnamese_form(starter_form):
    return translate_in_the_admin(starter_form, "vi", VIETNAMESE)


def test_a_translated_form_keeps_each_questions_name(starter_form, vietnamese_form):
    english = [(f.clean_name, f.label) for f in starter_form.get_form_fields()]
    translated = [(f.clean_name, f.label) for f in vietnamese_form.get_form_fields()]

    assert vietnamese_form.url.startswith("/vi/")
    assert vietnamese_form.alias_of_id is None  # a translation, not a stand-in
    assert [name for name, _ in translated] == [name for name, _ in english]
    assert translated[0][1] == "Họ và tên"


def test_a_vietnamese_application_is_in_the_english_forms_csv(
    client, starter_form, vietnamese_form, django_capture_on_commit_callbacks
):
    answers = {**ANSWERS, consent_field(starter_form): "on"}
    page = BeautifulSoup(client.get(vietnamese_form.url).content, "html.parser")
    assert page.html["lang"] == "vi"
    assert (
        page.select_one("label[for=id_full_name]")
        .get_text(strip=True)
        .startswith("Họ và tên")
    )
    ApplicationRouting.objects.filter(page=starter_form).update(
        to_address="coordinator@example.org"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, vietnamese_form, answers)
        english_answers = {**answers, "full_name": "Ada", "are_you_an_attorney": "Yes"}
        assert send(client, starter_form, english_answers).status_code == 302

    assert response.status_code == 302
    assert response["Location"].startswith("/vi/")  # thanked in Vietnamese
    vietnamese, english = ApplicationSubmission.objects.order_by("pk")
    assert vietnamese.page_id == english.page_id == starter_form.pk
    assert (vietnamese.language, english.language) == ("vi", "en")
    # The choice as the English form words it, so one column reads one way.
    assert vietnamese.form_data["are_you_an_attorney"] == "Yes"

    text = "".join(csv_chunks(starter_form, starter_form.get_submissions()))
    header, *rows = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    language = header.index("Language")
    name = header.index("Full name")
    attorney = header.index("Are you an attorney?")
    assert [(row[language], row[name], row[attorney]) for row in rows] == [
        ("Vietnamese", "Trần Thị Mai", "Yes"),
        ("English", "Ada", "Yes"),
    ]
    # The coordinator is told which language it was written in.
    assert "It was written in Vietnamese." in mail.outbox[0].body


def test_a_stand_in_forms_applications_are_filed_under_the_english_form(
    client, starter_form
):
    spanish = starter_form.get_translation(Locale.objects.get(language_code="es"))
    assert spanish.alias_of_id == starter_form.pk  # not translated yet
    answers = {
        **ANSWERS,
        "are_you_an_attorney": "No",
        consent_field(starter_form): "on",
    }

    response = send(client, spanish, answers)

    assert response.status_code == 302, response.content[:500]
    application = ApplicationSubmission.objects.get()
    assert application.page_id == starter_form.pk
    assert application.language == "es"
    assert application.language_name == "Spanish"


def test_coordinators_see_each_form_once(client, coordinator, starter_form):
    sign_in(client, coordinator)
    page = BeautifulSoup(
        client.get(reverse("legal_forum_admin:index")).content, "html.parser"
    )
    titles = [link.get_text() for link in page.select("tbody tr td:first-child a")]
    # The two forms, not one per language.
    assert sorted(titles) == [
        "Legal Forum Application",
        "Volunteer Pro Bono Attorney Application",
    ]


def test_the_api_takes_answers_for_a_translated_form(
    client, starter_form, vietnamese_form
):
    answers = {**ANSWERS, consent_field(starter_form): True}
    response = client.post(
        reverse("api_form_submissions", args=[vietnamese_form.pk]),
        json.dumps(answers),
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    application = ApplicationSubmission.objects.get()
    assert application.page_id == starter_form.pk
    assert application.language == "vi"
    assert application.form_data["are_you_an_attorney"] == "Yes"
