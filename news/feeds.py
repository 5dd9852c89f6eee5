"""
The news feed: the latest articles of a news index as RSS 2.0, at the index's
address followed by ``feed/``, for feed readers and partner sites.

Every address in it comes from the Wagtail site the pages belong to
(``get_full_url``), never from the address the request was sent to, and dates are
given in Sacramento time.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import feedgenerator, timezone
from django.utils.html import escape

from site_core.models import SiteSettings

# How many of the latest articles the feed holds.
FEED_ITEMS = 20


def published_at(article):
    """
    When the article appeared, in Sacramento time: the moment it was first
    published if that was on its date, else the start of its date (an article
    dated ahead of or after its publication).
    """
    first = article.first_published_at
    if first is not None and timezone.localtime(first).date() == article.date:
        return timezone.localtime(first)
    start = datetime.datetime.combine(article.date, datetime.time.min)
    return timezone.make_aware(start)


class NewsFeed(Feed):
    """RSS 2.0 of one news index's latest articles, newest first."""

    feed_type = feedgenerator.Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, index):
        return index

    def title(self, index):
        organisation = SiteSettings.for_request(self.request).organisation_name
        return f"{organisation}: {index.title}"

    def description(self, index):
        organisation = SiteSettings.for_request(self.request).organisation_name
        return f"News and announcements from {organisation}."

    def link(self, index):
        return index.get_full_url(self.request)

    def feed_url(self, index):
        return index.get_full_url(self.request) + index.reverse_subpage("feed")

    def items(self, index):
        return (
            index.articles().defer_streamfields().prefetch_related("tags")[:FEED_ITEMS]
        )

    def item_title(self, article):
        # RSS readers treat titles as HTML; Django's feeds escape them likewise.
        return escape(article.title)

    def item_description(self, article):
        return escape(article.summary)

    def item_link(self, article):
        return article.get_full_url(self.request)

    def item_guid(self, article):
        # Built from the page's id, not its address, so that moving the site to
        # another domain or renaming an article does not show it to readers again.
        return f"news-article-{article.pk}@my-sisters-house"

    def item_guid_is_permalink(self, article):
        return False

    def item_pubdate(self, article):
        return published_at(article)

    def item_categories(self, article):
        return [
            article.get_kind_display(),
            *(tag.name for tag in article.sorted_tags()),
        ]
