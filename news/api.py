"""
News in the read API: listings of articles newest first, by tag and by date.
``news.wagtail_hooks`` adds ``NewsFilter`` to the pages endpoint through the
``register_page_api_filter`` hook (see ``site_core.api.views``).

The serializer fields are in ``news.api_fields``: page models import those, and
this module imports the page models.
"""

import datetime

from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from news.models import NewsArticlePage


class NewsFilter(BaseFilterBackend):
    """
    Sorts ``type=news.NewsArticlePage`` listings newest first, fetches each
    article's tags with it, and reads ``?tag=<slug>`` and ``?date=<day>``,
    which other listings refuse.
    """

    parameters = frozenset({"tag", "date"})

    def filter_queryset(self, request, queryset, view):
        if not issubclass(queryset.model, NewsArticlePage):
            if self.parameters & set(request.GET):
                raise BadRequestError(
                    "The 'tag' and 'date' filters need type=news.NewsArticlePage."
                )
            return queryset
        # As the site lists them. An explicit ?order= still wins: Wagtail's
        # ordering filter runs later. (Pictures are loaded in bulk by the view.)
        queryset = queryset.newest_first().prefetch_related("tags")
        order = request.GET.get("order", "")
        if "tags" in {name.lstrip("-") for name in order.split(",")}:
            # Sorting by a list would repeat each article once per tag.
            raise BadRequestError("Articles cannot be sorted by their tags.")
        day = request.GET.get("date")
        if day is not None:
            # Read here rather than by the field filters, so a bad day is answered
            # with the form a day takes.
            try:
                queryset = queryset.filter(date=datetime.date.fromisoformat(day))
            except ValueError:
                raise BadRequestError(
                    f"'date' must be a day such as 2026-12-16, not '{day}'."
                ) from None
        slug = request.GET.get("tag")
        if slug is not None and "search" in request.GET:
            # Search results can only be narrowed by indexed fields; say so plainly.
            raise BadRequestError("'tag' and 'search' cannot be combined.")
        if slug is not None:
            # A tag nobody uses (any more) is an empty listing, as on the site.
            queryset = queryset.filter(tags__slug=slug)
        return queryset
