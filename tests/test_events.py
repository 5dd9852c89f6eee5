import datetime
from zoneinfo import ZoneInfo

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.dates import event_bounds, format_event_dates
from events.models import EventPage
from tests.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
)

PACIFIC = ZoneInfo("America/Los_Angeles")


def at(*args):
    return datetime.datetime(*args, tzinfo=PACIFIC)


def elapsed(starts, ends):
    """Real time elapsed (Python subtracts times in one zone by the wall clock)."""
    return ends.astimezone(datetime.UTC) - starts.astimezone(datetime.UTC)


class TestEventBounds:
    def test_timed_event_is_read_as_sacramento_time(self):
        starts, ends = event_bounds(
            datetime.date(2026, 7, 1), datetime.time(18), None, datetime.time(20)
        )
        assert starts.utcoffset() == datetime.timedelta(hours=-7)
        assert starts == datetime.datetime(2026, 7, 2, 1, tzinfo=datetime.UTC)
        assert elapsed(starts, ends) == datetime.timedelta(hours=2)

    def test_all_day_event_runs_from_midnight_to_midnight(self):
        starts, ends = event_bounds(datetime.date(2018, 1, 16), None, None, None)
        assert starts == at(2018, 1, 16)
        assert ends == at(2018, 1, 17)

    def test_multi_day_all_day_event_ends_after_its_last_day(self):
        starts, ends = event_bounds(
            datetime.date(2026, 3, 6), None, datetime.date(2026, 3, 8), None
        )
        assert ends == at(2026, 3, 9)

    def test_all_day_on_the_day_clocks_go_forward_lasts_23_hours(self):
        # 8 March 2026: Pacific time springs forward at 2 am.
        starts, ends = event_bounds(datetime.date(2026, 3, 8), None, None, None)
        assert elapsed(starts, ends) == datetime.timedelta(hours=23)
        assert starts.utcoffset() == datetime.timedelta(hours=-8)
        assert ends.utcoffset() == datetime.timedelta(hours=-7)

    def test_timed_event_across_the_autumn_change_keeps_wall_clock_times(self):
        # 1 November 2026: clocks go back an hour at 2 am.
        starts, ends = event_bounds(
            datetime.date(2026, 10, 31),
            datetime.time(22),
            datetime.date(2026, 11, 1),
            datetime.time(6),
        )
        assert elapsed(starts, ends) == datetime.timedelta(hours=9)
        assert ends.astimezone(PACIFIC).hour == 6


@pytest.mark.django_db
class TestUpcomingAndPast:
    @pytest.fixture
    def index(self, home):
        return EventIndexPageFactory(parent=home)

    def test_event_under_way_is_still_upcoming(self, index):
        event = EventPageFactory(
            parent=index,
            start_date=datetime.date(2026, 5, 1),
            start_time=datetime.time(9),
            end_time=datetime.time(17),
        )
        now = at(2026, 5, 1, 12)
        assert list(EventPage.objects.upcoming(now)) == [event]
        assert list(EventPage.objects.past(now)) == []

    def test_event_is_past_from_the_moment_it_ends(self, index):
        event = EventPageFactory(
            parent=index,
            start_date=datetime.date(2026, 5, 1),
            start_time=datetime.time(9),
            end_time=datetime.time(17),
        )
        assert list(EventPage.objects.upcoming(at(2026, 5, 1, 16, 59))) == [event]
        assert list(EventPage.objects.past(at(2026, 5, 1, 17))) == [event]
        assert list(EventPage.objects.upcoming(at(2026, 5, 1, 17))) == []

    def test_all_day_event_is_upcoming_until_local_midnight(self, index):
        event = EventPageFactory(
            parent=index,
            start_date=datetime.date(2026, 5, 1),
            start_time=None,
            end_time=None,
        )
        assert list(EventPage.objects.upcoming(at(2026, 5, 1, 23, 59))) == [event]
        assert list(EventPage.objects.past(at(2026, 5, 2, 0, 0))) == [event]

    def test_all_day_event_on_a_dst_day_ends_at_local_midnight(self, index):
        event = EventPageFactory(
            parent=index,
            start_date=datetime.date(2026, 11, 1),
            start_time=None,
            end_time=None,
        )
        # The day is 25 hours long; 23:30 local is still that day.
        assert list(EventPage.objects.upcoming(at(2026, 11, 1, 23, 30))) == [event]
        assert list(EventPage.objects.past(at(2026, 11, 2, 0, 0))) == [event]

    def test_upcoming_soonest_first_and_past_newest_last(self, index):
        older = EventPageFactory(parent=index, start_date=datetime.date(2020, 1, 1))
        old = EventPageFactory(parent=index, start_date=datetime.date(2021, 1, 1))
        later = EventPageFactory(parent=index, start_date=datetime.date(2031, 1, 1))
        soon = EventPageFactory(parent=index, start_date=datetime.date(2030, 1, 1))
        now = at(2026, 1, 1)
        assert list(EventPage.objects.upcoming(now)) == [soon, later]
        assert list(EventPage.objects.past(now)) == [older, old]

    def test_bounds_are_recomputed_when_an_event_is_moved(self, index):
        event = EventPageFactory(parent=index, start_date=datetime.date(2020, 1, 1))
        event.start_date = event.end_date = datetime.date(2031, 1, 1)
        event.save_revision().publish()
        event.refresh_from_db()
        assert event.starts_at == at(2031, 1, 1, 18)
        assert list(EventPage.objects.upcoming(at(2026, 1, 1))) == [event]


