"""
Repeating events: the rules, their meetings in Sacramento time (across daylight
saving changes), cancelled dates, and how listings, pages and the editor treat them.
"""

import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from events.models import EventCancellation, EventPage
from events.recurrence import describe, occurrences, occurs_on, series_end
from tests.admin_forms import form_data
from tests.auth import sign_in
from tests.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
)

PACIFIC = ZoneInfo("America/Los_Angeles")
HOUR = datetime.timedelta(hours=1)


def at(*args):
    return datetime.datetime(*args, tzinfo=PACIFIC)


def rule(repeat, start_date, start_time=datetime.time(18), **fields):
    """The fields of an event, without a database."""
    values = {
        "repeat": repeat,
        "start_date": start_date,
        "start_time": start_time,
        "end_date": None,
        "end_time": datetime.time(19, 30) if start_time else None,
        "repeat_until": None,
    }
    return SimpleNamespace(**(values | fields))


def starts(event, after, count):
    return [item.starts_at for item in occurrences(event, after, count)]


class TestRules:
    def test_second_tuesday_of_each_month(self):
        forum = rule("monthly_weekday", datetime.date(2027, 1, 12))
        assert [d.date() for d in starts(forum, at(2027, 1, 1), 4)] == [
            datetime.date(2027, 1, 12),
            datetime.date(2027, 2, 9),
            datetime.date(2027, 3, 9),
            datetime.date(2027, 4, 13),
        ]

    def test_last_friday_of_each_month(self):
        # 29 January 2027 is the fifth Friday, and the last.
        event = rule("monthly_last_weekday", datetime.date(2027, 1, 29))
        assert [d.date() for d in starts(event, at(2027, 1, 1), 3)] == [
            datetime.date(2027, 1, 29),
            datetime.date(2027, 2, 26),
            datetime.date(2027, 3, 26),
        ]

    def test_same_date_each_month(self):
        event = rule("monthly_date", datetime.date(2027, 1, 15), start_time=None)
        found = occurrences(event, at(2027, 1, 1), 2)
        assert [item.date for item in found] == [
            datetime.date(2027, 1, 15),
            datetime.date(2027, 2, 15),
        ]
        assert found[0].is_all_day
        assert found[0].ends_at == at(2027, 1, 16)

    def test_repeat_until_is_the_last_possible_day(self):
        event = rule(
            "weekly",
            datetime.date(2027, 1, 5),
            repeat_until=datetime.date(2027, 1, 19),
        )
        assert len(starts(event, at(2027, 1, 1), 10)) == 3
        assert series_end(event) == at(2027, 1, 19, 19, 30)
        assert series_end(rule("weekly", datetime.date(2027, 1, 5))) is None

    def test_a_meeting_under_way_is_still_next(self):
        forum = rule("monthly_weekday", datetime.date(2027, 1, 12))
        assert starts(forum, at(2027, 2, 9, 19), 1) == [at(2027, 2, 9, 18)]
        assert starts(forum, at(2027, 2, 9, 19, 30), 1) == [at(2027, 3, 9, 18)]

    def test_occurs_on(self):
        forum = rule(
            "monthly_weekday",
            datetime.date(2027, 1, 12),
            repeat_until=datetime.date(2027, 6, 30),
        )
        assert occurs_on(forum, datetime.date(2027, 3, 9))
        assert not occurs_on(forum, datetime.date(2027, 3, 16))
        assert not occurs_on(forum, datetime.date(2026, 12, 8))  # before the start
        assert not occurs_on(forum, datetime.date(2027, 7, 13))  # after the end


class TestDaylightSaving:
    """Clocks change on 14 March and 7 November 2027; meetings stay at 6 pm."""

    def test_weekly_across_the_spring_change(self):
        weekly = rule("weekly", datetime.date(2027, 3, 2))
        before, after = starts(weekly, at(2027, 3, 8), 2)
        assert before == at(2027, 3, 9, 18)
        assert after == at(2027, 3, 16, 18)
        assert before.utcoffset() == -8 * HOUR
        assert after.utcoffset() == -7 * HOUR
        assert before.astimezone(datetime.UTC).hour == 2
        assert after.astimezone(datetime.UTC).hour == 1
        # A week apart on the wall clock: an hour less than 168 in real time.
        assert after.astimezone(datetime.UTC) - before.astimezone(
            datetime.UTC
        ) == datetime.timedelta(hours=167)

    def test_second_tuesday_in_march_and_april(self):
        forum = rule("monthly_weekday", datetime.date(2027, 1, 12))
        march, april = starts(forum, at(2027, 3, 1), 2)
        assert (march, march.utcoffset()) == (at(2027, 3, 9, 18), -8 * HOUR)
        assert (april, april.utcoffset()) == (at(2027, 4, 13, 18), -7 * HOUR)

    def test_second_tuesday_across_the_autumn_change(self):
        forum = rule("monthly_weekday", datetime.date(2027, 1, 12))
        october, november = occurrences(forum, at(2027, 10, 1), 2)
        assert october.starts_at.utcoffset() == -7 * HOUR
        assert november.starts_at.utcoffset() == -8 * HOUR
        for meeting in (october, november):
            assert (meeting.starts_at.hour, meeting.ends_at.hour) == (18, 19)
            assert meeting.ends_at.minute == 30
        assert november.when == "Tuesday, November 9, 2027, 6 pm to 7:30 pm"


