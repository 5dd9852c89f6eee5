"""
A small site for the API tests: one page of every type, an image, a document, three
events, and a body that uses every block.
"""

import datetime

import wagtail_factories
from django.utils import timezone

from tests.factories import (
    ApplicationFormPageFactory,
    EventCategoryFactory,
    EventIndexPageFactory,
    EventPageFactory,
    LegalForumPageFactory,
    ResourceIndexPageFactory,
    ResourcePageFactory,
)
from tests.questions import add_questions


def body_with_every_block(image, document, linked_page):
    return [
        {"type": "heading", "value": {"text": "What it is", "level": "h2"}},
        {
            "type": "paragraph",
            "value": f'<p>Read <a linktype="page" id="{linked_page.pk}">this '
            f'page</a>, <a linktype="document" id="{document.pk}">the agenda</a> '
            'and <a href="https://example.com/">another site</a>.</p>',
        },
        {"type": "list", "value": {"style": "numbered", "items": ["One", "Two"]}},
        {
            "type": "image",
            "value": {
                "image": image.pk,
                "alt_text": "Volunteers at a table",
                "decorative": False,
                "caption": "At the conference",
            },
        },
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "", "decorative": True},
        },
        {"type": "document", "value": {"document": document.pk, "link_text": ""}},
        {
            "type": "statistic",
            "value": {
                "figure": "20.9 million",
                "label": "people trafficked around the world",
                "source_name": "International Labour Office",
                "source_url": "https://www.ilo.org/",
            },
        },
        {
            "type": "callout",
            "value": {
                "heading": "We can help",
                "text": "Call us.",
                "show_hotline": True,
                "link_page": linked_page.pk,
                "link_url": "",
                "link_text": "Read more",
            },
        },
        {
            "type": "quote",
            "value": {"quote": "Anyone can be a victim.", "attribution": "Staff"},
        },
    ]


class ApiContent:
    """One page of every type, an image, a document and three events."""

    def __init__(self, home):
        self.home = home
        self.image = wagtail_factories.ImageFactory(
            title="Volunteers", description="Two volunteers at a table"
        )
        self.document = wagtail_factories.DocumentFactory(title="Conference agenda")
        self.resources = ResourceIndexPageFactory(
            parent=home, introduction="<p>Plain-language guides.</p>"
        )
        self.resource = ResourcePageFactory(
            parent=self.resources,
            title="What is human trafficking?",
            summary="What trafficking is.",
        )
        self.resource.body = body_with_every_block(
            self.image, self.document, self.resources
        )
        self.resource.save()
        home.introduction = (
            f'<p>Welcome. <a linktype="page" id="{self.resource.pk}">Learn</a>.</p>'
        )
        home.featured_resources.create(resource=self.resource)
        home.save()

        self.events = EventIndexPageFactory(parent=home, introduction="<p>Join us.</p>")
        self.forum_category = EventCategoryFactory(
            name="Legal Forum", slug="legal-forum"
        )
        self.conference_category = EventCategoryFactory(
            name="Conference", slug="conference"
        )
        today = timezone.localdate()
        self.meeting = EventPageFactory(
            parent=self.events,
            title="Legal Forum meeting",
            category=self.forum_category,
            start_date=today + datetime.timedelta(days=30),
            start_time=datetime.time(18, 0),
            end_time=datetime.time(20, 0),
            venue_name="Community Hall",
            venue_address="1 Main Street\nSacramento",
            registration_url="https://example.com/register",
        )
        self.summer_meeting = EventPageFactory(
            parent=self.events,
            title="Summer Legal Forum meeting",
            category=self.forum_category,
            start_date=datetime.date(today.year + 1, 7, 16),
            start_time=datetime.time(18, 0),
            end_time=datetime.time(19, 30),
        )
        self.conference = EventPageFactory(
            parent=self.events,
            title="Conference 2018",
            category=self.conference_category,
            start_date=datetime.date(2018, 1, 16),
            start_time=None,
            end_time=None,
            attendance="mixed",
            online_details="We email a link.",
        )

        self.forum = LegalForumPageFactory(
            parent=home, meeting_category=self.forum_category
        )
        self.form = ApplicationFormPageFactory(
            parent=self.forum,
            title="Volunteer Pro Bono Attorney Application",
            routing__to_address="coordinator@example.org",
            routing__from_address="forms@example.org",
            routing__subject="Secret subject line",
        )
        add_questions(
            self.form,
            [
                ("Full name", "singleline", True, {}),
                ("Email address", "email", True, {}),
                ("Nickname", "singleline", False, {"max_length": 10}),
                (
                    "Practice areas",
                    "checkboxes",
                    True,
                    {"choices": "Immigration\nOther"},
                ),
                ("I agree", "checkbox", True, {"help_text": "Tick to agree."}),
            ],
        )
        self.forum.pro_bono_application = self.form
        self.forum.save()
