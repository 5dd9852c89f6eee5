"""Quick exit in a real browser: by click, by Shift x3, by keyboard, without JS."""

import time

import pytest

from tests.browser.conftest import NEUTRAL_SITE

# The live server needs committed data; after each test is flushed, the rows the
# migrations made (Wagtail's root page, the default site) are restored.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def open_home(page, server):
    page.goto("about:blank")
    page.goto(server.url + "/")


def test_quick_exit_is_the_first_stop_after_the_skip_link(page, served_site):
    open_home(page, served_site)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == (
        "Skip to main content"
    )
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent, "
        "getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused[0] == "Exit this page"
    assert focused[1] != "none", "the focused control shows no outline"
    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL_SITE)


def test_click_leaves_and_back_does_not_return(page, served_site):
    open_home(page, served_site)
    page.click("text=Exit this page")
    page.wait_for_url(NEUTRAL_SITE)
    page.go_back()
    # Our page was replaced in the history: Back goes to where the visitor was
    # before, not to us.
    assert page.url == "about:blank"


def test_three_shift_presses_leave(page, served_site):
    open_home(page, served_site)
    page.keyboard.press("Shift")
    status = page.locator("#quick-exit-status")
    assert "Press it 2 more times" in status.text_content()
    page.keyboard.press("Shift")
    assert "Press it 1 more time" in status.text_content()
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL_SITE)
    page.go_back()
    assert page.url == "about:blank"


def test_another_key_resets_the_count(page, served_site):
    open_home(page, served_site)
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    assert page.locator("#quick-exit-status").text_content() == ""
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert page.url == served_site.url + "/"


def test_a_pause_resets_the_count(page, served_site):
    page.clock.install()  # the page's timers run on a clock the test moves...
    open_home(page, served_site)
    # ...and only when it moves it, however slowly the machine runs.
    page.clock.pause_at(time.time() + 1)
    status = page.locator("#quick-exit-status")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(4_900)
    assert "Press it 1 more time" in status.text_content()
    page.clock.run_for(200)  # five seconds without a press
    assert status.text_content() == ""
    page.keyboard.press("Shift")
    assert "Press it 2 more times" in status.text_content()
    page.wait_for_timeout(300)
    assert page.url == served_site.url + "/"


def test_without_javascript_it_is_still_a_working_link(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.route(
        f"{NEUTRAL_SITE}**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="ok"),
    )
    tab.goto(served_site.url + "/")
    tab.click("text=Exit this page")
    tab.wait_for_url(NEUTRAL_SITE)
    context.close()
