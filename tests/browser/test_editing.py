"""
The communications team's editing in Chromium: dates and times typed the US way
are kept as typed and saved; what cannot be read is refused (autosave included)
and nothing is stored; an Editor submits a page, a Lead Editor approves it and it
goes live. Screenshots of these screens go to the admin guide.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import Page, WorkflowState

from events.models import EventIndexPage, EventPage
from site_core.us_dates import DATE_HINT, TIME_HINT
from tests.auth import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Refreshed only when asked, so a test run leaves the working tree as it was:
# UPDATE_SCREENSHOTS=1 make test.
GUIDE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images" / "admin"
VIEWPORT = {"width": 1280, "height": 800}


@pytest.fixture
def screenshots(tmp_path):
    folder = GUIDE_IMAGES if os.environ.get("UPDATE_SCREENSHOTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def sign_in(page, server, username):
    page.set_viewport_size(VIEWPORT)
    page.goto(server.url + reverse("wagtailadmin_login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + reverse("wagtailadmin_home"))


def another_tab(page):
    """A second person's browser, signed in separately."""
    return page.context.browser.new_context().new_page()


def save_draft(page):
    page.click("#id_title")  # step out of the fields, as a person would
    # A date picker may still be fading in over the footer, so the button is
    # pressed directly rather than at a point on the screen. The editor keeps
    # talking to the server while open, so the network is never idle: wait for
    # the page the form's POST answers with instead.
    with page.expect_navigation():
        page.locator("button.action-save").first.dispatch_event("click")


def open_watched(page, url):
    """
    Open an editor and wait until Wagtail watches it for edits (what autosave
    sends is what changed after that).
    """
    page.add_init_script(WATCH_EDITS)
    page.goto(url)
    page.wait_for_function("window.watchingEdits === true")


WATCH_EDITS = """
document.addEventListener("w-unsaved:watch-edits", () => {
    window.watchingEdits = true;
});
"""


def settle(page):
    """Let the menu finish fading in before a screenshot."""
    # Only the menu's own animations: the editor runs others for as long as
    # it is open.
    page.wait_for_function(
        """document.getAnimations().filter(
            a => a.effect && a.effect.target && a.effect.target.closest
                && a.effect.target.closest("[data-tippy-root]")
        ).every(a => a.playState !== "running")"""
    )


def edit_path(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


# Dates and times ----------------------------------------------------------------


def add_event(page, server):
    """Type a new event in, the US way, and save it as a draft."""
    index = EventIndexPage.objects.get(locale__language_code="en")
    page.goto(
        server.url
        + reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])
    )
    page.fill("#id_title", "Holiday open house")
    page.select_option("#id_category", label="Legal Forum")
    page.fill("#id_start_date", "12/16/2026")
    page.fill("#id_start_time", "2:00 PM")
    page.fill("#id_end_time", "3:30 pm")
    page.fill("#id_summary", "Come and meet us.")
    page.click("#id_title")  # leave the time field: the picker used to rewrite it
    assert page.input_value("#id_start_date") == "12/16/2026"
    assert page.input_value("#id_start_time") == "2:00 PM"
    save_draft(page)
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    return EventPage.objects.get(title="Holiday open house", locale__language_code="en")


def test_dates_typed_the_us_way_are_saved_as_typed(page, served_site, staff):
    staff("Editors", "editor")
    sign_in(page, served_site, "editor")
    event = add_event(page, served_site)
    assert event.start_date == datetime.date(2026, 12, 16)
    assert event.start_time == datetime.time(14, 0)
    assert event.end_time == datetime.time(15, 30)
    # Shown back the same way.
    page.goto(served_site.url + edit_path(event.pk))
    assert page.input_value("#id_start_date") == "12/16/2026"
    assert page.input_value("#id_start_time") == "2:00 PM"
    assert page.input_value("#id_end_time") == "3:30 PM"


