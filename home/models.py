"""The home page: the front door of the site, one per site."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.models import EventIndexPage, EventPage
from home.api_fields import FeaturedResourcesField
from resources.models import ResourcePage
from site_core.api.fields import (
    HotlineField,
    RenditionImageField,
    RichTextHTMLField,
    StreamBodyField,
)
from site_core.blocks import RICH_TEXT_FEATURES, CallToActionBlock
from site_core.content_cache import Until, drop_prefetched_renditions, later
from site_core.page_privacy import KeptViewRestrictionsMixin
from site_core.routing import CachedRoutesMixin


class HomePage(CachedRoutesMixin, KeptViewRestrictionsMixin, Page):
    """Introduces the organisation, points to key resources and upcoming events."""

    hero_heading = models.CharField(
        "heading",
        max_length=100,
        default="Safety, support and a way forward",
        help_text="The big heading at the top of the home page. The organisation's "
        "name is already shown above it, so say what you offer instead.",
    )
    hero_text = models.TextField(
        "text",
        max_length=300,
        blank=True,
        help_text="One or two sentences under the heading.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional wide picture beside the heading (at least 1600 x 900). "
        "Choose one that shows no one who could be recognised.",
    )
    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="A short welcome: who we are and how we help. Two or three sentences "
        "work best.",
    )
    calls_to_action = StreamField(
        [("call_to_action", CallToActionBlock())],
        blank=True,
        max_num=3,
        help_text="Up to three invitations shown under the heading, each with one "
        "button: for example Donate, Volunteer, Join the Legal Forum.",
    )
    hotline_heading = models.CharField(
        max_length=120,
        default="Need help now?",
        help_text="Heading of the highlighted box with the hotline number.",
    )
    hotline_text = models.TextField(
        max_length=500,
        blank=True,
        help_text="Text under that heading. The number itself comes from "
        "Settings > Site settings.",
    )
    upcoming_events_count = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="How many upcoming events to list on the home page (1 to 10).",
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading="Hero",
        ),
        FieldPanel("calls_to_action", heading="Calls to action"),
        FieldPanel("introduction"),
        MultiFieldPanel(
            [FieldPanel("hotline_heading"), FieldPanel("hotline_text")],
            heading="Hotline box",
        ),
        InlinePanel(
            "featured_resources",
            label="Featured resource",
            heading="Featured resources",
            max_num=6,
            help_text="Up to six resource pages to highlight, in this order.",
        ),
        FieldPanel("upcoming_events_count"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("introduction"),
    ]
    api_fields = [
        APIField("hero_heading"),
        APIField("hero_text"),
        APIField("hero_image", serializer=RenditionImageField()),
        APIField("calls_to_action", serializer=StreamBodyField()),
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("hotline_heading"),
        APIField("hotline_text"),
        APIField("hotline", serializer=HotlineField()),
        APIField("featured_resources", serializer=FeaturedResourcesField()),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "resources.ResourceIndexPage",
        "events.EventIndexPage",
        "news.NewsIndexPage",
        "legal_forum.LegalForumPage",
        "legal_forum.ApplicationFormPage",
    ]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept until staff publish (site_core.content_cache), and read only when
        # the page's fragment is not kept; the upcoming
        # events only until the next one ends, too.
        context["featured_resources"] = later(
            request, "home-featured", self.featured_resource_pages, self.pk
        )
        context["upcoming_events"] = later(
            request, "home-upcoming", self.upcoming_events, self.pk
        )
        context["event_index"] = later(
            request,
            "home-event-index",
            lambda: EventIndexPage.objects.child_of(self).live().public().first(),
            self.pk,
        )
        return context

    def featured_resource_pages(self):
        """
        The cards staff chose, each with its picture and renditions, in a fixed
        number of queries however many cards have pictures.
        """
        chosen = list(
            self.featured_resources.filter(resource__live=True).values_list(
                "resource_id", "resource__translation_key"
            )
        )
        # Each chosen page in this page's language where it has one (its
        # translation, or the stand-in of one not translated yet).
        pages = (
            ResourcePage.objects.live()
            .filter(
                Q(pk__in=[pk for pk, _key in chosen])
                | Q(
                    locale_id=self.locale_id,
                    translation_key__in=[key for _pk, key in chosen],
                )
            )
            .select_related("image")
            .prefetch_related("image__renditions")
        )
        by_pk = {page.pk: page for page in pages}
        here = {
            page.translation_key: page
            for page in pages
            if page.locale_id == self.locale_id
        }
        resources = [here.get(key) or by_pk[pk] for pk, key in chosen]
        drop_prefetched_renditions(resource.image for resource in resources)
        return resources

    def upcoming_events(self):
        """
        The next few events anyone may see in this page's language, soonest
        first, until one ends.
        """
        now = timezone.now()
        events = EventPage.objects.live().public().filter(locale_id=self.locale_id)
        upcoming = list(events.upcoming(now).for_cards()[: self.upcoming_events_count])
        drop_prefetched_renditions(event.image for event in upcoming)
        return Until(upcoming, events.next_change(now))


class HomePageFeaturedResource(Orderable):
    """A resource page chosen by staff to highlight on the home page."""

    page = ParentalKey(HomePage, related_name="featured_resources")
    resource = models.ForeignKey(
        "resources.ResourcePage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Choose a resource page.",
    )

    panels = [FieldPanel("resource")]
    api_fields = [APIField("resource")]

    def __str__(self):
        return self.resource.title