@pytest.mark.django_db
class TestValidation:
    def build(self, **fields):
        values = {
            "title": "Meeting",
            "slug": "meeting",
            "summary": "A meeting.",
            "start_date": datetime.date(2026, 5, 1),
        } | fields
        return EventPage(**values)

    def test_start_time_needs_an_end_time(self):
        with pytest.raises(ValidationError) as error:
            self.build(start_time=datetime.time(9)).clean()
        assert "end_time" in error.value.message_dict

    def test_end_time_needs_a_start_time(self):
        with pytest.raises(ValidationError) as error:
            self.build(end_time=datetime.time(9)).clean()
        assert "start_time" in error.value.message_dict

    def test_end_before_start_is_refused(self):
        with pytest.raises(ValidationError) as error:
            self.build(start_time=datetime.time(17), end_time=datetime.time(9)).clean()
        assert error.value.message_dict["end_time"] == [
            "The event must end after it starts."
        ]

    def test_end_date_before_start_date_is_refused(self):
        with pytest.raises(ValidationError) as error:
            self.build(end_date=datetime.date(2026, 4, 30)).clean()
        assert "end_date" in error.value.message_dict

    def test_all_day_event_is_valid(self):
        self.build().clean()


class TestDateWording:
    def test_single_all_day(self):
        assert (
            format_event_dates(datetime.date(2018, 1, 16), None, None, None)
            == "Tuesday, January 16, 2018"
        )

    def test_same_day_with_times(self):
        assert (
            format_event_dates(
                datetime.date(2026, 5, 1),
                datetime.time(9),
                None,
                datetime.time(16, 30),
            )
            == "Friday, May 1, 2026, 9 am to 4:30 pm"
        )

    def test_several_days(self):
        assert (
            format_event_dates(
                datetime.date(2026, 5, 1), None, datetime.date(2026, 5, 2), None
            )
            == "Friday, May 1, 2026 to Saturday, May 2, 2026"
        )