class TestWords:
    @pytest.mark.parametrize(
        ("event", "words"),
        [
            (
                rule("monthly_weekday", datetime.date(2027, 1, 12)),
                "Every second Tuesday of the month, 6 pm to 7:30 pm",
            ),
            (
                rule("monthly_last_weekday", datetime.date(2027, 1, 29)),
                "Every last Friday of the month, 6 pm to 7:30 pm",
            ),
            (
                rule("weekly", datetime.date(2027, 1, 6), start_time=None),
                "Every Wednesday",
            ),
            (
                rule("monthly_date", datetime.date(2027, 1, 22), start_time=None),
                "Every month on the 22nd",
            ),
            (
                rule(
                    "monthly_weekday",
                    datetime.date(2027, 1, 5),
                    repeat_until=datetime.date(2027, 12, 7),
                ),
                "Every first Tuesday of the month, 6 pm to 7:30 pm, until "
                "December 7, 2027",
            ),
            (rule("none", datetime.date(2027, 1, 5)), ""),
        ],
    )
    def test_rule_in_words(self, event, words):
        assert describe(event) == words


@pytest.mark.django_db
class TestValidation:
    def build(self, **fields):
        values = {
            "title": "Legal Forum meeting",
            "slug": "forum",
            "summary": "Monthly.",
            "start_date": datetime.date(2027, 1, 12),
            "start_time": datetime.time(18),
            "end_time": datetime.time(19, 30),
            "repeat": "monthly_weekday",
        } | fields
        return EventPage(**values)

    def errors(self, **fields):
        with pytest.raises(ValidationError) as error:
            self.build(**fields).clean()
        return error.value.message_dict

    def test_a_monthly_meeting_is_valid(self):
        self.build().clean()

    def test_a_fifth_weekday_is_refused_with_the_way_out(self):
        message = self.errors(start_date=datetime.date(2027, 3, 30))["repeat"][0]
        assert "Tuesday, March 30, 2027 is the fifth Tuesday" in message
        assert "last Tuesday" in message
        # The same date is fine as "the last Tuesday".
        self.build(
            start_date=datetime.date(2027, 3, 30), repeat="monthly_last_weekday"
        ).clean()

    def test_last_weekday_needs_a_last_weekday(self):
        message = self.errors(repeat="monthly_last_weekday")["repeat"][0]
        assert "is not the last Tuesday of January" in message
        assert "second Tuesday" in message

    def test_a_date_not_every_month_has(self):
        message = self.errors(
            repeat="monthly_date", start_date=datetime.date(2027, 1, 31)
        )["repeat"][0]
        assert message.startswith("Not every month has a 31st.")

    def test_a_repeating_event_fits_in_one_day(self):
        errors = self.errors(end_date=datetime.date(2027, 1, 13))
        assert "starts and ends on the same day" in errors["end_date"][0]

    def test_repeat_until_before_the_start(self):
        errors = self.errors(repeat_until=datetime.date(2026, 12, 1))
        assert errors["repeat_until"] == [
            "This date is before the event first happens."
        ]

    def test_repeat_until_without_repeating(self):
        errors = self.errors(repeat="none", repeat_until=datetime.date(2027, 6, 1))
        assert errors["repeat_until"] == [
            "Choose how the event repeats, or clear this date."
        ]


@pytest.fixture
def index(home):
    return EventIndexPageFactory(parent=home)


def forum_series(index, **fields):
    """The Legal Forum's monthly meeting, second Tuesdays from January 2027."""
    values = {
        "title": "Legal Forum meeting",
        "start_date": datetime.date(2027, 1, 12),
        "start_time": datetime.time(18),
        "end_time": datetime.time(19, 30),
        "repeat": "monthly_weekday",
    } | fields
    return EventPageFactory(parent=index, **values)


