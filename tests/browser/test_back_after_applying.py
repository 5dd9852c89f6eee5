"""
After applying, Back shows an empty form in Chromium, and sending the old form's
request again stores nothing new.
"""

import pytest

from legal_forum.form_builder import TOKEN_FIELD
from legal_forum.models import ApplicationFormPage, ApplicationSubmission
from tests.browser.conftest import same_host

# The live server needs committed data; after each test is flushed, the rows the
# migrations made (Wagtail's root page, the default site) are restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FORM = "form.application-form"
# Every answer the applicant can see: [name, value or ticked].
ANSWERS = f"""Array.from(document.querySelectorAll(
    '{FORM} input:not([type=hidden]), {FORM} textarea, {FORM} select'
)).map(el => [el.name,
    el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value])"""


def open_form(page, server):
    form = ApplicationFormPage.objects.get(
        slug="legal-forum-application", locale__language_code="en"
    )
    page.goto(server.url + form.url)
    return form


def fill_in(page):
    page.fill("input[name=full_name]", "Ada Lovelace")
    page.fill("input[name=email_address]", "ada@example.org")
    page.fill("input[name=phone_number]", "916-428-3271")
    page.fill("input[name=organization_or_firm]", "Analytical Engines LLP")
    page.check("input[name=are_you_an_attorney][value=Yes]")
    page.fill("input[name=bar_number]", "123456")
    page.check(f"{FORM} input[name=practice_areas] >> nth=0")
    page.fill("textarea[name=availability]", "Tuesday evenings")
    page.check(f"{FORM} input[type=checkbox][name^=i_agree]")


def filled(answers):
    return [name for name, value in answers if value not in ("", False)]


def test_back_after_applying_shows_an_empty_form_and_a_resend_stores_nothing(
    page, served_site, tmp_path
):
    requested, problems = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on(
        "console",
        lambda message: (
            problems.append(message.text) if message.type == "error" else None
        ),
    )
    form = open_form(page, served_site)
    fill_in(page)
    assert len(filled(page.evaluate(ANSWERS))) == 9  # all fill_in gave
    # The request the browser is about to send, to send again afterwards.
    sent = page.evaluate(
        f"new URLSearchParams(new FormData(document.querySelector('{FORM}')))"
        ".toString()"
    )
    old_token = page.input_value(f"input[name={TOKEN_FIELD}]")
    page.click("button[type=submit]")
    page.wait_for_url(f"**{form.url}thank-you/")
    assert ApplicationSubmission.objects.count() == 1

    page.go_back()
    page.wait_for_selector(FORM)
    assert page.url == served_site.url + form.url
    assert filled(page.evaluate(ANSWERS)) == []
    # A new showing of the form, so a new application if the applicant sends it.
    assert page.input_value(f"input[name={TOKEN_FIELD}]") not in ("", old_token)
    # No browser test keeps screenshots; this one is left in pytest's tmp_path.
    page.screenshot(path=tmp_path / "back-after-applying.png", full_page=True)

    # The same request again, with the old token and a valid security token.
    response = page.request.post(
        served_site.url + form.url,
        data=sent,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert response.status == 302
    assert response.headers["location"] == f"{form.url}thank-you/"
    assert ApplicationSubmission.objects.count() == 1

    assert problems == []  # no script refused by the page's security policy
    assert [url for url in requested if not same_host(url, served_site)] == []


def test_the_fields_keep_their_autofill_names(page, served_site):
    """The form's autocomplete=off leaves each question's own token in place."""
    open_form(page, served_site)
    assert page.get_attribute(FORM, "autocomplete") == "off"
    assert page.get_attribute("input[name=full_name]", "autocomplete") == "name"
    assert page.get_attribute("input[name=email_address]", "autocomplete") == "email"
    assert (
        page.evaluate(
            "document.querySelector('input[name=email_address]').autocomplete"
        )
        == "email"
    )


def show_from_back_forward_cache(page):
    page.evaluate(
        "window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))"
    )


def test_a_sent_form_kept_whole_by_the_browser_is_emptied(page, served_site):
    """
    Chromium here loads the page again on Back (it is no-store); a browser that
    keeps it whole in its back-forward cache shows it with a persisted pageshow.
    """
    open_form(page, served_site)
    fill_in(page)
    old_token = page.input_value(f"input[name={TOKEN_FIELD}]")
    # Sent, as far as the page knows; the navigation itself is stopped.
    page.evaluate(
        f"""(() => {{
            const form = document.querySelector('{FORM}');
            form.addEventListener('submit', event => event.preventDefault());
            form.requestSubmit();
        }})()"""
    )
    show_from_back_forward_cache(page)
    assert filled(page.evaluate(ANSWERS)) == []
    token = page.input_value(f"input[name={TOKEN_FIELD}]")
    assert token != old_token
    assert len(token) == 43 and token.replace("-", "").replace("_", "").isalnum()


def test_answers_not_yet_sent_are_kept(page, served_site):
    open_form(page, served_site)
    fill_in(page)
    show_from_back_forward_cache(page)
    assert len(filled(page.evaluate(ANSWERS))) == 9  # all fill_in gave
