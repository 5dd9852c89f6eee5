"""
Every public page of the starter site in Chromium: axe-core finds no WCAG 2.2 A/AA
violations, nothing is requested from another host, and the forms' errors are
summarised, linked and focused.
"""

import pytest
from wagtail.models import Page

from legal_forum.models import ApplicationFormPage
from starter_content.content import LANGUAGES as STARTER_LANGUAGES
from tests.browser.axe import axe_violations
from tests.browser.conftest import same_host

# The live server needs committed data; after each test is flushed, the rows the
# migrations made (Wagtail's root page, the default site) are restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.starter_languages
def test_every_page_is_accessible_and_self_contained(page, served_site):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    english = Page.objects.live().filter(depth__gt=1, locale__language_code="en")
    forms = ApplicationFormPage.objects.live().filter(locale__language_code="en")
    urls = [p.url for p in english.specific()]
    urls += [f"{form.url}thank-you/" for form in forms]
    urls += ["/search/", "/no-such-page/"]
    # Every other starter language's chrome (its words are longer or in other
    # scripts) on the pages that are the site's own; its pages of each kind in
    # tests/browser/test_languages.py.
    for code in STARTER_LANGUAGES:
        urls += [f"/{code}/", f"/{code}/search/", f"/{code}/no-such-page/"]
    problems = {}
    for url in urls:
        page.goto(served_site.url + url)
        if found := axe_violations(page):
            problems[url] = found

    for form in forms:
        page.goto(served_site.url + form.url)
        page.click("button[type=submit]")
        page.wait_for_selector(".error-summary")
        # Focus moves once the page's script has run (it may not have yet).
        page.wait_for_function(
            "() => document.activeElement.classList.contains('error-summary')",
            timeout=5000,
        )
        if found := axe_violations(page):
            problems[f"{form.url} with errors"] = found
        # The summary is announced (role=alert), focused, and links to fields.
        assert page.evaluate("document.activeElement.className") == "error-summary"
        first_link = page.locator(".error-summary a").first
        target = first_link.get_attribute("href")
        first_link.click()
        assert page.evaluate("'#' + document.activeElement.id") == target

    assert problems == {}
    foreign = [url for url in requested if not same_host(url, served_site)]
    assert foreign == []
    assert len(requested) > len(urls)  # pages, styles and scripts were all seen


def test_every_form_control_is_reachable_with_a_visible_focus(page, served_site):
    form = ApplicationFormPage.objects.get(
        slug="legal-forum-application", locale__language_code="en"
    )
    page.goto(served_site.url + form.url)
    expected = page.evaluate(
        """Array.from(document.querySelectorAll(
            'main a[href], main input:not([type=hidden]), main textarea, '
            + 'main select, main button'
        )).filter(el => !el.closest('[inert]')).length"""
    )
    reached = set()
    for _ in range(expected + 40):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """(() => {
                const el = document.activeElement;
                const style = getComputedStyle(el);
                return {
                    inMain: !!el.closest('main'),
                    key: el.id || el.name || el.textContent.trim(),
                    visible: style.outlineStyle !== 'none'
                        || style.boxShadow !== 'none',
                };
            })()"""
        )
        if focus["inMain"]:
            assert focus["visible"], f"{focus['key']} has no visible focus"
            reached.add(focus["key"])
    assert len(reached) >= expected - 1  # radio groups take one tab stop each
    assert "website-url" not in reached  # the honeypot is never reached


def test_a_form_left_open_too_long_keeps_the_answers(page, served_site):
    """The security check fails (the cookie is gone): answers come back, accessibly."""
    form = ApplicationFormPage.objects.get(
        slug="legal-forum-application", locale__language_code="en"
    )
    page.goto(served_site.url + form.url)
    page.fill("input[name=full_name]", "Ada Lovelace")
    page.context.clear_cookies()
    page.click("button[type=submit]")
    notice = page.wait_for_selector(".notice[role=alert]")
    assert "have not been sent yet" in notice.inner_text()
    assert page.input_value("input[name=full_name]") == "Ada Lovelace"
    assert axe_violations(page) == []
    assert not page.context.cookies() or all(
        cookie["expires"] == -1 for cookie in page.context.cookies()
    )