@pytest.mark.django_db
class TestListings:
    def test_a_series_stays_upcoming_while_it_has_meetings_to_come(self, index):
        series = forum_series(index, repeat_until=datetime.date(2027, 6, 30))
        assert series.starts_at == at(2027, 1, 12, 18)
        assert series.series_ends_at == at(2027, 6, 8, 19, 30)
        # Long after its first meeting, it is still upcoming...
        assert list(EventPage.objects.upcoming(at(2027, 5, 20))) == [series]
        assert list(EventPage.objects.past(at(2027, 5, 20))) == []
        # ...until its last one ends.
        assert list(EventPage.objects.upcoming(at(2027, 6, 8, 19, 30))) == []
        assert list(EventPage.objects.past(at(2027, 6, 8, 19, 30))) == [series]

    def test_an_open_ended_series_never_becomes_past(self, index):
        series = forum_series(index)
        assert series.series_ends_at is None
        assert list(EventPage.objects.upcoming(at(2035, 1, 1))) == [series]
        assert list(EventPage.objects.past(at(2035, 1, 1))) == []

    def test_sorted_by_next_meeting_among_one_off_events(self, index):
        series = forum_series(index)
        soon = EventPageFactory(parent=index, start_date=datetime.date(2027, 5, 3))
        later = EventPageFactory(parent=index, start_date=datetime.date(2027, 5, 20))
        # On 1 May 2027 the forum next meets on 11 May: between the two.
        upcoming = list(EventPage.objects.upcoming(at(2027, 5, 1)))
        assert upcoming == [soon, series, later]
        assert upcoming[1].next_starts_at == at(2027, 5, 11, 18)

    def test_the_index_lists_a_series_once_with_its_next_meeting(self, client, index):
        forum_series(index, start_date=datetime.date(2040, 1, 10))
        html = BeautifulSoup(client.get(index.url).content, "html.parser")
        [card] = html.select("#upcoming .card")
        text = card.get_text(" ", strip=True)
        assert "Every second Tuesday of the month, 6 pm to 7:30 pm" in text
        assert "Next: Tuesday, January 10, 2040, 6 pm to 7:30 pm" in text


def cancel(event, day, reason=""):
    return EventCancellation.objects.create(page=event, date=day, reason=reason)


@pytest.mark.django_db
class TestCancelledDates:
    def test_next_meetings_mark_the_cancelled_one(self, index):
        series = forum_series(index)
        cancel(series, datetime.date(2027, 3, 9), "Moved for spring break.")
        meetings = series.upcoming_occurrences(3, now=at(2027, 2, 20))
        assert [(m.date.isoformat(), m.cancelled, m.note) for m in meetings] == [
            ("2027-03-09", True, "Moved for spring break."),
            ("2027-04-13", False, ""),
            ("2027-05-11", False, ""),
        ]

    def test_the_page_shows_next_dates_and_the_cancellation(self, client, index):
        series = forum_series(index, start_date=datetime.date(2040, 1, 10))
        cancel(series, datetime.date(2040, 2, 14), "No meeting in February.")
        html = BeautifulSoup(client.get(series.url).content, "html.parser")
        when = html.select_one(".details dd").get_text(" ", strip=True)
        assert (
            when == "Every second Tuesday of the month, 6 pm to 7:30 pm (Pacific time)"
        )
        dates = [
            li.get_text(" ", strip=True)
            for li in html.select(".event__dates .occurrence-list li")
        ]
        assert dates == [
            "Tuesday, January 10, 2040, 6 pm to 7:30 pm",
            "Tuesday, February 14, 2040, 6 pm to 7:30 pm Cancelled No meeting in "
            "February.",
            "Tuesday, March 13, 2040, 6 pm to 7:30 pm",
        ]

    def test_the_forum_page_lists_next_meetings(self, client, home, index):
        category = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        series = forum_series(
            index, category=category, start_date=datetime.date(2040, 1, 10)
        )
        cancel(series, datetime.date(2040, 1, 10), "Holiday.")
        EventPageFactory(
            parent=index,
            title="Special session",
            category=category,
            start_date=datetime.date(2040, 2, 1),
        )
        forum = LegalForumPageFactory(parent=home, meeting_category=category)
        html = BeautifulSoup(client.get(forum.url).content, "html.parser")
        items = [
            li.get_text(" ", strip=True)
            for li in html.select(".next-meeting .occurrence-list li")
        ]
        assert items == [
            "Tuesday, January 10, 2040, 6 pm to 7:30 pm (Pacific time) Legal Forum "
            "meeting Cancelled Holiday.",
            "Wednesday, February 1, 2040, 6 pm to 8 pm (Pacific time) Special session",
            "Tuesday, February 14, 2040, 6 pm to 7:30 pm (Pacific time) Legal Forum "
            "meeting",
        ]
        section = html.select_one(".next-meeting")
        assert "Legal Forum meeting: Every second Tuesday of the month" in (
            section.get_text(" ", strip=True)
        )
        feed = section.find(
            "a", string="Add Legal Forum meetings to your calendar (.ics)"
        )
        assert feed["href"] == "/calendar/category/legal-forum.ics"

    def test_listing_queries_stay_flat_with_more_series(self, client, home, index):
        category = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        forum = LegalForumPageFactory(parent=home, meeting_category=category)

        def add(count):
            for n in range(count):
                series = forum_series(
                    index,
                    title=f"Forum series {EventPage.objects.count()}",
                    category=category,
                    start_date=datetime.date(2040, 1, 3 + (n % 4) * 7),
                )
                cancel(series, series.start_date, "Off.")

        def queries(url):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        add(2)
        small = [queries(page.url) for page in (index, forum, home)]
        add(8)
        large = [queries(page.url) for page in (index, forum, home)]
        assert large == small