@pytest.mark.django_db
class TestEventIndex:
    @pytest.fixture
    def index(self, home):
        return EventIndexPageFactory(parent=home)

    def test_splits_upcoming_from_past(self, client, index):
        EventPageFactory(parent=index, title="Next Legal Forum meeting")
        EventPageFactory(
            parent=index,
            title="Conference of 2018",
            start_date=datetime.date(2018, 1, 16),
        )
        response = client.get(index.url)
        assert response.status_code == 200
        upcoming = [e.title for e in response.context["upcoming_events"]]
        past = [e.title for e in response.context["past_events"]]
        assert upcoming == ["Next Legal Forum meeting"]
        assert past == ["Conference of 2018"]
        html = response.content.decode()
        assert html.index("Next Legal Forum meeting") < html.index("Past events")
        assert html.index("Past events") < html.index("Conference of 2018")

    def test_paginates_each_list(self, client, index, settings):
        settings.EVENTS_PER_PAGE = 2
        for day in range(1, 6):
            EventPageFactory(
                parent=index,
                title=f"Future {day}",
                start_date=datetime.date(2040, 1, day),
            )
        response = client.get(index.url, {"page": 3})
        assert [e.title for e in response.context["upcoming_events"]] == ["Future 5"]
        assert "Page 3 of 3" in response.content.decode()
        # A page number out of range shows the last page rather than failing.
        response = client.get(index.url, {"page": "99"})
        assert response.status_code == 200
        response = client.get(index.url, {"page": "not-a-number"})
        assert [e.title for e in response.context["upcoming_events"]] == [
            "Future 1",
            "Future 2",
        ]

    def test_filters_by_category(self, client, index):
        forum = EventCategoryFactory(name="Legal Forum", slug="legal-forum")
        EventPageFactory(parent=index, title="Forum meeting", category=forum)
        EventPageFactory(parent=index, title="Conference day")
        response = client.get(index.url, {"category": "legal-forum"})
        assert [e.title for e in response.context["upcoming_events"]] == [
            "Forum meeting"
        ]
        response = client.get(index.url, {"category": "no-such-category"})
        assert len(response.context["upcoming_events"]) == 2

    def test_drafts_are_not_listed(self, client, index):
        EventPageFactory(parent=index, title="Secret draft", live=False)
        response = client.get(index.url)
        assert "Secret draft" not in response.content.decode()

    def test_past_event_page_says_so(self, client, index):
        event = EventPageFactory(parent=index, start_date=datetime.date(2018, 1, 16))
        response = client.get(event.url)
        assert "This event has already taken place." in response.content.decode()


@pytest.mark.django_db
def test_announcement_can_be_scheduled(client, home):
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, title="Announced later", live=False)
    go_live = timezone.now() + datetime.timedelta(hours=1)
    event.go_live_at = go_live
    event.save_revision().publish()
    event.refresh_from_db()
    assert not event.live
    assert "Announced later" not in client.get(index.url).content.decode()

    # Wind the schedule back, as if the hour had passed; then cron's run of
    # publish_scheduled publishes it.
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision = event.latest_revision
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    event.refresh_from_db()
    assert event.live
    assert "Announced later" in client.get(index.url).content.decode()


@pytest.mark.django_db
class TestImages:
    @pytest.fixture
    def index(self, home):
        return EventIndexPageFactory(parent=home)

    def test_page_card_and_api_show_the_image(self, client, index):
        image = wagtail_factories.ImageFactory(
            title="Hall", description="The community hall, from outside"
        )
        event = EventPageFactory(parent=index, title="Open house", image=image)

        page = BeautifulSoup(client.get(event.url).content, "html.parser")
        picture = page.select_one("img.page-image")
        assert picture["alt"] == "The community hall, from outside"

        listing = BeautifulSoup(client.get(index.url).content, "html.parser")
        card = listing.select_one("#upcoming .card")
        assert card.select_one("img.card__image")["alt"] == (
            "The community hall, from outside"
        )

        data = client.get(f"/api/v2/pages/{event.pk}/").json()
        assert data["image"]["id"] == image.pk
        assert data["image"]["alt"] == "The community hall, from outside"
        assert data["image"]["url"].startswith("http")

    def test_an_event_without_an_image_shows_none(self, client, index):
        event = EventPageFactory(parent=index)
        page = BeautifulSoup(client.get(event.url).content, "html.parser")
        assert page.select_one("img.page-image") is None
        assert client.get(f"/api/v2/pages/{event.pk}/").json()["image"] is None

    def test_index_queries_do_not_grow_with_pictures(self, client, index):
        def add(count):
            for _ in range(count):
                EventPageFactory(parent=index, image=wagtail_factories.ImageFactory())

        def queries():
            client.get(index.url)  # makes the renditions, as earlier visits have
            with CaptureQueriesContext(connection) as captured:
                client.get(index.url)
            return len(captured)

        add(2)
        small = queries()
        add(6)
        assert queries() == small
