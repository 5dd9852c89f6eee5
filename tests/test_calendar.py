"""
Calendar feeds, single-event downloads and the schema.org data on event pages.

Every calendar the site sends is read back with icalendar, with warnings turned
into errors, after its raw bytes are checked against RFC 5545's line rules.
"""

import datetime
import json
import warnings
from zoneinfo import ZoneInfo

import icalendar
import pytest
from bs4 import BeautifulSoup
from dateutil import rrule
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from events.models import EventCancellation
from site_core.models import SiteSettings
from tests.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    ResourceIndexPageFactory,
)

pytestmark = pytest.mark.django_db

PACIFIC = ZoneInfo("America/Los_Angeles")
FEED = "/calendar/events.ics"


def check_ical_bytes(content):
    """Fail unless ``content`` keeps RFC 5545's line rules and parses cleanly."""
    assert content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert content.endswith(b"END:VCALENDAR\r\n")
    lines = content.split(b"\r\n")[:-1]
    for line in lines:
        assert b"\n" not in line and b"\r" not in line, f"bare line break in {line!r}"
        assert len(line) <= 75, f"{len(line)} octets, unfolded: {line!r}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        calendar = icalendar.Calendar.from_ical(content)
    # Components that tolerate bad properties record them here instead of raising.
    problems = [(part.name, part.errors) for part in calendar.walk() if part.errors]
    assert not problems, problems
    return calendar


def fetch_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response, check_ical_bytes(response.content)


def raw_lines(response):
    """The unfolded content lines, to check exactly what was written."""
    return response.content.replace(b"\r\n ", b"").decode().split("\r\n")