@pytest.mark.django_db
class TestEditor:
    """The editor refuses cancelled dates that could not be, saying why."""

    @pytest.fixture
    def signed_in(self, client, superuser):
        sign_in(client, superuser)

    def add_url(self, index):
        return reverse("wagtailadmin_pages:add", args=["events", "eventpage", index.pk])

    def post(self, client, index, repeat, *dates):
        url = self.add_url(index)
        data = form_data(client.get(url), "page-edit-form") | {
            "title": "Legal Forum meeting",
            "slug": "legal-forum-meeting",
            "category": str(EventCategoryFactory().pk),
            "start_date": "2027-01-12",
            "start_time": "6:00 PM",
            "end_time": "7:30 PM",
            "repeat": repeat,
            "summary": "Monthly.",
            "cancelled_dates-TOTAL_FORMS": str(len(dates)),
        }
        for n, day in enumerate(dates):
            data |= {
                f"cancelled_dates-{n}-date": day,
                f"cancelled_dates-{n}-reason": "Holiday.",
                f"cancelled_dates-{n}-id": "",
            }
        return client.post(url, data)

    def errors(self, response):
        html = BeautifulSoup(response.content, "html.parser")
        return [e.get_text(" ", strip=True) for e in html.select(".error-message")]

    def test_a_real_meeting_date_is_saved(self, client, index, signed_in):
        response = self.post(client, index, "monthly_weekday", "2027-03-09")
        assert response.status_code == 302, self.errors(response)
        event = EventPage.objects.get(
            slug="legal-forum-meeting", locale__language_code="en"
        )
        assert [c.date for c in event.cancelled_dates.all()] == [
            datetime.date(2027, 3, 9)
        ]

    def test_a_date_it_does_not_meet_on_is_refused(self, client, index, signed_in):
        response = self.post(
            client, index, "monthly_weekday", "2027-03-16", "2027-04-13", "2027-04-13"
        )
        assert response.status_code == 200
        errors = self.errors(response)
        assert (
            "The event does not happen on Tuesday, March 16, 2027. Choose one of "
            "the dates it repeats on." in errors
        )
        assert "This date is already listed." in errors
        assert not EventPage.objects.filter(slug="legal-forum-meeting").exists()

    def test_the_preview_of_a_new_series_shows_its_dates(
        self, client, index, signed_in
    ):
        url = self.add_url(index)
        data = form_data(client.get(url), "page-edit-form") | {
            "title": "Legal Forum meeting",
            "slug": "legal-forum-meeting",
            "category": str(EventCategoryFactory().pk),
            "start_date": "2040-01-10",
            "start_time": "6:00 PM",
            "end_time": "7:30 PM",
            "repeat": "monthly_weekday",
            "summary": "Monthly.",
            "cancelled_dates-TOTAL_FORMS": "1",
            "cancelled_dates-0-date": "2040-02-14",
            "cancelled_dates-0-reason": "Holiday.",
            "cancelled_dates-0-id": "",
        }
        preview = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["events", "eventpage", index.pk],
        )
        assert client.post(preview, data).json()["is_valid"]
        html = BeautifulSoup(client.get(preview).content, "html.parser")
        dates = [
            li.get_text(" ", strip=True)
            for li in html.select(".event__dates .occurrence-list li")
        ]
        assert dates[1] == (
            "Tuesday, February 14, 2040, 6 pm to 7:30 pm Cancelled Holiday."
        )
        assert not EventPage.objects.filter(slug="legal-forum-meeting").exists()

    def test_a_one_off_event_is_cancelled_by_its_status(self, client, index, signed_in):
        response = self.post(client, index, "none", "2027-01-12")
        assert response.status_code == 200
        assert any(
            "set its status to Cancelled" in error for error in self.errors(response)
        )


