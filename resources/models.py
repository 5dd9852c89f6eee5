"""Resources: explainers such as "What is human trafficking?" and their index."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from site_core.api.fields import (
    RenditionImageField,
    RichTextHTMLField,
    StreamBodyField,
)
from site_core.blocks import RICH_TEXT_FEATURES, BodyBlock
from site_core.content_cache import drop_prefetched_renditions, keepable_page, later
from site_core.models import SummaryMixin
from site_core.page_privacy import KeptViewRestrictionsMixin


class ResourceIndexPage(KeptViewRestrictionsMixin, Page):
    """Lists the resource pages beneath it."""

    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Optional text above the list of resources.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction", serializer=RichTextHTMLField())]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["resources.ResourcePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        number = request.GET.get("page")
        # Kept until staff publish (site_core.content_cache); read only when
        # the page's fragment is not kept.
        context["resources"] = later(
            request, "resource-index", lambda: self.listing(number), self.pk, number
        )
        return context

    def listing(self, number):
        """One page of the resources below this index, in the explorer's order."""
        resources = (
            ResourcePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            # Each card's picture, in the same few queries however many there are.
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("path")  # the order staff give them in the page explorer
        )
        paginator = Paginator(resources, settings.RESOURCES_PER_PAGE)
        page = keepable_page(paginator.get_page(number))
        drop_prefetched_renditions(resource.image for resource in page)
        return page


class ResourcePage(SummaryMixin, KeptViewRestrictionsMixin, Page):
    """An explainer page built from the shared body blocks."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture shown on this page's card in lists and at the "
        "top of the page. A wide picture (at least 1600 x 900) works best; choose "
        "one that shows no one who could be recognised.",
    )
    body = StreamField(
        BodyBlock(),
        help_text="Build the page from headings, text, lists, figures, images and "
        "call-to-action boxes.",
    )

    content_panels = [
        *Page.content_panels,
        *SummaryMixin.summary_panels,
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *SummaryMixin.search_fields,
        index.SearchField("body"),
    ]
    api_fields = [
        *SummaryMixin.api_fields,
        APIField("image", serializer=RenditionImageField()),
        APIField("body", serializer=StreamBodyField()),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types = []
