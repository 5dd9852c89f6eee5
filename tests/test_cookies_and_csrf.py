"""
Nothing lingers on a visitor's device: no cookie outlives the browser session,
public pages set none at all, and an expired form keeps the applicant's answers.
"""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Page

from legal_forum.models import ApplicationFormPage, ApplicationSubmission

pytestmark = pytest.mark.django_db


def test_reading_pages_sets_no_cookie(client, starter_site):
    pages = (
        Page.objects.live()
        .filter(depth__gt=1)
        .exclude(pk__in=ApplicationFormPage.objects.values("pk"))
    )
    for page in pages:
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert not response.cookies, page.url


def test_the_forms_csrf_cookie_ends_with_the_browser_session(client, starter_form):
    response = client.get(starter_form.url)
    cookie = response.cookies["csrftoken"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert set(response.cookies) == {"csrftoken"}


def test_a_failed_security_check_shows_the_answers_again(starter_form):
    browser = Client(enforce_csrf_checks=True)
    browser.get(starter_form.url)
    answers = {
        "full_name": "Ada Lovelace",
        "email_address": "ada@example.org",
        "csrfmiddlewaretoken": "expired-token-from-last-night",
    }
    response = browser.post(starter_form.url, answers)
    assert response.status_code == 403
    assert "no-store" in response["Cache-Control"]
    page = BeautifulSoup(response.content, "html.parser")
    assert "have not been sent yet" in page.select_one("[role=alert]").get_text()
    assert page.find("input", attrs={"name": "full_name"})["value"] == "Ada Lovelace"
    assert page.find("input", attrs={"name": "email_address"})["value"] == (
        "ada@example.org"
    )
    assert not ApplicationSubmission.objects.exists()
    # The form now carries a fresh token, so sending it again works.
    token = page.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    resent = browser.post(starter_form.url, {**answers, "csrfmiddlewaretoken": token})
    assert resent.status_code in (200, 302)


def test_other_csrf_failures_keep_djangos_page(starter_site):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/search/", {"q": "help"})
    assert response.status_code == 403
    assert b"have not been sent yet" not in response.content
