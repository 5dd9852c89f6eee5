"""Sites built for the query-count checks (tests and bench/query_counts.py)."""

import datetime

import wagtail_factories

from events.recurrence import Repeat
from home.models import HomePageFeaturedResource
from tests.factories import (
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)


class PublicSite:
    """
    A home page with resources, events, news and the Legal Forum, grown on
    demand to any number of each, every one with its own picture and some
    events repeating: what the query-count checks measure.
    """

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
        self.news = NewsIndexPageFactory(parent=home)
        self.resource_count = 0
        self.event_count = 0
        self.article_count = 0
        self.first_resource = None
        self.first_article = None

    def grow_to(self, total):
        today = datetime.date.today()
        while self.resource_count < total:
            resource = ResourcePageFactory(parent=self.resources, image=picture())
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
                # Half upcoming, half past; every third a Legal Forum meeting,
                # every fifth repeating weekly.
                start_date=today
                + datetime.timedelta(days=(n + 1) * (1 if n % 2 else -1)),
                category=self.forum_category if n % 3 == 0 else self.other_category,
                repeat=Repeat.WEEKLY if n % 5 == 0 else Repeat.NONE,
                image=picture(),
            )
            self.event_count += 1
        while self.article_count < total:
            article = NewsArticlePageFactory(
                parent=self.news,
                date=today - datetime.timedelta(days=self.article_count),
                image=picture(),
                tags=["Legal Forum", f"Topic {self.article_count % 4}"],
            )
            self.first_article = self.first_article or article
            self.article_count += 1

    def urls(self):
        return {
            "home": self.home.url,
            "resource index": self.resources.url,
            "resource page": self.first_resource.url,
            "event index": self.events.url,
            "legal forum": self.forum.url,
            "news index": self.news.url,
            "news article": self.first_article.url,
            "news feed": f"{self.news.url}feed/",
        }


def picture():
    return wagtail_factories.ImageFactory()
