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
from site_core.content_cache import (
    Until,
    drop_prefetched_renditions,
    keepable_page,
    later,
)
from site_core.page_privacy import KeptViewRestrictionsMixin

# What ``EventIndexPage.listing`` gives the page's context.
LISTING_KEYS = ("categories", "selected_category", "upcoming_events", "past_events")


class EventIndexPage(KeptViewRestrictionsMixin, Page):
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
        # Kept until staff publish (site_core.content_cache), or an event ends.
        choice = [request.GET.get(name) for name in ("category", "page", "past_page")]
        context.update(
            later(
                request,
                "event-index",
                lambda: self.listing(*choice),
                self.pk,
                *choice,
                keys=LISTING_KEYS,
            )
        )
        return context

    def listing(self, slug, page, past_page):
        """The categories, and a page each of upcoming and past events."""
        now = timezone.now()
        events = EventPage.objects.child_of(self).live().public().for_cards()
        categories = list(
            EventCategory.objects.filter(pk__in=events.values("category")).order_by(
                "name"
            )
        )
        category = None
        if slug:
            category = next((c for c in categories if c.slug == slug), None)
            if category is not None:
                events = events.filter(category=category)

        per_page = settings.EVENTS_PER_PAGE
        upcoming = keepable_page(
            Paginator(events.upcoming(now), per_page).get_page(page)
        )
        past = keepable_page(Paginator(events.past(now), per_page).get_page(past_page))
        drop_prefetched_renditions(event.image for event in [*upcoming, *past])
        listing = {
            "categories": categories,
            "selected_category": category,
            "upcoming_events": upcoming,
            "past_events": past,
        }
        return Until(listing, events.next_change(now))
