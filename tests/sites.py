"""Sites built for the query-count checks (tests and bench/query_counts.py)."""

import datetime

import wagtail_factories

from events.recurrence import Repeat
from home.models import HomePageFeaturedResource
from tests.factories import (
    ApplicationFormPageFactory,
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from tests.questions import add_questions

# Answers other than 200 OK that a measured address is meant to give.
EXPECTED_STATUS = {"not found": 404}


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
        self.form = add_questions(ApplicationFormPageFactory(parent=self.forum))
        self.resource_count = 0
        self.event_count = 0
        self.article_count = 0
        self.first_resource = None
        self.first_article = None
        self.first_event = None
        self.one_off_event = None

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
            event = EventPageFactory(
                parent=self.events,
                # Half upcoming, half past; every third a Legal Forum meeting,
                # every fifth repeating weekly.
                start_date=today
                + datetime.timedelta(days=(n + 1) * (1 if n % 2 else -1)),
                category=self.forum_category if n % 3 == 0 else self.other_category,
                repeat=Repeat.WEEKLY if n % 5 == 0 else Repeat.NONE,
                image=picture(),
            )
            self.first_event = self.first_event or event  # repeats weekly
            if n == 1:
                self.one_off_event = event
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
            "event page": self.first_event.url,
            "one-off event page": self.one_off_event.url,
            "legal forum": self.forum.url,
            "news index": self.news.url,
            "news article": self.first_article.url,
            "news feed": f"{self.news.url}feed/",
            "application form": self.form.url,
            "thank-you": f"{self.form.url}thank-you/",
            "not found": "/no-such-page/",
            "calendar": "/calendar/events.ics",
            "category feed": f"/calendar/category/{self.forum_category.slug}.ics",
            "event ics": f"/calendar/event/{self.first_event.pk}.ics",
            "sitemap": "/sitemap.xml",
            "api pages": "/api/v2/pages/?type=events.EventPage&fields=*",
            "api images": "/api/v2/images/",
        }

    def posts(self):
        """The addresses measured by a POST, with what is sent: a site search."""
        return {"search": ("/search/", {"q": "article"})}


def picture():
    return wagtail_factories.ImageFactory()
