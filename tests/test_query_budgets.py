"""
Public pages run a fixed number of SQL queries, however much content the site has.

Each page is measured with 5 events and resources, then again with 200; the counts
must be identical, and within a small budget.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePageFeaturedResource
from tests.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 20  # queries per page view; today's counts are well below it


def queries_for(client, url):
    client.get(url)  # warm per-process caches (site root paths) as a live server has
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


class Site:
    def __init__(self, home):
        self.home = home
        self.resources = ResourceIndexPageFactory(parent=home)
        self.events = EventIndexPageFactory(parent=home)
        self.forum_category = EventCategoryFactory(
            name="Legal Forum", slug="legal-forum"
        )
        self.other_category = EventCategoryFactory(name="Conference", slug="conference")
        self.forum = LegalForumPageFactory(
            parent=home, meeting_category=self.forum_category
        )
        self.resource_count = 0
        self.event_count = 0
        self.first_resource = None

    def grow_to(self, total):
        today = datetime.date.today()
        while self.resource_count < total:
            resource = ResourcePageFactory(parent=self.resources)
            if self.resource_count < 6:
                self.home.featured_resources.add(
                    HomePageFeaturedResource(resource=resource)
                )
                self.home.save()
            self.first_resource = self.first_resource or resource
            self.resource_count += 1
        while self.event_count < total:
            n = self.event_count
            EventPageFactory(
                parent=self.events,
                # Half upcoming, half past; every third a Legal Forum meeting.
                start_date=today
                + datetime.timedelta(days=(n + 1) * (1 if n % 2 else -1)),
                category=self.forum_category if n % 3 == 0 else self.other_category,
            )
            self.event_count += 1

    def urls(self):
        return {
            "home": self.home.url,
            "resource index": self.resources.url,
            "resource page": self.first_resource.url,
            "event index": self.events.url,
            "legal forum": self.forum.url,
        }


def test_query_counts_do_not_grow_with_content(client, home):
    site = Site(home)
    site.grow_to(5)
    small = {name: queries_for(client, url) for name, url in site.urls().items()}
    site.grow_to(200)
    large = {name: queries_for(client, url) for name, url in site.urls().items()}

    assert large == small, f"with 5 items: {small}; with 200: {large}"
    assert max(large.values()) <= BUDGET, large
