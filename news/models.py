"""News and announcements: the news index, its articles and their tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from news.api_fields import TagListField
from news.feeds import NewsFeed
from news.listing import LISTING_KEYS, article_listing
from site_core.api.fields import (
    RenditionImageField,
    RichTextHTMLField,
    StreamBodyField,
)
from site_core.blocks import RICH_TEXT_FEATURES, BodyBlock
from site_core.content_cache import (
    drop_prefetched_renditions,
    keepable_page,
    later,
    remember,
)
from site_core.models import SummaryMixin
from site_core.page_privacy import KeptViewRestrictionsMixin

# The path of the feed below the news index's address; no article may take it.
FEED_SLUG = "feed"


class NewsArticlePageQuerySet(PageQuerySet):
    """Articles, with the order and related rows every listing of them wants."""

    def newest_first(self):
        # Same-day articles: the one created last comes first.
        return self.order_by("-date", "-pk")

    def with_image(self, *rendition_specs):
        """
        With each article's picture and its renditions of these specs, fetched
        in a fixed number of queries: a listing of 30 articles with pictures
        costs what a listing of 3 does.
        """
        renditions = get_image_model().get_rendition_model().objects
        return self.select_related("image").prefetch_related(
            Prefetch(
                "image__renditions",
                queryset=renditions.filter(filter_spec__in=rendition_specs),
                to_attr="prefetched_renditions",
            )
        )


NewsArticlePageManager = PageManager.from_queryset(NewsArticlePageQuerySet)


class NewsIndexPage(RoutablePageMixin, KeptViewRestrictionsMixin, Page):
    """Lists the articles beneath it, newest first, and offers them as a feed."""

    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Optional text above the list of news and announcements.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction", serializer=RichTextHTMLField())]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsArticlePage"]

    def articles(self):
        """The live articles beneath this page that anyone may read, newest first."""
        return NewsArticlePage.objects.child_of(self).live().public().newest_first()

    def tags_in_use(self):
        """The tags of this page's articles, in alphabetical order."""
        return (
            Tag.objects.filter(
                news_newsarticletag_items__content_object__in=self.articles().values(
                    "pk"
                )
            )
            .distinct()
            .order_by("name")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["news_index"] = self
        choice = {name: request.GET.get(name, "") for name in ("tag", "kind", "page")}
        # Kept until staff publish (site_core.content_cache); read only when the
        # page's fragment is not kept.
        context.update(
            later(
                request,
                "news-index",
                lambda: self.listing(choice),
                self.pk,
                *choice.values(),
                keys=LISTING_KEYS,
            )
        )
        return context

    def listing(self, choice):
        """One page of articles, narrowed as ``choice`` (from the address) asks."""
        listing = article_listing(
            self.articles(), self.tags_in_use(), NewsArticlePage.KIND_FILTERS, choice
        )
        listing["articles"] = keepable_page(listing["articles"])
        drop_prefetched_renditions(article.image for article in listing["articles"])
        return listing

    @path(f"{FEED_SLUG}/", name="feed")
    def feed(self, request):
        """
        The latest articles as RSS 2.0, kept until staff publish
        (site_core.content_cache).
        """

        def build():
            response = NewsFeed()(request, index=self)
            return response.content, dict(response.headers)

        content, headers = remember(request, "news-feed", build, self.pk)
        return HttpResponse(content, headers=headers)

    def get_cached_paths(self):
        """The HTTP cache purges the feed with the page (site_core.purge)."""
        return ["/", f"/{FEED_SLUG}/"]


class NewsArticleTag(TaggedItemBase):
    """Links an article to one of its tags."""

    content_object = ParentalKey(
        "news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(SummaryMixin, KeptViewRestrictionsMixin, Page):
    """One news item or announcement, dated, with an optional picture and tags."""

    class Kind(models.TextChoices):
        NEWS = "news", "News"
        ANNOUNCEMENT = "announcement", "Announcement"

    # How the news index names each kind in its filters.
    KIND_FILTERS = [(Kind.NEWS, "News"), (Kind.ANNOUNCEMENT, "Announcements")]

    date = models.DateField(
        default=timezone.localdate,
        help_text="The date shown on the article. The news list puts the newest "
        "date first. Today's date unless you change it.",
    )
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        default=Kind.NEWS,
        help_text="'Announcement' is for something readers should act on or plan "
        "for, such as a date to save or a call for members. Everything else is "
        "'News'.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture shown at the top of the article and on its card "
        "in the news list. Give the image a description in the image library so "
        "people who cannot see it know what it shows.",
    )
    tags = ClusterTaggableManager(
        through=NewsArticleTag,
        blank=True,
        help_text="Words that group articles on the same subject, such as "
        "'Legal Forum' or 'conference'. Readers can choose a tag to see every "
        "article that has it. Press Enter or type a comma after each tag.",
    )
    body = StreamField(
        BodyBlock(),
        help_text="The article: headings, text, lists, pictures and "
        "call-to-action boxes.",
    )

    objects = NewsArticlePageManager()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("date"), FieldPanel("kind")]),
        FieldPanel("image"),
        *SummaryMixin.summary_panels,
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *SummaryMixin.search_fields,
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("kind"),
    ]
    api_fields = [
        APIField("date"),
        APIField("kind"),
        APIField("image", serializer=RenditionImageField()),
        *SummaryMixin.api_fields,
        APIField("tags", serializer=TagListField()),
        APIField("body", serializer=StreamBodyField()),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    # Read by templates/includes/meta.html for the sharing tags.
    og_type = "article"

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        # modelcluster writes the tags after the page's row, which is when the
        # search index reads the page: index it again so new tags count at once.
        index.insert_or_update_object(self)
        return result

    def clean(self):
        super().clean()
        if self.slug == FEED_SLUG:
            raise ValidationError(
                {
                    "slug": f"'{FEED_SLUG}' is the address of the news feed. Please "
                    "choose another slug, for example by adding a word."
                }
            )

    @property
    def og_image(self):
        """The article's own picture, shared on social media instead of the site's."""
        return self.image

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # For the tags' links, the way back to the list and the feed: read only
        # when the page's fragments are not kept (its template).
        context["news_index"] = SimpleLazyObject(
            lambda: NewsIndexPage.objects.parent_of(self).first()
        )
        context["tags"] = SimpleLazyObject(self.sorted_tags)
        return context

    def sorted_tags(self):
        """The article's tags in alphabetical order, from prefetched rows if any."""
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())
