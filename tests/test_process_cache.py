"""
What each app server keeps in its own memory (site_core.process_cache and the
fragments of site_core.content_cache): one content generation at a time, a
bounded number of entries however many addresses are asked for, nothing of a
search, and a time-limited fragment only until its moment.
"""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from site_core import content_cache
from site_core.process_cache import GenerationStore
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
)

pytestmark = pytest.mark.django_db


def test_a_newer_generation_empties_the_store():
    store = GenerationStore(limit=10)
    store.put(1, "menu", "old")
    assert store.get(1, "menu") == "old"
    store.put(2, "footer", "new")
    assert store.get(1, "menu") is None
    assert store.get(2, "menu") is None
    assert store.get(2, "footer") == "new"


def test_a_slow_request_of_an_older_generation_changes_nothing():
    store = GenerationStore(limit=10)
    store.put(5, "menu", "current")
    store.put(4, "menu", "built from older rows")
    assert store.get(5, "menu") == "current"
    assert store.get(4, "menu") is None


def test_the_least_recently_used_entries_go_first():
    store = GenerationStore(limit=3)
    for key in "abc":
        store.put(1, key, key.upper())
    store.get(1, "a")  # used again: now the newest
    store.put(1, "d", "D")
    assert [store.get(1, key) for key in "abcd"] == ["A", None, "C", "D"]
    assert len(store) == 3


def test_a_store_keeps_no_more_bytes_than_its_budget():
    store = GenerationStore(limit=100, max_bytes=1000)
    for number in range(10):
        store.put(1, f"fragment {number}", ("x" * 300, None))
    assert store.bytes <= 1000
    assert len(store) == 3
    assert store.get(1, "fragment 9") == ("x" * 300, None)  # the newest stay
    store.put(1, "fragment 9", ("y" * 100, None))  # replaced, not counted twice
    assert store.bytes == 700


def test_many_addresses_never_grow_a_server_past_its_limit(client, home, monkeypatch):
    monkeypatch.setattr(content_cache.local, "limit", 40)
    index = NewsIndexPageFactory(parent=home)
    NewsArticlePageFactory(parent=index)
    for number in range(150):  # each a page of the list, each its own fragments
        response = client.get(f"{index.url}?page={number}&tag=t{number}")
        assert response.status_code == 200
    assert len(content_cache.local) <= 40


def test_a_kept_api_answer_is_read_with_no_query(
    client, home, django_assert_num_queries
):
    NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home), title="Court")
    url = "/api/v2/pages/?type=news.NewsArticlePage"
    client.get(url)  # made and kept
    with django_assert_num_queries(0):
        response = client.get(url)
    assert [item["title"] for item in response.json()["items"]] == ["Court"]


def test_what_someone_searched_for_is_not_kept(client, home):
    NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home), title="Visas")
    assert client.get("/api/v2/pages/?search=visas").status_code == 200
    assert not [key for key in content_cache.local.entries if ":api:" in key]
    assert client.get("/api/v2/pages/").status_code == 200
    assert [key for key in content_cache.local.entries if ":api:" in key]


def test_an_event_page_moves_on_to_the_next_date_by_itself(client, home):
    # Every second Tuesday from January 2031: the 14th, then February 11th.
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        start_date=datetime.date(2031, 1, 14),
        start_time=datetime.time(18),
        end_time=datetime.time(19, 30),
        repeat="monthly_weekday",
    )
    first = client.get(event.url).content.decode()
    assert "January 14, 2031" in first

    after_the_first = timezone.make_aware(datetime.datetime(2031, 1, 15, 9))
    with mock.patch("django.utils.timezone.now", return_value=after_the_first):
        page = client.get(event.url).content.decode()
        feed = client.get("/calendar/events.ics").content.decode()
        api = client.get(f"/api/v2/pages/{event.pk}/").json()
    assert "January 14, 2031" not in page
    assert "February 11, 2031" in page
    assert api["next_occurrences"][0]["starts_at"].startswith("2031-02-11")
    assert "BEGIN:VEVENT" in feed
