"""
An event's status (scheduled, postponed, cancelled, moved online) in every place
the event appears: its page, the listings, calendars, JSON-LD and the API. Also
the calendar identity that survives the site moving to a new address.
"""

import datetime
import json

import icalendar
import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from events.models import EventCancellation
from tests.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
)

pytestmark = pytest.mark.django_db

FEED = "/calendar/events.ics"
NOTE = "Postponed to spring; new date to follow."


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def event_with(index, status, **fields):
    values = {
        "title": "Legal Forum meeting",
        "start_date": datetime.date(2040, 7, 10),
        "status": status,
        "status_note": NOTE if status != "scheduled" else "",
        "registration_url": "https://example.org/register",
    } | fields
    return EventPageFactory(parent=index, **values)


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def calendar_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return icalendar.Calendar.from_ical(response.content)


def json_ld(client, event):
    [script] = html_of(client, event.url).find_all("script", type="application/ld+json")
    return json.loads(script.string)


class TestPage:
    @pytest.mark.parametrize(
        ("status", "badge", "message"),
        [
            ("postponed", "Postponed", "This event is postponed."),
            ("cancelled", "Cancelled", "This event is cancelled."),
            ("moved_online", "Moved online", "This event has moved online."),
        ],
    )
    def test_badge_and_note_come_before_the_date(
        self, client, index, status, badge, message
    ):
        event = event_with(index, status)
        html = html_of(client, event.url)
        notice = html.select_one(".notice")
        assert notice.select_one(".badge").get_text() == badge
        assert (
            f"badge--{status.replace('_', '-')}" in notice.select_one(".badge")["class"]
        )
        assert notice.get_text(" ", strip=True) == f"{badge} {message} {NOTE}"
        # Near the date: the notice comes just before the details list.
        assert notice.find_next_sibling("dl") == html.select_one(".details")

    def test_a_scheduled_event_has_no_status_notice(self, client, index):
        html = html_of(client, event_with(index, "scheduled").url)
        assert html.select_one(".notice") is None
        assert html.select_one(".badge") is None

    def test_a_cancelled_event_takes_no_sign_ups_or_calendar_adds(self, client, index):
        html = html_of(client, event_with(index, "cancelled").url)
        assert html.find("a", string="Register") is None
        assert "Add to your calendar" not in html.get_text()

    def test_moved_online_says_where(self, client, index):
        event = event_with(
            index, "moved_online", online_details="We email a link to members."
        )
        where = html_of(client, event.url).select(".details dd")[1]
        assert where.get_text(" ", strip=True) == "Online We email a link to members."
        assert "Community Hall" not in where.get_text()


class TestListings:
    def test_cancelled_events_stay_listed_and_marked(self, client, index):
        event_with(index, "cancelled", title="Called off")
        event_with(index, "scheduled", title="Going ahead")
        cards = {
            card.select_one(".card__title").get_text(strip=True): card
            for card in html_of(client, index.url).select("#upcoming .card")
        }
        assert set(cards) == {"Called off", "Going ahead"}
        assert cards["Called off"].select_one(".badge--cancelled").get_text() == (
            "Cancelled"
        )
        assert NOTE in cards["Called off"].get_text()
        assert cards["Going ahead"].select_one(".badge") is None

    def test_home_page_marks_a_postponed_event(self, client, home, index):
        event_with(index, "postponed", title="Spring conference")
        html = html_of(client, home.url)
        heading = html.find("a", string="Spring conference")
        card = heading.find_parent(class_="card")
        assert card.select_one(".badge--postponed").get_text() == "Postponed"

    def test_forum_page_marks_a_postponed_meeting(self, client, home, index):
        category = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        event_with(index, "postponed", category=category)
        forum = LegalForumPageFactory(parent=home, meeting_category=category)
        section = html_of(client, forum.url).select_one(".next-meeting")
        [meeting] = section.select(".occurrence-list li")
        assert meeting.select_one(".badge--postponed").get_text() == "Postponed"


