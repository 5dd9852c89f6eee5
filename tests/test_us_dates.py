"""Every admin date and time takes the US forms staff type, and refuses a guess."""

import datetime
import json
import zoneinfo

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from events.models import EventCategory, EventIndexPage, EventPage
from site_core.us_dates import (
    DATE_HINT,
    DATETIME_HINT,
    TIME_HINT,
    Impossible,
    Unreadable,
    USDateTimeField,
    USDateTimeInput,
    format_date,
    format_datetime,
    format_time,
    parse_date,
    parse_datetime,
    parse_time,
)
from tests.admin_forms import form_data
from tests.auth import sign_in

SACRAMENTO = zoneinfo.ZoneInfo("America/Los_Angeles")


# Reading and writing ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("12/16/2026", datetime.date(2026, 12, 16)),
        ("1/5/2027", datetime.date(2027, 1, 5)),
        ("01/05/2027", datetime.date(2027, 1, 5)),
        ("12/16/26", datetime.date(2026, 12, 16)),
        (" 2026-12-16 ", datetime.date(2026, 12, 16)),
    ],
)
def test_dates_in_us_and_iso_forms(text, day):
    assert parse_date(text) == day


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("next tuesday", Unreadable),
        ("16.12.2026", Unreadable),
        ("20261216", Unreadable),
        ("12/16/2026x", Unreadable),
        ("", Unreadable),
        ("2/30/2026", Impossible),
        ("13/16/2026", Impossible),
    ],
)
def test_dates_we_cannot_read_are_refused(text, problem):
    with pytest.raises(problem):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("2:00 PM", datetime.time(14, 0)),
        ("2pm", datetime.time(14, 0)),
        ("2 PM", datetime.time(14, 0)),
        ("2:30 p.m.", datetime.time(14, 30)),
        ("9:05 am", datetime.time(9, 5)),
        ("12 AM", datetime.time(0, 0)),
        ("12:15 PM", datetime.time(12, 15)),
        ("14:00", datetime.time(14, 0)),
        ("14:00:30", datetime.time(14, 0, 30)),
        ("2:00:30 PM", datetime.time(14, 0, 30)),
    ],
)
def test_times_in_twelve_and_twenty_four_hour_forms(text, time):
    assert parse_time(text) == time


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2pmm", Unreadable),
        ("2", Unreadable),  # 2 in the morning or the afternoon?
        ("1400", Unreadable),
        ("noonish", Unreadable),
        ("0 PM", Impossible),
        ("13:00 PM", Impossible),
        ("25:00", Impossible),
        ("2:75 PM", Impossible),
    ],
)
def test_times_we_cannot_read_are_refused(text, problem):
    with pytest.raises(problem):
        parse_time(text)


@pytest.mark.parametrize(
    "text",
    [
        "12/16/2026 2:00 PM",
        "12/16/2026 2pm",
        "12/16/2026 at 2pm",
        "12/16/2026, 2:00 PM",
        "2026-12-16 14:00",
        "2026-12-16T14:00",
    ],
)
def test_moments_are_a_date_then_a_time(text):
    assert parse_datetime(text) == datetime.datetime(2026, 12, 16, 14, 0)


@pytest.mark.parametrize(
    "text", ["12/16/2026", "next tuesday at 2pm", "12/16/2026 2pmm", "2pm"]
)
def test_a_moment_needs_both_halves(text):
    """A day alone would make its time a guess (midnight)."""
    with pytest.raises(ValueError):
        parse_datetime(text)


def test_values_are_shown_as_they_are_typed():
    assert format_date(datetime.date(2026, 12, 16)) == "12/16/2026"
    assert format_date(datetime.date(2027, 1, 5)) == "1/5/2027"
    assert format_time(datetime.time(14, 0)) == "2:00 PM"
    assert format_time(datetime.time(0, 5)) == "12:05 AM"
    assert format_time(datetime.time(12, 0, 30)) == "12:00:30 PM"
    moment = datetime.datetime(2026, 12, 16, 9, 30)
    assert format_datetime(moment) == "12/16/2026 9:30 AM"
    # What is shown reads back as the same value.
    assert parse_datetime(format_datetime(moment)) == moment


def test_a_moment_is_in_sacramento_time():
    field = USDateTimeField()
    moment = field.clean("12/16/2026 2:00 PM")
    assert moment == datetime.datetime(2026, 12, 16, 14, 0, tzinfo=SACRAMENTO)


def test_a_time_the_clocks_skip_is_refused_not_moved():
    """2:30 AM on 3/8/2026 never happens in California (the clocks go forward)."""
    with pytest.raises(Exception, match="2:30") as error:
        USDateTimeField().clean("3/8/2026 2:30 AM")
    assert "America/Los_Angeles" in str(error.value)


# In the page editor -------------------------------------------------------------------


@pytest.fixture
def signed_in_editor(client, editor):
    sign_in(client, editor)
    return editor