def matches_schema(client, schema_name, instance):
    """``instance`` against a component schema of the API's own OpenAPI document."""
    document = client.get("/api/openapi.json").json()
    registry = Registry().with_resource(
        "urn:openapi",
        Resource.from_contents(document, default_specification=DRAFT202012),
    )
    validator = Draft202012Validator(
        {"$ref": f"urn:openapi#/components/schemas/{schema_name}"}, registry=registry
    )
    return [error.message for error in validator.iter_errors(instance)]


@pytest.mark.django_db
class TestApi:
    def test_a_series_in_detail(self, client, home, index):
        category = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        series = forum_series(
            index,
            category=category,
            start_date=datetime.date(2040, 1, 10),
            repeat_until=datetime.date(2040, 12, 31),
        )
        cancel(series, datetime.date(2040, 2, 14), "Holiday.")
        forum = LegalForumPageFactory(parent=home, meeting_category=category)

        data = client.get(f"/api/v2/pages/{series.pk}/").json()
        assert not matches_schema(client, "EventPage", data)
        assert data["repeat"] == "monthly_weekday"
        assert data["repeat_until"] == "2040-12-31"
        assert data["repeat_description"] == (
            "Every second Tuesday of the month, 6 pm to 7:30 pm, until "
            "December 31, 2040"
        )
        assert data["starts_at"] == "2040-01-10T18:00:00-08:00"
        assert data["next_occurrences"] == [
            {
                "starts_at": "2040-01-10T18:00:00-08:00",
                "ends_at": "2040-01-10T19:30:00-08:00",
                "cancelled": False,
                "note": "",
            },
            {
                "starts_at": "2040-02-14T18:00:00-08:00",
                "ends_at": "2040-02-14T19:30:00-08:00",
                "cancelled": True,
                "note": "Holiday.",
            },
            {
                "starts_at": "2040-03-13T18:00:00-07:00",
                "ends_at": "2040-03-13T19:30:00-07:00",
                "cancelled": False,
                "note": "",
            },
        ]

        forum_data = client.get(f"/api/v2/pages/{forum.pk}/").json()
        assert not matches_schema(client, "LegalForumPage", forum_data)
        assert forum_data["next_meeting"]["id"] == series.pk
        assert forum_data["next_meeting"]["starts_at"] == "2040-01-10T18:00:00-08:00"
        assert [
            (m["starts_at"][:10], m["cancelled"], m["note"])
            for m in forum_data["next_meetings"]
        ] == [
            ("2040-01-10", False, ""),
            ("2040-02-14", True, "Holiday."),
            ("2040-03-13", False, ""),
        ]

    def test_upcoming_listing_orders_by_next_meeting(self, client, index):
        EventPageFactory(
            parent=index, title="Far conference", start_date=datetime.date(2040, 1, 1)
        )
        forum_series(
            index, title="Monthly forum", start_date=datetime.date(2020, 1, 14)
        )
        EventPageFactory(
            parent=index, title="Old talk", start_date=datetime.date(2021, 1, 1)
        )
        data = client.get(
            "/api/v2/pages/?type=events.EventPage&when=upcoming&fields=next_occurrences"
        ).json()
        assert [item["title"] for item in data["items"]] == [
            "Monthly forum",
            "Far conference",
        ]
        [forum] = [i for i in data["items"] if i["title"] == "Monthly forum"]
        assert len(forum["next_occurrences"]) == 3
        past = client.get("/api/v2/pages/?type=events.EventPage&when=past").json()
        assert [item["title"] for item in past["items"]] == ["Old talk"]


@pytest.mark.django_db
def test_the_editor_says_how_a_saved_event_repeats(client, superuser, index):
    series = forum_series(index, start_date=datetime.date(2040, 1, 10))
    cancel(series, datetime.date(2040, 2, 14))
    series.save_revision()
    sign_in(client, superuser)
    html = BeautifulSoup(
        client.get(reverse("wagtailadmin_pages:edit", args=[series.pk])).content,
        "html.parser",
    )
    summary = html.select_one(".repeat-summary").get_text(" ", strip=True)
    assert "repeats: Every second Tuesday of the month, 6 pm to 7:30 pm" in summary
    assert "Tuesday, February 14, 2040, 6 pm to 7:30 pm (cancelled)" in summary