class TestCalendar:
    @pytest.mark.parametrize(
        ("status", "ical_status", "summary"),
        [
            ("scheduled", "CONFIRMED", "Legal Forum meeting"),
            ("postponed", "TENTATIVE", "Postponed: Legal Forum meeting"),
            ("cancelled", "CANCELLED", "Cancelled: Legal Forum meeting"),
            ("moved_online", "CONFIRMED", "Legal Forum meeting"),
        ],
    )
    def test_status_and_summary(self, client, index, status, ical_status, summary):
        event = event_with(index, status)
        [vevent] = calendar_of(client, event.ics_url).walk("VEVENT")
        assert vevent["STATUS"] == ical_status
        assert vevent["SUMMARY"] == summary
        if status != "scheduled":
            assert vevent["DESCRIPTION"].startswith("This event ")
            assert NOTE in vevent["DESCRIPTION"]
        # A cancelled event still appears in the feed, so apps remove it.
        assert [str(e["STATUS"]) for e in calendar_of(client, FEED).walk("VEVENT")] == [
            ical_status
        ]

    def test_moved_online_is_located_online(self, client, index):
        event = event_with(index, "moved_online", online_details="Link by email.")
        [vevent] = calendar_of(client, event.ics_url).walk("VEVENT")
        assert vevent["LOCATION"] == "Online"
        assert "Joining online: Link by email." in vevent["DESCRIPTION"]

    def test_cancelled_event_offers_no_registration(self, client, index):
        event = event_with(index, "cancelled")
        [vevent] = calendar_of(client, event.ics_url).walk("VEVENT")
        assert "Register:" not in vevent["DESCRIPTION"]


class TestStructuredData:
    @pytest.mark.parametrize(
        ("status", "schema_status"),
        [
            ("scheduled", "EventScheduled"),
            ("postponed", "EventPostponed"),
            ("cancelled", "EventCancelled"),
            ("moved_online", "EventMovedOnline"),
        ],
    )
    def test_event_status(self, client, index, status, schema_status):
        data = json_ld(client, event_with(index, status))
        assert data["eventStatus"] == f"https://schema.org/{schema_status}"
        assert ("offers" in data) == (status != "cancelled")

    def test_moved_online_is_attended_online(self, client, index):
        event = event_with(index, "moved_online")
        data = json_ld(client, event)
        assert data["eventAttendanceMode"] == (
            "https://schema.org/OnlineEventAttendanceMode"
        )
        assert data["location"] == {
            "@type": "VirtualLocation",
            "url": event.get_full_url(),
        }

    def test_a_series_gives_its_next_meeting_and_its_schedule(self, client, index):
        event = event_with(
            index,
            "scheduled",
            start_date=datetime.date(2040, 1, 10),
            start_time=datetime.time(18),
            end_time=datetime.time(19, 30),
            repeat="monthly_weekday",
        )
        EventCancellation.objects.create(page=event, date=datetime.date(2040, 1, 10))
        data = json_ld(client, event)
        assert data["startDate"] == "2040-02-14T18:00:00-08:00"
        assert data["endDate"] == "2040-02-14T19:30:00-08:00"
        assert data["eventSchedule"] == {
            "@type": "Schedule",
            "repeatFrequency": "P1M",
            "byDay": "https://schema.org/Tuesday",
            "byMonthWeek": 2,
            "startDate": "2040-01-10",
            "startTime": "18:00:00",
            "endTime": "19:30:00",
            "scheduleTimezone": "America/Los_Angeles",
            "exceptDate": ["2040-01-10"],
        }


class TestApi:
    def test_detail_and_summary_carry_the_status(self, client, home, index):
        category = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        event = event_with(index, "postponed", category=category)
        forum = LegalForumPageFactory(parent=home, meeting_category=category)

        data = client.get(f"/api/v2/pages/{event.pk}/").json()
        assert (data["status"], data["status_note"]) == ("postponed", NOTE)

        forum_data = client.get(f"/api/v2/pages/{forum.pk}/").json()
        assert forum_data["next_meeting"]["status"] == "postponed"
        assert forum_data["next_meeting"]["status_note"] == NOTE
        assert [m["status"] for m in forum_data["next_meetings"]] == ["postponed"]

    def test_a_cancelled_event_marks_its_meetings_cancelled(self, client, index):
        event = event_with(index, "cancelled")
        data = client.get(f"/api/v2/pages/{event.pk}/").json()
        [meeting] = data["next_occurrences"]
        assert (meeting["cancelled"], meeting["note"]) == (True, NOTE)

    def test_listings_keep_cancelled_events(self, client, index):
        event_with(index, "cancelled", title="Called off")
        data = client.get(
            "/api/v2/pages/?type=events.EventPage&when=upcoming&fields=status"
        ).json()
        assert [(item["title"], item["status"]) for item in data["items"]] == [
            ("Called off", "cancelled")
        ]


class TestCalendarIdentity:
    def test_moving_the_site_keeps_uids_and_moves_links(self, client, index):
        event = event_with(index, "scheduled")
        before = calendar_of(client, FEED).walk("VEVENT")[0]

        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "events.example.org", 443
        site.save()
        after = calendar_of(client, FEED).walk("VEVENT")[0]

        assert (
            after["UID"] == before["UID"] == f"event-{event.pk}@events.mysistershouse"
        )
        assert "localhost" not in after["UID"] and "example.org" not in after["UID"]
        # Links follow the Site, not the host the request came to.
        assert str(after["URL"]).startswith("https://events.example.org/")
        assert str(before["URL"]).startswith("http://localhost/")