def vevents(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def future_event(index, **fields):
    """An event some years ahead, so it stays upcoming whenever the tests run."""
    values = {"start_date": datetime.date(2030, 7, 1)} | fields
    return EventPageFactory(parent=index, **values)


class TestTheChecker:
    """The checker above is what makes the other tests fail; prove it can."""

    def test_rejects_an_unparseable_date(self):
        content = (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
            b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20300101T000000Z\r\n"
            b"DTSTART:not-a-date\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )
        with pytest.raises(AssertionError):
            check_ical_bytes(content)

    def test_rejects_long_and_bare_lf_lines(self):
        long_line = b"SUMMARY:" + b"x" * 80
        for bad in (long_line, b"SUMMARY:a\nb"):
            content = (
                b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
                b"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20300101T000000Z\r\n"
                + bad
                + b"\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
            )
            with pytest.raises(AssertionError):
                check_ical_bytes(content)


class TestFeed:
    def test_is_served_for_subscription(self, client, index):
        future_event(index)
        response = client.get(FEED)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"] == 'inline; filename="events.ics"'
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=900"}

    def test_only_reading_is_allowed(self, client, index):
        assert client.post(FEED).status_code == 405
        assert client.head(FEED).status_code == 200

    def test_calendar_properties(self, client, index):
        SiteSettings.objects.update_or_create(
            site_id=index.get_site().pk,
            defaults={"organisation_name": "Sister Test House"},
        )
        future_event(index)
        response, calendar = fetch_calendar(client, FEED)
        assert calendar["VERSION"] == "2.0"
        assert calendar["CALSCALE"] == "GREGORIAN"
        assert calendar["PRODID"] == "-//Sister Test House//Events//EN"
        assert calendar["X-WR-CALNAME"] == "Sister Test House events"
        # From the Wagtail Site, not from the host the request came to.
        assert calendar["SOURCE"] == f"{index.get_site().root_url}/calendar/events.ics"
        assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in raw_lines(response)
        assert "X-PUBLISHED-TTL:PT1H" in raw_lines(response)
        [zone] = calendar.walk("VTIMEZONE")
        assert zone["TZID"] == "America/Los_Angeles"

    def test_an_empty_feed_is_still_a_valid_calendar(self, client, index):
        response, calendar = fetch_calendar(client, FEED)
        assert calendar.walk("VEVENT") == []
        # RFC 5545 wants at least one component; the zone definition is it.
        assert len(calendar.walk("VTIMEZONE")) == 1

    def test_lists_upcoming_events_soonest_first(self, client, index):
        future_event(index, title="Later", start_date=datetime.date(2031, 1, 1))
        future_event(index, title="Sooner", start_date=datetime.date(2030, 1, 1))
        _, calendar = fetch_calendar(client, FEED)
        assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
            "Sooner",
            "Later",
        ]

    def test_leaves_out_past_draft_and_private_events(self, client, index):
        future_event(index, title="Open")
        EventPageFactory(
            parent=index, title="Long ago", start_date=datetime.date(2018, 1, 16)
        )
        future_event(index, title="Draft", live=False)
        private = future_event(index, title="Members only")
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        _, calendar = fetch_calendar(client, FEED)
        assert list(vevents(calendar)) == ["Open"]

    def test_leaves_out_events_under_a_private_index(self, client, index):
        future_event(index, title="Hidden")
        PageViewRestriction.objects.create(
            page=index, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        _, calendar = fetch_calendar(client, FEED)
        assert calendar.walk("VEVENT") == []


class TestCategoryFeed:
    def test_lists_only_that_category(self, client, index):
        forum = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        conference = EventCategoryFactory(name="Conference", slug="conference")
        future_event(index, title="Forum meeting", category=forum)
        future_event(index, title="Conference day", category=conference)
        response, calendar = fetch_calendar(
            client, "/calendar/category/legal-forum.ics"
        )
        assert list(vevents(calendar)) == ["Forum meeting"]
        assert str(calendar["X-WR-CALNAME"]).endswith(": Legal Forum")
        assert response["Content-Disposition"] == 'inline; filename="legal-forum.ics"'
        assert vevents(calendar)["Forum meeting"]["CATEGORIES"].cats == ["Legal Forum"]

    def test_leaves_out_past_events_of_the_category(self, client, index):
        forum = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        EventPageFactory(
            parent=index, category=forum, start_date=datetime.date(2018, 1, 16)
        )
        _, calendar = fetch_calendar(client, "/calendar/category/legal-forum.ics")
        assert calendar.walk("VEVENT") == []

    def test_unknown_category_is_not_found(self, client, index):
        future_event(index)
        assert client.get("/calendar/category/no-such-thing.ics").status_code == 404


class TestTimes:
    def test_summer_evening_is_pacific_daylight_time(self, client, index):
        future_event(
            index,
            title="Summer",
            start_date=datetime.date(2030, 7, 1),
            start_time=datetime.time(18),
            end_time=datetime.time(20, 30),
        )
        response, calendar = fetch_calendar(client, FEED)
        lines = raw_lines(response)
        assert "DTSTART;TZID=America/Los_Angeles:20300701T180000" in lines
        assert "DTEND;TZID=America/Los_Angeles:20300701T203000" in lines
        event = vevents(calendar)["Summer"]
        assert event.start.utcoffset() == datetime.timedelta(hours=-7)
        # Apps without a zone database rely on the VTIMEZONE; it must agree.
        zone = calendar.walk("VTIMEZONE")[0].to_tz()
        local = datetime.datetime(2030, 7, 1, 18, tzinfo=zone)
        assert local.utcoffset() == datetime.timedelta(hours=-7)

    def test_winter_evening_is_pacific_standard_time(self, client, index):
        future_event(
            index,
            title="Winter",
            start_date=datetime.date(2031, 1, 15),
            start_time=datetime.time(9),
            end_time=datetime.time(11),
        )
        response, calendar = fetch_calendar(client, FEED)
        lines = raw_lines(response)
        assert "DTSTART;TZID=America/Los_Angeles:20310115T090000" in lines
        assert "DTEND;TZID=America/Los_Angeles:20310115T110000" in lines
        event = vevents(calendar)["Winter"]
        assert event.start == datetime.datetime(2031, 1, 15, 17, tzinfo=datetime.UTC)
        zone = calendar.walk("VTIMEZONE")[0].to_tz()
        local = datetime.datetime(2031, 1, 15, 9, tzinfo=zone)
        assert local.utcoffset() == datetime.timedelta(hours=-8)

    def test_all_day_event_is_a_date_ending_the_next_day(self, client, index):
        future_event(
            index,
            title="One day",
            start_date=datetime.date(2031, 1, 16),
            start_time=None,
            end_time=None,
        )
        response, calendar = fetch_calendar(client, FEED)
        lines = raw_lines(response)
        assert "DTSTART;VALUE=DATE:20310116" in lines
        assert "DTEND;VALUE=DATE:20310117" in lines
        event = vevents(calendar)["One day"]
        assert event.start == datetime.date(2031, 1, 16)
        assert event.end == datetime.date(2031, 1, 17)

    def test_multi_day_event_ends_after_its_last_day(self, client, index):
        future_event(
            index,
            title="Conference",
            start_date=datetime.date(2031, 2, 27),
            end_date=datetime.date(2031, 3, 1),
            start_time=None,
            end_time=None,
        )
        response, _ = fetch_calendar(client, FEED)
        lines = raw_lines(response)
        assert "DTSTART;VALUE=DATE:20310227" in lines
        assert "DTEND;VALUE=DATE:20310302" in lines

    def test_timed_event_over_several_days(self, client, index):
        future_event(
            index,
            title="Retreat",
            start_date=datetime.date(2030, 10, 31),
            start_time=datetime.time(17),
            end_date=datetime.date(2030, 11, 3),
            end_time=datetime.time(12),
        )
        response, calendar = fetch_calendar(client, FEED)
        lines = raw_lines(response)
        assert "DTSTART;TZID=America/Los_Angeles:20301031T170000" in lines
        assert "DTEND;TZID=America/Los_Angeles:20301103T120000" in lines
        event = vevents(calendar)["Retreat"]
        assert event.end.utcoffset() == datetime.timedelta(hours=-8)


class TestEventDetails:
    def test_text_fields_and_escaping(self, client, index):
        event = future_event(
            index,
            title="Forum; part 1, with a long name that needs folding over two lines",
            summary="Lawyers, advocates; and \\ friends.",
            venue_name="Community Hall",
            venue_address="1 Main St\nSacramento, CA 95814",
            registration_url="https://example.org/register",
        )
        response, calendar = fetch_calendar(client, FEED)
        [vevent] = calendar.walk("VEVENT")
        page_url = event.get_full_url()
        assert vevent["SUMMARY"] == event.title
        assert vevent["LOCATION"] == "Community Hall, 1 Main St, Sacramento, CA 95814"
        assert vevent["URL"] == page_url
        assert vevent["DESCRIPTION"] == (
            "Lawyers, advocates; and \\ friends.\n\n"
            "Register: https://example.org/register\n\n"
            f"Details: {page_url}"
        )
        assert "LOCATION:Community Hall\\, 1 Main St\\, Sacramento\\, CA 95814" in (
            raw_lines(response)
        )

    def test_online_event_location_and_joining(self, client, index):
        future_event(
            index,
            title="Webinar",
            attendance="online",
            venue_name="",
            online_details="We email a link after you register.",
        )
        _, calendar = fetch_calendar(client, FEED)
        vevent = vevents(calendar)["Webinar"]
        assert vevent["LOCATION"] == "Online"
        assert "Joining online: We email a link" in vevent["DESCRIPTION"]

    def test_mixed_event_location(self, client, index):
        future_event(index, title="Both", attendance="mixed")
        _, calendar = fetch_calendar(client, FEED)
        assert vevents(calendar)["Both"]["LOCATION"] == "Community Hall, or online"

    def test_venue_to_be_announced_has_no_location(self, client, index):
        future_event(index, title="TBA", venue_name="")
        _, calendar = fetch_calendar(client, FEED)
        assert "LOCATION" not in vevents(calendar)["TBA"]

    def test_text_in_other_scripts_folds_within_75_octets(self, client, index):
        future_event(index, title="越南語 Tiếng Việt 한국어 " * 6)
        fetch_calendar(client, FEED)  # the checker measures every line


class TestIdentity:
    def test_uid_stays_while_sequence_and_last_modified_move_on(self, client, index):
        event = future_event(index, title="Original")
        event.save_revision().publish()
        url = reverse("events:event_ics", args=[event.pk])
        _, before = fetch_calendar(client, url)
        [first] = before.walk("VEVENT")

        event.title = "Renamed"
        event.start_date = datetime.date(2030, 8, 1)
        event.save_revision().publish()
        _, after = fetch_calendar(client, url)
        [second] = after.walk("VEVENT")

        assert (
            first["UID"] == second["UID"] == f"event-{event.pk}@events.mysistershouse"
        )
        assert second["SUMMARY"] == "Renamed"
        assert second["SEQUENCE"] == first["SEQUENCE"] + 1
        event.refresh_from_db()
        published = event.last_published_at.replace(microsecond=0)
        assert second["LAST-MODIFIED"].dt == second["DTSTAMP"].dt == published
        # DTSTAMP is the revision time, not the request time: refetching matches.
        _, again = fetch_calendar(client, url)
        assert again.walk("VEVENT")[0]["DTSTAMP"].dt == second["DTSTAMP"].dt

    def test_feed_and_download_agree_on_uid(self, client, index):
        event = future_event(index)
        _, feed = fetch_calendar(client, FEED)
        _, single = fetch_calendar(client, event.ics_url)
        assert feed.walk("VEVENT")[0]["UID"] == single.walk("VEVENT")[0]["UID"]


class TestSingleEvent:
    def test_downloads_as_a_file_named_after_the_page(self, client, index):
        event = future_event(index, title="Forum", slug="forum-meeting")
        response, calendar = fetch_calendar(client, f"/calendar/event/{event.pk}.ics")
        assert (
            response["Content-Disposition"]
            == 'attachment; filename="forum-meeting.ics"'
        )
        assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Forum"]
        # No calendar name, so apps add the event rather than open a new calendar.
        assert "X-WR-CALNAME" not in calendar
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "America/Los_Angeles"

    def test_past_event_still_downloads_without_registration(self, client, index):
        event = EventPageFactory(
            parent=index,
            start_date=datetime.date(2018, 1, 16),
            registration_url="https://example.org/register",
        )
        response, calendar = fetch_calendar(client, event.ics_url)
        [vevent] = calendar.walk("VEVENT")
        assert vevent.start.date() == datetime.date(2018, 1, 16)
        assert "Register:" not in vevent["DESCRIPTION"]
        assert vevent["DESCRIPTION"].endswith(f"Details: {event.get_full_url()}")

    def test_hidden_or_missing_pages_are_not_found(self, client, index):
        draft = future_event(index, live=False)
        private = future_event(index)
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="x"
        )
        not_an_event = ResourceIndexPageFactory(parent=index.get_parent())
        for page_id in (draft.pk, private.pk, not_an_event.pk, index.pk, 999999):
            response = client.get(f"/calendar/event/{page_id}.ics")
            assert response.status_code == 404, page_id


def feed_queries(client, url):
    client.get(url)  # warm per-process caches, as a running server has them
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_feed_queries_do_not_grow_with_events(client, index):
    forum = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
    conference = EventCategoryFactory(name="Conference", slug="conference")
    urls = [FEED, "/calendar/category/legal-forum.ics"]

    def grow_to(total):
        while index.get_children().count() < total:
            n = index.get_children().count()
            event = future_event(
                index,
                start_date=datetime.date(2030, 1, 1) + datetime.timedelta(days=n),
                category=forum if n % 2 else conference,
            )
            event.save_revision().publish()

    grow_to(5)
    small = [feed_queries(client, url) for url in urls]
    grow_to(50)
    large = [feed_queries(client, url) for url in urls]
    assert large == small, f"with 5 events: {small}; with 50: {large}"
    _, calendar = fetch_calendar(client, FEED)
    assert len(calendar.walk("VEVENT")) == 50


def structured_data(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    [script] = html.find_all("script", type="application/ld+json")
    return json.loads(script.string)


class TestStructuredData:
    def test_in_person_event(self, client, index):
        SiteSettings.objects.update_or_create(
            site_id=index.get_site().pk, defaults={"organisation_name": "MSH"}
        )
        event = future_event(
            index,
            title="Legal Forum meeting",
            summary="Quarterly meeting.",
            start_date=datetime.date(2030, 7, 1),
            start_time=datetime.time(18),
            end_time=datetime.time(20),
            venue_address="1 Main St\nSacramento, CA",
            registration_url="https://example.org/register",
        )
        data = structured_data(client, event)
        assert data == {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": "Legal Forum meeting",
            "description": "Quarterly meeting.",
            "startDate": "2030-07-01T18:00:00-07:00",
            "endDate": "2030-07-01T20:00:00-07:00",
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": {
                "@type": "Place",
                "name": "Community Hall",
                "address": {
                    "@type": "PostalAddress",
                    "streetAddress": "1 Main St, Sacramento, CA",
                },
            },
            "organizer": {
                "@type": "Organization",
                "name": "MSH",
                "url": "http://localhost/",
            },
            "url": event.get_full_url(),
            "offers": {"@type": "Offer", "url": "https://example.org/register"},
        }

    def test_winter_dates_carry_the_standard_offset(self, client, index):
        event = future_event(index, start_date=datetime.date(2031, 1, 15))
        data = structured_data(client, event)
        assert data["startDate"] == "2031-01-15T18:00:00-08:00"

    def test_online_event(self, client, index):
        event = future_event(index, attendance="online")
        data = structured_data(client, event)
        assert (
            data["eventAttendanceMode"]
            == "https://schema.org/OnlineEventAttendanceMode"
        )
        assert data["location"] == {
            "@type": "VirtualLocation",
            "url": event.get_full_url(),
        }
        assert "offers" not in data

    def test_mixed_event_has_both_locations(self, client, index):
        event = future_event(index, attendance="mixed")
        data = structured_data(client, event)
        assert data["eventAttendanceMode"] == (
            "https://schema.org/MixedEventAttendanceMode"
        )
        assert [place["@type"] for place in data["location"]] == [
            "Place",
            "VirtualLocation",
        ]

    def test_all_day_event_uses_plain_dates_including_the_last_day(self, client, index):
        event = future_event(
            index,
            start_date=datetime.date(2031, 2, 27),
            end_date=datetime.date(2031, 3, 1),
            start_time=None,
            end_time=None,
        )
        data = structured_data(client, event)
        assert (data["startDate"], data["endDate"]) == ("2031-02-27", "2031-03-01")

    def test_past_event_offers_no_registration(self, client, index):
        event = EventPageFactory(
            parent=index,
            start_date=datetime.date(2018, 1, 16),
            registration_url="https://example.org/register",
        )
        data = structured_data(client, event)
        assert data["startDate"] == "2018-01-16T18:00:00-08:00"
        assert "offers" not in data

    def test_cannot_break_out_of_the_script_element(self, client, index):
        title = "Talk </script><script>alert(1)</script> & <b>more</b>"
        event = future_event(index, title=title)
        response = client.get(event.url)
        html = response.content.decode()
        assert "</script><script>alert(1)" not in html
        assert "\\u003C/script\\u003E" in html
        assert structured_data(client, event)["name"] == title


class TestLinks:
    def test_upcoming_event_offers_its_ics(self, client, index):
        event = future_event(index)
        html = BeautifulSoup(client.get(event.url).content, "html.parser")
        link = html.find("a", string="Add to your calendar (.ics)")
        assert link["href"] == f"/calendar/event/{event.pk}.ics"
        assert client.get(link["href"]).status_code == 200

    def test_past_event_offers_no_ics(self, client, index):
        event = EventPageFactory(parent=index, start_date=datetime.date(2018, 1, 16))
        content = client.get(event.url).content.decode()
        assert "This event has already taken place." in content
        assert "Add to your calendar" not in content

    def test_index_offers_subscriptions(self, client, index):
        forum = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        future_event(index, category=forum)
        future_event(index)

        html = BeautifulSoup(client.get(index.url).content, "html.parser")
        section = html.find(id="subscribe")
        assert section.find("h2").get_text() == "Subscribe to these events"
        hrefs = [a["href"] for a in section.find_all("a")]
        assert hrefs == ["/calendar/events.ics"]

        response = client.get(index.url, {"category": "legal-forum"})
        section = BeautifulSoup(response.content, "html.parser").find(id="subscribe")
        links = {a.get_text(): a["href"] for a in section.find_all("a")}
        assert links == {
            "Subscribe to Legal Forum events (.ics)": (
                "/calendar/category/legal-forum.ics"
            ),
            "Subscribe to all events (.ics)": "/calendar/events.ics",
        }
        for href in links.values():
            assert client.get(href).status_code == 200


class TestRepeatingEvents:
    """A series is one VEVENT with RRULE and EXDATE, read back and expanded here."""

    def series(self, index, **fields):
        values = {
            "title": "Legal Forum meeting",
            "start_date": datetime.date(2040, 1, 10),
            "start_time": datetime.time(18),
            "end_time": datetime.time(19, 30),
            "repeat": "monthly_weekday",
            "repeat_until": datetime.date(2040, 12, 31),
        } | fields
        return future_event(index, **values)

    def expand(self, vevent):
        """The starts the event's rule gives, less its EXDATEs (dates if all-day)."""
        exdates = vevent.get("EXDATE", [])
        exdates = exdates if isinstance(exdates, list) else [exdates]
        skipped = {value.dt for exdate in exdates for value in exdate.dts}
        start = vevent.start
        all_day = not isinstance(start, datetime.datetime)
        if all_day:
            start = datetime.datetime.combine(start, datetime.time.min)
        rule = rrule.rrulestr(vevent["RRULE"].to_ical().decode(), dtstart=start)
        moments = [moment.date() if all_day else moment for moment in rule]
        return [moment for moment in moments if moment not in skipped]

    def test_rule_and_skipped_dates(self, client, index):
        event = self.series(index)
        for day, reason in [((2040, 3, 13), "Spring break."), ((2040, 11, 13), "")]:
            EventCancellation.objects.create(
                page=event, date=datetime.date(*day), reason=reason
            )
        response, calendar = fetch_calendar(client, event.ics_url)
        lines = raw_lines(response)
        assert "DTSTART;TZID=America/Los_Angeles:20400110T180000" in lines
        assert "RRULE:FREQ=MONTHLY;UNTIL=20401212T020000Z;BYDAY=2TU" in lines
        assert (
            "EXDATE;TZID=America/Los_Angeles:20400313T180000,20401113T180000" in lines
        )

        [vevent] = calendar.walk("VEVENT")
        meetings = self.expand(vevent)
        assert len(meetings) == 10  # twelve second Tuesdays, two skipped
        assert datetime.date(2040, 3, 13) not in {m.date() for m in meetings}
        # 6 pm on the wall clock all year; the offset follows daylight saving.
        assert {m.astimezone(PACIFIC).time() for m in meetings} == {datetime.time(18)}
        offsets = {m.date(): m.astimezone(PACIFIC).utcoffset() for m in meetings}
        assert offsets[datetime.date(2040, 2, 14)] == datetime.timedelta(hours=-8)
        assert offsets[datetime.date(2040, 4, 10)] == datetime.timedelta(hours=-7)
        assert offsets[datetime.date(2040, 10, 9)] == datetime.timedelta(hours=-7)
        assert offsets[datetime.date(2040, 12, 11)] == datetime.timedelta(hours=-8)
        # Apps without a zone database read the VTIMEZONE: it must agree.
        zone = calendar.walk("VTIMEZONE")[0].to_tz()
        for moment in (
            datetime.datetime(2040, 4, 10, 18),
            datetime.datetime(2040, 12, 11, 18),
        ):
            assert moment.replace(tzinfo=zone).utcoffset() == (
                moment.replace(tzinfo=PACIFIC).utcoffset()
            )

    def test_all_day_series_uses_dates(self, client, index):
        event = self.series(
            index,
            start_date=datetime.date(2040, 1, 3),
            start_time=None,
            end_time=None,
            repeat="weekly",
            repeat_until=datetime.date(2040, 1, 31),
        )
        EventCancellation.objects.create(page=event, date=datetime.date(2040, 1, 17))
        response, calendar = fetch_calendar(client, event.ics_url)
        lines = raw_lines(response)
        assert "RRULE:FREQ=WEEKLY;UNTIL=20400131;BYDAY=TU" in lines
        assert "EXDATE;VALUE=DATE:20400117" in lines
        [vevent] = calendar.walk("VEVENT")
        assert self.expand(vevent) == [
            datetime.date(2040, 1, 3),
            datetime.date(2040, 1, 10),
            datetime.date(2040, 1, 24),
            datetime.date(2040, 1, 31),
        ]

    def test_a_series_begun_years_ago_is_in_the_feed_once(self, client, index):
        self.series(
            index,
            title="Monthly forum",
            start_date=datetime.date(2020, 1, 14),
            repeat_until=None,
        )
        future_event(index, title="Conference", start_date=datetime.date(2040, 1, 1))
        response, calendar = fetch_calendar(client, FEED)
        assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == [
            "Monthly forum",
            "Conference",
        ]
        vevent = vevents(calendar)["Monthly forum"]
        assert "UNTIL" not in vevent["RRULE"]
        # The zone is defined from the first meeting to some years ahead.
        zone = calendar.walk("VTIMEZONE")[0].to_tz()
        this_year = datetime.date.today().year
        summer = datetime.datetime(this_year + 2, 7, 1, 12, tzinfo=zone)
        assert summer.utcoffset() == datetime.timedelta(hours=-7)

    def test_feed_queries_do_not_grow_with_series(self, client, index):
        def grow_to(total):
            while index.get_children().count() < total:
                n = index.get_children().count()
                event = self.series(index, title=f"Series {n}")
                EventCancellation.objects.create(
                    page=event, date=datetime.date(2040, 2, 14)
                )

        grow_to(3)
        small = feed_queries(client, FEED)
        grow_to(12)
        assert feed_queries(client, FEED) == small
