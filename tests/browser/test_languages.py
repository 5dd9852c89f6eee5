"""
The site in Chinese (Traditional), Vietnamese and Spanish, in Chromium: every
kind of page passes axe-core's WCAG 2.2 A/AA rules, the quick exit speaks the
language and still leaves without a way Back, the hotline and the safety page
are at hand, and the language switcher works without any script. Each home page
is photographed as a phone shows it, for a person to look over the glyphs.

The starter site's pages in these languages are stand-ins: English words under
the language's address, with the site's own words (quick exit, hotline, menus,
form errors) translated.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from events.models import EventPage
from legal_forum.models import ApplicationFormPage
from tests.browser.axe import axe_violations
from tests.browser.conftest import NEUTRAL_SITE

# The live server needs committed data; after each test is flushed, the rows the
# migrations made (Wagtail's root page, the default site) are restored.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.starter_languages,
]

LANGUAGES = ["zh-hant", "vi", "es"]
FORM_SLUGS = {"legal-forum-application", "volunteer-pro-bono-attorney-application"}

ROOT = Path(__file__).resolve().parents[2]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or ROOT / "build" / "screenshots")

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def translated(code, words):
    """The site's own words as the page in language ``code`` should show them."""
    with translation.override(code):
        return translation.gettext(words)


def event_address(code):
    """An English event of the starter site, at its address in ``code``."""
    event = (
        EventPage.objects.live()
        .filter(locale__language_code="en")
        .order_by("path")
        .first()
    )
    assert event is not None, "the starter site has no event"
    return f"/{code}/events/{event.slug}/"


def form_addresses(code):
    """The application forms in ``code``, by slug: where they really are."""
    forms = ApplicationFormPage.objects.live().filter(locale__language_code=code)
    addresses = {form.slug: form.url for form in forms}
    assert set(addresses) == FORM_SLUGS
    assert all(url.startswith(f"/{code}/") for url in addresses.values())
    return addresses


def open_fresh(tab, url):
    """Open ``url`` with an empty page before it, as test_quick_exit.py does."""
    tab.goto("about:blank")
    tab.goto(url)


def answer_public_address(context, server):
    """
    The switcher's links are absolute, at the site's public address (SITE_URL),
    which the live test server stands in for here: answer them from it.
    """
    public = settings.SITE_URL.rstrip("/")

    def answer(route):
        url = server.url + route.request.url.removeprefix(public)
        route.fulfill(response=route.fetch(url=url))

    context.route(f"{public}/**", answer)
    return public


def save_screenshot(tab, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.evaluate("document.activeElement.blur()")  # no focus ring in the picture
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_kind_of_page_is_accessible(page, served_site, code):
    home = f"/{code}/"
    assert page.goto(served_site.url + home).ok
    page.set_viewport_size(PHONE)
    problems = {}
    if found := axe_violations(page):
        problems[f"{home} on a phone"] = found
    save_screenshot(page, f"home-{code}-390")

    page.set_viewport_size(DESKTOP)
    for url in [event_address(code), *sorted(form_addresses(code).values())]:
        response = page.goto(served_site.url + url)
        assert response.ok, f"{url} answered {response.status}"
        assert page.evaluate("document.documentElement.lang") == code
        if found := axe_violations(page):
            problems[url] = found
    assert problems == {}


@pytest.mark.parametrize("code", LANGUAGES)
def test_quick_exit_speaks_the_language_and_leaves_no_way_back(page, served_site, code):
    home = served_site.url + f"/{code}/"
    open_fresh(page, home)
    button = page.locator("[data-quick-exit]")
    assert button.text_content().strip() == translated(code, "Exit this page")
    assert button.text_content().strip() != "Exit this page"
    button.click()
    page.wait_for_url(NEUTRAL_SITE)
    page.go_back()
    # Our page was replaced in the history: Back goes to the page before it.
    assert page.url == "about:blank"

    open_fresh(page, home)
    status = page.locator("#quick-exit-status")
    page.keyboard.press("Shift")
    assert status.text_content() == translated(
        code, "Shift pressed 1 time. Press it 2 more times to leave this page."
    )
    page.keyboard.press("Shift")
    assert status.text_content() == translated(
        code, "Shift pressed 2 times. Press it 1 more time to leave this page."
    )
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_SITE)
    page.go_back()
    assert page.url == "about:blank"


@pytest.mark.parametrize("code", LANGUAGES)
def test_help_is_at_hand_and_the_switcher_needs_no_script(browser, served_site, code):
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    public = answer_public_address(context, served_site)
    tab = context.new_page()
    try:
        tab.goto(served_site.url + f"/{code}/")
        assert tab.evaluate("document.documentElement.lang") == code

        hotline = tab.locator(".hotline-bar a[href^='tel:']")
        assert hotline.is_visible()
        label = tab.locator(".hotline-bar__call").text_content()
        assert label.strip().startswith(translated(code, "Hotline:"))

        safely = tab.locator(".quick-exit-bar__hint a")
        assert safely.text_content() == translated(code, "How to browse safely")
        assert safely.get_attribute("href").startswith(f"/{code}/")
        safely.click()
        tab.wait_for_load_state()
        assert tab.url.startswith(served_site.url + f"/{code}/")
        assert tab.evaluate("document.documentElement.lang") == code

        # From the language's home page and from an event, English is one plain
        # link away, and it leads to the same page in English.
        for here in (f"/{code}/", event_address(code)):
            tab.goto(served_site.url + here)
            there = public + here.removeprefix(f"/{code}")
            english = tab.locator(".language-switcher a[hreflang=en]")
            assert english.get_attribute("lang") == "en"
            assert english.get_attribute("href") == there
            english.click()
            tab.wait_for_url(there)
            assert tab.evaluate("document.documentElement.lang") == "en"
            current = tab.locator(".language-switcher a[aria-current=true]")
            assert current.get_attribute("hreflang") == "en"
    finally:
        context.unroute_all(behavior="ignoreErrors")  # the favicon may be in flight
        context.close()


def test_a_vietnamese_form_names_what_is_missing_in_vietnamese(page, served_site):
    url = form_addresses("vi")["legal-forum-application"]
    page.set_viewport_size(DESKTOP)
    page.goto(served_site.url + url)
    page.fill("input[name=full_name]", "Nguyễn Thị Lan")
    page.click("button[type=submit]")
    summary = page.wait_for_selector(".error-summary")
    # Focus moves once the page's script has run (it may not have yet).
    page.wait_for_function(
        "() => document.activeElement.classList.contains('error-summary')", timeout=5000
    )

    assert page.evaluate("document.documentElement.lang") == "vi"
    heading = translated("vi", "There is a problem with your application")
    assert summary.query_selector("h2").text_content() == heading
    needs_answer = translated("vi", "This question needs an answer.")
    assert needs_answer != "This question needs an answer."
    errors = [link.text_content() for link in summary.query_selector_all("li a")]
    assert errors, "the summary lists no question"
    assert all(error.endswith(needs_answer) for error in errors), errors
    assert page.input_value("input[name=full_name]") == "Nguyễn Thị Lan"
    assert axe_violations(page) == []
