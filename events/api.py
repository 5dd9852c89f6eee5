"""
Events in the read API: listings of event pages in order of start, by when and by
category. ``events.wagtail_hooks`` adds ``EventFilter`` to the pages endpoint through
the ``register_page_api_filter`` hook (see ``site_core.api.views``).

The serializer fields are in ``events.api_fields``: page models import those, and
this module imports the page models.
"""

from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.utils import BadRequestError

from events.models import EventCategory, EventPage


class EventFilter(BaseFilterBackend):
    """
    Sorts ``type=events.EventPage`` listings by start and reads ``?when=upcoming|past``
    and ``?category=<slug>``, which other listings refuse.
    """

    parameters = frozenset({"when", "category"})

    def filter_queryset(self, request, queryset, view):
        if not issubclass(queryset.model, EventPage):
            if self.parameters & set(request.GET):
                raise BadRequestError(
                    "The 'when' and 'category' filters need type=events.EventPage."
                )
            return queryset
        # By start, as the site lists them; past events oldest first too. An
        # explicit ?order= still wins: Wagtail's ordering filter runs later.
        # Each event's cancelled dates, for its next meetings: one query for
        # the whole page of results.
        queryset = queryset.order_by("starts_at", "pk").prefetch_related(
            "cancelled_dates"
        )
        when = request.GET.get("when")
        if when == "upcoming":
            queryset = queryset.upcoming()
        elif when == "past":
            queryset = queryset.past()
        elif when is not None:
            raise BadRequestError(f"'when' must be 'upcoming' or 'past', not '{when}'.")
        slug = request.GET.get("category")
        if slug is not None and "search" in request.GET:
            # Search results can only be narrowed by indexed fields; say so plainly.
            raise BadRequestError("'category' and 'search' cannot be combined.")
        if slug is not None:
            known = list(EventCategory.objects.values_list("slug", flat=True))
            if slug not in known:
                raise BadRequestError(
                    f"There is no event category '{slug}'. Categories: "
                    f"{', '.join(sorted(known)) or 'none yet'}."
                )
            queryset = queryset.filter(category__slug=slug)
        return queryset
