"""The Legal Forum page."""

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from events.api_fields import EventCategoryField, EventSummaryField, MeetingsField
from events.models import EventPage
from site_core.api.fields import (
    PageLinkField,
    RichTextHTMLField,
    StreamBodyField,
)
from site_core.blocks import RICH_TEXT_FEATURES, BodyBlock
from site_core.content_cache import Until, later
from site_core.page_privacy import KeptViewRestrictionsMixin

# How many meetings the page and the API list ahead.
NEXT_MEETINGS = 3


class LegalForumPage(KeptViewRestrictionsMixin, Page):
    """The Legal Forum: what it is, its next meeting, and how to apply."""

    body = StreamField(
        BodyBlock(),
        help_text="What the Legal Forum is and who runs it.",
    )
    membership_information = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="Who can join and how: shown beside the links to the applications.",
    )
    meeting_category = models.ForeignKey(
        "events.EventCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Upcoming events in this category, one-off or repeating, are "
        "shown as the next Legal Forum meetings.",
    )
    legal_forum_application = models.ForeignKey(
        "legal_forum.ApplicationFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The form for joining the Legal Forum.",
    )
    pro_bono_application = models.ForeignKey(
        "legal_forum.ApplicationFormPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The form for volunteering as a pro bono attorney.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("body"),
        FieldPanel("membership_information"),
        FieldPanel("meeting_category"),
        MultiFieldPanel(
            [
                FieldPanel("legal_forum_application"),
                FieldPanel("pro_bono_application"),
            ],
            heading="Applications",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("body"),
        index.SearchField("membership_information"),
    ]
    api_fields = [
        APIField("body", serializer=StreamBodyField()),
        APIField("membership_information", serializer=RichTextHTMLField()),
        APIField("meeting_category", serializer=EventCategoryField()),
        APIField("next_meeting", serializer=EventSummaryField()),
        APIField("next_meetings", serializer=MeetingsField()),
        APIField("legal_forum_application", serializer=PageLinkField()),
        APIField("pro_bono_application", serializer=PageLinkField()),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["legal_forum.ApplicationFormPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept until staff publish (site_core.content_cache), or a meeting ends.
        meetings = later(
            request,
            "forum-meetings",
            self.meetings_until_one_ends,
            self.pk,
            keys=(0, 1),
        )
        context["next_meeting"], context["next_meetings"] = meetings[0], meetings[1]
        context["applications"] = [
            page.localized  # in the language being read, where it has one
            for page in (self.legal_forum_application, self.pro_bono_application)
            if page is not None and page.live
        ]
        return context

    def meetings_until_one_ends(self):
        """The next meeting and the next few, true until one of them ends."""
        meetings = (self.next_meeting(), self.next_meetings())
        if self.meeting_category_id is None:
            return Until(meetings, None)
        events = EventPage.objects.live().public().filter(locale_id=self.locale_id)
        return Until(
            meetings, events.filter(category_id=self.meeting_category_id).next_change()
        )

    @cached_property
    def _meeting_events(self):
        """
        The first few upcoming events of the meeting category, by next meeting.
        Enough to find the next meetings: each event has at least one to come,
        so none of the soonest few can belong to a later event.
        """
        if self.meeting_category_id is None:
            return []
        return list(
            EventPage.objects.live()
            .public()
            .filter(category_id=self.meeting_category_id, locale_id=self.locale_id)
            .select_related("category")
            .defer_streamfields()
            .upcoming()[:NEXT_MEETINGS]
        )

    def next_meeting(self):
        """The event that meets next (its next meeting may be a cancelled one)."""
        return next(iter(self._meeting_events), None)

    def next_meetings(self):
        """
        The next meetings of every upcoming event in the category, merged in
        order, as (event, occurrence) pairs; cancelled ones included and marked.
        """
        meetings = [
            (event, occurrence)
            for event in self._meeting_events
            for occurrence in event.upcoming_occurrences(NEXT_MEETINGS)
        ]
        meetings.sort(key=lambda meeting: meeting[1].starts_at)
        return meetings[:NEXT_MEETINGS]
