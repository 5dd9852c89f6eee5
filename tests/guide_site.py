"""
The site docs/API.md describes: the starter site, plus the meetings, image and
document its examples talk about, and the ids the examples use mapped to this
site's.
"""

import datetime
import re
from io import StringIO

import wagtail_factories
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from events.models import EventCategory, EventIndexPage, EventPage
from home.models import HomePage
from legal_forum.models import ApplicationFormPage, LegalForumPage
from resources.models import ResourcePage
from tests.factories import EventPageFactory

SERVER = "http://127.0.0.1:8000"  # where the guide's examples send requests


class GuideSite:
    """The starter site, plus what the guide's examples talk about."""

    def __init__(self):
        call_command("bootstrap_site", stdout=StringIO())
        self.home = HomePage.objects.get(locale__language_code="en")
        self.resource = ResourcePage.objects.get(
            slug="what-is-human-trafficking", locale__language_code="en"
        )
        self.forum = LegalForumPage.objects.get(locale__language_code="en")
        self.pro_bono = ApplicationFormPage.objects.get(
            slug="volunteer-pro-bono-attorney-application", locale__language_code="en"
        )
        events = EventIndexPage.objects.get(locale__language_code="en")
        category = EventCategory.objects.get(slug="legal-forum")
        today = timezone.localdate()
        # The API lists media only where a public page uses them: the meeting's
        # page shows the image and links the agenda.
        self.image = wagtail_factories.ImageFactory(
            title="Volunteers at the 2018 conference",
            description="Two volunteers welcome guests at the registration table",
        )
        agenda = b"%PDF-1.4 agenda"
        self.document = wagtail_factories.DocumentFactory(
            title="Legal Forum meeting agenda",
            file=ContentFile(agenda, name="legal-forum-agenda.pdf"),
            file_size=len(agenda),  # as an upload in the admin records it
        )
        self.meeting = EventPageFactory(
            parent=events,
            title="Legal Forum meeting",
            slug="legal-forum-meeting",
            summary="Members share news of their cases and plan the year's training.",
            category=category,
            # After the starter monthly meeting's next meeting (at most five
            # weeks away), so the guide's listing of meetings has a fixed order.
            start_date=today + datetime.timedelta(days=42),
            start_time=datetime.time(17, 30),
            end_time=datetime.time(19, 0),
            venue_name="Community meeting room",
            venue_address="100 Example Street\nSacramento, CA 95814",
            registration_url="https://www.example.org/legal-forum/register",
            body=[
                {
                    "type": "image",
                    "value": {
                        "image": self.image.pk,
                        "alt_text": "Two volunteers welcome guests at the "
                        "registration table",
                        "decorative": False,
                        "caption": "Volunteers at our 2018 conference",
                    },
                },
                {
                    "type": "document",
                    "value": {
                        "document": self.document.pk,
                        "link_text": "Download the agenda",
                    },
                },
            ],
        )
        self.workshop = EventPageFactory(
            parent=events,
            title="Legal Forum workshop: T visas",
            slug="legal-forum-workshop-t-visas",
            summary="An online workshop on T visa applications for trafficking "
            "survivors.",
            category=category,
            start_date=today + datetime.timedelta(days=49),
            start_time=datetime.time(12, 0),
            end_time=datetime.time(13, 30),
            attendance=EventPage.Attendance.ONLINE,
            venue_name="",
            online_details="We email a video link after you register.",
            registration_url="https://www.example.org/legal-forum/register",
        )
        for event in (self.meeting, self.workshop):
            event.save_revision().publish()  # as staff would, with a publish date
        self.ids = {
            "pages": {
                3: self.home.pk,
                5: self.resource.pk,
                9: self.forum.pk,
                11: self.pro_bono.pk,
                12: self.meeting.pk,
                13: self.workshop.pk,
            },
            "forms": {11: self.pro_bono.pk},
            "images": {1: self.image.pk},
            "documents": {1: self.document.pk},
        }

    def local_path(self, url):
        """The documented URL's path and query, with its id made this site's."""
        assert url.startswith(f"{SERVER}/"), url
        path = url.removeprefix(SERVER)

        def real_id(match):
            kind, number = match.group(1), int(match.group(2))
            return f"/api/v2/{kind}/{self.ids[kind].get(number, number)}/"

        return re.sub(r"/api/v2/(\w+)/(\d+)/", real_id, path)