def event_form(client, url=None, **values):
    """The event editor's form as the browser sends it, with an event typed in."""
    data = form_data(client.get(url or add_event_url()), "page-edit-form")
    if url is None:
        data |= {
            "title": "Spring open house",
            "slug": "spring-open-house",
            "category": str(EventCategory.objects.get(slug="legal-forum").pk),
            "start_date": "12/16/2026",
            "start_time": "2:00 PM",
            "end_time": "3:30 pm",
            "venue_name": "Community Hall",
            "summary": "Come and meet us.",
        }
    return data | values


def add_event_url():
    index = EventIndexPage.objects.get(locale__language_code="en")
    return reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])


def errors_shown(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [error.get_text(" ", strip=True) for error in page.select(".error-message")]


def test_an_event_typed_the_us_way_is_saved_as_typed(client, signed_in_editor):
    response = client.post(
        add_event_url(),
        event_form(
            client,
        ),
    )
    assert response.status_code == 302, errors_shown(response)
    event = EventPage.objects.get(slug="spring-open-house", locale__language_code="en")
    assert event.start_date == datetime.date(2026, 12, 16)
    assert event.start_time == datetime.time(14, 0)
    assert event.end_time == datetime.time(15, 30)
    assert event.starts_at == datetime.datetime(2026, 12, 16, 14, tzinfo=SACRAMENTO)

    # And the editor shows it back the same way.
    page = BeautifulSoup(
        client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content,
        "html.parser",
    )
    assert page.find("input", attrs={"name": "start_date"})["value"] == "12/16/2026"
    assert page.find("input", attrs={"name": "start_time"})["value"] == "2:00 PM"
    assert page.find("input", attrs={"name": "end_time"})["value"] == "3:30 PM"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("start_date", "next tuesday", DATE_HINT),
        (
            "start_date",
            "16/12/2026",
            f"'16/12/2026' is not a day on the calendar. {DATE_HINT}",
        ),
        ("start_time", "2pmm", TIME_HINT),
        ("end_time", "half three", TIME_HINT),
    ],
)
def test_what_cannot_be_read_is_refused_and_nothing_is_saved(
    client, signed_in_editor, field, typed, message
):
    response = client.post(add_event_url(), event_form(client, **{field: typed}))
    assert response.status_code == 200
    # The first error says how to write it (the event's own checks may follow).
    assert response.context["form"].errors[field][0] == message
    assert not EventPage.objects.filter(slug="spring-open-house").exists()
    # What was typed stays in the box beside its error, to be corrected.
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("input", attrs={"name": field})["value"] == typed


def test_autosave_of_an_unreadable_date_stores_nothing(client, signed_in_editor):
    """Wagtail 8 autosaves drafts with a JSON request; a refused date saves nothing."""
    assert (
        client.post(
            add_event_url(),
            event_form(
                client,
            ),
        ).status_code
        == 302
    )
    event = EventPage.objects.get(slug="spring-open-house", locale__language_code="en")
    revisions = event.revisions.count()
    edit_url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    response = client.post(
        edit_url,
        event_form(client, edit_url, start_date="next tuesday"),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert json.loads(response.content)["error_code"] == "validation_error"
    assert event.revisions.count() == revisions
    event.refresh_from_db()
    assert event.start_date == datetime.date(2026, 12, 16)


def test_the_schedule_takes_us_forms(client, signed_in_editor):
    response = client.post(
        add_event_url(), event_form(client, go_live_at="12/1/2026 9:00 AM")
    )
    assert response.status_code == 302, errors_shown(response)
    event = EventPage.objects.get(slug="spring-open-house", locale__language_code="en")
    assert event.go_live_at == datetime.datetime(2026, 12, 1, 9, tzinfo=SACRAMENTO)


def test_the_schedule_refuses_a_day_without_a_time(client, signed_in_editor):
    response = client.post(add_event_url(), event_form(client, expire_at="12/31/2026"))
    assert response.status_code == 200
    assert response.context["form"].errors["expire_at"] == [DATETIME_HINT]


def test_the_schedule_keeps_its_place_in_its_dialog(client, signed_in_editor):
    """Wagtail names its own picker for go-live; ours keeps the dialog it opens in."""
    form = client.get(add_event_url()).context["form"]
    widget = form.fields["go_live_at"].widget
    assert isinstance(widget, USDateTimeInput)
    assert widget.get_config()["parentID"] == "#schedule-publishing-dialog"
    assert widget.attrs["data-controller"] == "w-action"
    assert widget.get_config()["format"] == "n/j/Y g:i A"


def test_the_pickers_leave_typed_text_for_the_server_to_read(client, signed_in_editor):
    html = client.get(add_event_url()).content.decode()
    assert "site_core/admin-dates.js" in html
    page = BeautifulSoup(html, "html.parser")
    script = page.find("input", attrs={"name": "start_date"}).find_next("script")
    assert '"format": "n/j/Y"' in script.get_text()
