"""
API listings run a fixed number of SQL queries, however many pages they hold.

Every listing is measured on a small site (5 of each growing page type) and again
on a large one (three times as many, bodies full of images, documents and links, so
that each listing shows a full page of them); the counts must be identical, and
within a stated budget.
"""

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from site_core import content_cache
from tests.factories import (
    ApplicationFormFieldFactory,
    ApplicationFormPageFactory,
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)

pytestmark = pytest.mark.django_db

# Queries to build a listing's answer after a publish; today's largest is 19
# (upcoming forum events). Five of each are the first request's after any
# change: the site, and when the events next change by themselves (answers are
# kept until then); the listing itself runs the rest.
BUDGET = 21
# The media listings: the rule "used on a live, public page" is a subquery of the
# listing's own queries, not a query of its own.
MEDIA_BUDGET = {"images": 9, "documents": 7}
PAGE = 10  # the listings' limit: a full page on the large site
SMALL, LARGE = 5, 15

LISTINGS = {
    "all pages": "/api/v2/pages/?fields=*",
    "home": "/api/v2/pages/?type=home.HomePage&fields=*",
    "resources": "/api/v2/pages/?type=resources.ResourcePage&fields=*",
    "events": "/api/v2/pages/?type=events.EventPage&fields=*",
    "upcoming forum events": "/api/v2/pages/?type=events.EventPage&when=upcoming"
    "&category=legal-forum&fields=*",
    "legal forum": "/api/v2/pages/?type=legal_forum.LegalForumPage&fields=*",
    "forms": "/api/v2/pages/?type=legal_forum.ApplicationFormPage&fields=*",
    "images": "/api/v2/images/?fields=*",
    "documents": "/api/v2/documents/?fields=*",
}
LISTINGS = {name: f"{url}&limit={PAGE}" for name, url in LISTINGS.items()}


def rich_body(n, image, document, page):
    """A body using every block that refers to something stored elsewhere."""
    return [
        {"type": "heading", "value": {"text": f"Section {n}", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f'<p>Read <a linktype="page" id="{page.pk}">this</a> and '
            f'<a linktype="document" id="{document.pk}">that</a>.</p>',
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "A photo", "caption": ""},
        },
        {"type": "document", "value": {"document": document.pk, "link_text": ""}},
        {
            "type": "callout",
            "value": {
                "heading": "We can help",
                "show_hotline": True,
                "link_page": page.pk,
                "link_text": "Read more",
            },
        },
    ]


class GrowingSite:
    def __init__(self, home):
        self.home = home
        self.resources = ResourceIndexPageFactory(parent=home)
        self.events = EventIndexPageFactory(parent=home)
        self.forum_category = EventCategoryFactory(
            name="Legal Forum", slug="legal-forum"
        )
        self.forum = LegalForumPageFactory(
            parent=home, meeting_category=self.forum_category
        )
        self.count = 0

    def grow_to(self, total):
        while self.count < total:
            n = self.count
            image = wagtail_factories.ImageFactory()
            document = wagtail_factories.DocumentFactory()
            resource = ResourcePageFactory(
                parent=self.resources, body=rich_body(n, image, document, self.home)
            )
            EventPageFactory(
                parent=self.events,
                category=self.forum_category if n % 2 else EventCategoryFactory(),
                body=rich_body(n, image, document, resource),
            )
            form = ApplicationFormPageFactory(
                parent=self.forum,
                introduction=f'<p>See <a linktype="page" id="{resource.pk}">x</a></p>',
            )
            ApplicationFormFieldFactory(page=form, label="Full name")
            ApplicationFormFieldFactory(
                page=form, label="Areas", field_type="checkboxes", choices="A\nB"
            )
            if n < 6:
                self.home.featured_resources.create(resource=resource)
            self.count += 1


def queries_for(client, url):
    """
    The queries of building ``url``'s answer (what it is kept as is then read
    with none, tests/test_query_budgets.py), and how many items it lists.
    """
    client.get(url)  # warm per-process caches and make renditions, as a live site has
    content_cache.bump()  # what was kept is retired, as by a publish
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    with CaptureQueriesContext(connection) as kept:
        assert client.get(url).json() == response.json()
    assert len(kept) == 0, kept.captured_queries  # the answer was kept
    return len(captured), len(response.json()["items"])


def test_listing_queries_do_not_grow_with_the_number_of_pages(client, home):
    site = GrowingSite(home)
    site.grow_to(SMALL)
    small = {name: queries_for(client, url) for name, url in LISTINGS.items()}
    site.grow_to(LARGE)
    large = {name: queries_for(client, url) for name, url in LISTINGS.items()}

    # The small listings hold 5 items; the large ones a full page (the forum-only
    # ones about half of all), so every per-item query would show.
    assert small["resources"][1] == small["images"][1] == SMALL
    assert large["all pages"][1] == PAGE
    assert large["resources"][1] == large["events"][1] == large["forms"][1] == PAGE
    assert large["upcoming forum events"][1] == LARGE // 2
    assert large["images"][1] == large["documents"][1] == PAGE

    small_counts = {name: count for name, (count, _) in small.items()}
    large_counts = {name: count for name, (count, _) in large.items()}
    assert large_counts == small_counts, (
        f"{SMALL}: {small_counts}; {LARGE}: {large_counts}"
    )
    assert max(large_counts.values()) <= BUDGET, large_counts
    for name, budget in MEDIA_BUDGET.items():
        assert large_counts[name] <= budget, large_counts


def grow_private_media(home, total):
    """
    ``total`` images and documents used only on private pages: behind a sign-in,
    a password, beneath a restricted page, or unpublished; and as many restricted
    collections.
    """
    resources = ResourceIndexPageFactory(parent=home, slug="more-resources")
    locked = ResourceIndexPageFactory(parent=home, slug="members-resources")
    PageViewRestriction.objects.create(
        page=locked, restriction_type=PageViewRestriction.LOGIN
    )
    root = Collection.get_first_root_node()
    for n in range(total):
        image = wagtail_factories.ImageFactory()
        document = wagtail_factories.DocumentFactory()
        body = rich_body(n, image, document, home)
        if n % 3 == 0:
            ResourcePageFactory(parent=locked, body=body)
        elif n % 3 == 1:
            PageViewRestriction.objects.create(
                page=ResourcePageFactory(parent=resources, body=body),
                restriction_type=PageViewRestriction.PASSWORD,
                password="s3cret",
            )
        else:
            ResourcePageFactory(parent=resources, body=body, live=False)
        CollectionViewRestriction.objects.create(
            collection=root.add_child(name=f"Private {n}"),
            restriction_type=CollectionViewRestriction.LOGIN,
        )


def test_media_queries_do_not_grow_with_private_pages_or_restrictions(client, home):
    site = GrowingSite(home)
    site.grow_to(SMALL)
    media = {name: LISTINGS[name] for name in MEDIA_BUDGET}
    before = {name: queries_for(client, url) for name, url in media.items()}
    grow_private_media(home, 12)
    after = {name: queries_for(client, url) for name, url in media.items()}
    assert after == before  # the same queries, and still only the 5 public ones
    assert {name: count for name, (count, _) in after.items()} == MEDIA_BUDGET