def test_the_date_picker_writes_us_dates(page, served_site, staff):
    staff("Editors", "editor")
    sign_in(page, served_site, "editor")
    event = add_event(page, served_site)
    page.goto(served_site.url + edit_path(event.pk))
    page.click("#id_end_date")
    page.locator(".xdsoft_datetimepicker:visible td[data-date='18']").first.click()
    # The picker opens on this month; 18 is picked from it.
    today = datetime.date.today()
    assert page.input_value("#id_end_date") == f"{today.month}/18/{today.year}"


@pytest.mark.parametrize(
    ("field", "typed", "hint"),
    [
        ("#id_start_date", "next tuesday", DATE_HINT),
        ("#id_start_time", "2pmm", TIME_HINT),
    ],
)
def test_what_cannot_be_read_is_refused_and_nothing_stored(
    page, served_site, staff, screenshots, field, typed, hint
):
    staff("Editors", "editor")
    sign_in(page, served_site, "editor")
    event = add_event(page, served_site)
    revisions = event.revisions.count()

    open_watched(page, served_site.url + edit_path(event.pk))
    page.fill(field, typed)
    page.click("#id_title")
    assert page.input_value(field) == typed  # not replaced by a guess
    # What autosave sends with it is refused and stores nothing
    # (tests/test_us_dates.py, test_autosave_of_an_unreadable_date_stores_nothing);
    # whether the editor has sent it yet depends on its timing, so it is not
    # waited for here.
    assert event.revisions.count() == revisions

    save_draft(page)
    error = page.get_by_text(hint)
    error.wait_for()
    assert page.input_value(field) == typed  # kept, to be corrected
    if typed == "next tuesday":
        error.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "editing-date-error.png"))
    event.refresh_from_db()
    assert event.revisions.count() == revisions
    assert event.start_date == datetime.date(2026, 12, 16)
    assert event.start_time == datetime.time(14, 0)


# Submit, approve, publish --------------------------------------------------------


def test_while_nobody_can_approve_the_editor_says_who_can_publish(
    page, served_site, staff, screenshots
):
    staff("Editors", "editor")
    sign_in(page, served_site, "editor")
    resource = Page.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )
    page.goto(served_site.url + edit_path(resource.pk))
    page.get_by_text("nobody is in Lead Editors").wait_for()
    assert page.locator("button[name=action-submit]").count() == 0
    assert page.locator("button[name=action-publish]").count() == 0
    page.screenshot(path=str(screenshots / "workflow-off.png"))


def test_an_editor_submits_and_a_lead_editor_approves(
    page, served_site, staff, screenshots
):
    staff("Editors", "editor")
    staff("Lead Editors", "lead")
    resource = Page.objects.get(
        slug="what-is-human-trafficking", locale__language_code="en"
    )

    # The Editor changes the title and submits the page for review.
    sign_in(page, served_site, "editor")
    page.goto(served_site.url + edit_path(resource.pk))
    page.fill("#id_title", "What is human trafficking? (updated)")
    page.locator("footer button.w-dropdown__toggle").click()
    submit = page.locator("button[name=action-submit]")
    submit.wait_for()
    settle(page)
    page.screenshot(path=str(screenshots / "workflow-submit.png"))
    with page.expect_navigation():
        submit.click()
    state = WorkflowState.objects.get(object_id=str(resource.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Page.objects.get(pk=resource.pk).title == "What is human trafficking?"

    # The Lead Editor finds it on the dashboard and approves it.
    lead = another_tab(page)
    sign_in(lead, served_site, "lead")
    lead.get_by_text("Awaiting your review").wait_for()
    lead.screenshot(path=str(screenshots / "workflow-awaiting-review.png"))
    lead.goto(served_site.url + edit_path(resource.pk))
    lead.locator("footer button.w-dropdown__toggle").click()
    approve = lead.locator("footer button", has_text="Approve and Publish")
    approve.wait_for()
    settle(lead)
    lead.screenshot(path=str(screenshots / "workflow-approve.png"))
    with lead.expect_navigation():
        approve.click()

    live = Page.objects.get(pk=resource.pk)
    assert live.title == "What is human trafficking? (updated)"
    assert live.live
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    lead.context.close()
