"""The events listing page."""

from django.conf import settings
from django.core.paginator import Paginator
from django.utils import timezone
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from events.models.category import EventCategory
from events.models.pages import EventPage
from site_core.api.fields import RichTextHTMLField
from site_core.blocks import RICH_TEXT_FEATURES


class EventIndexPage(Page):
    """Lists upcoming events, then past ones, each in pages."""

    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Optional text above the list of events.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction", serializer=RichTextHTMLField())]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = EventPage.objects.child_of(self).live().public().for_cards()
        categories = EventCategory.objects.filter(
            pk__in=events.values("category")
        ).order_by("name")
        category = None
        slug = request.GET.get("category")
        if slug:
            category = next((c for c in categories if c.slug == slug), None)
            if category is not None:
                events = events.filter(category=category)

        per_page = settings.EVENTS_PER_PAGE
        context.update(
            categories=categories,
            selected_category=category,
            upcoming_events=Paginator(events.upcoming(now), per_page).get_page(
                request.GET.get("page")
            ),
            past_events=Paginator(events.past(now), per_page).get_page(
                request.GET.get("past_page")
            ),
        )
        return context
