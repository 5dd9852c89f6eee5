"""
Which view restrictions cover a page, read from the shared cache.

Wagtail checks, before serving a page, the view restrictions (Settings >
Privacy) on the page and on every page above it: two queries on every view.
They change only when staff change a page's privacy, or move, publish or
delete a page, all of which start a new content generation
(``site_core.content_cache``), so the list is kept under it. The check itself
is Wagtail's, unchanged: it still runs on every view, for every visitor.

Pages behind a restriction are never kept in fragments or served from the
HTTP cache: what they show may include links that expire (signed URLs of
private pictures), and only some visitors may see them.
"""

from django.db.models import Q
from wagtail.models import PageViewRestriction

from site_core.content_cache import remember


class KeptViewRestrictionsMixin:
    """For page models: ``get_view_restrictions`` from the shared cache."""

    def get_view_restrictions(self):
        every = super().get_view_restrictions  # runs its queries only when called
        kept = remember(None, "view-restrictions", lambda: list(every()), self.pk)
        # Still a queryset, for the admin's own uses (it orders and filters
        # it), already holding its rows, so that reading it runs no query.
        restrictions = PageViewRestriction.objects.filter(
            pk__in=[restriction.pk for restriction in kept]
        )
        restrictions._result_cache = kept
        restrictions._prefetch_done = True
        return restrictions


def public_q():
    """
    What Wagtail's ``PageQuerySet.public()`` keeps, as a condition to exclude,
    from the restricted sections' paths kept under the content generation (its
    own reads every restriction on each use).
    """
    paths = remember(
        None,
        "restricted-sections",
        lambda: list(PageViewRestriction.objects.values_list("page__path", flat=True)),
    )
    private = Q(pk__in=[])
    for path in paths:
        private |= Q(path__startswith=path)
    return ~private


def mark_private_pages(page, request, serve_args, serve_kwargs):
    """
    A ``before_serve_page`` hook: note on the request that the page is behind
    a view restriction, so nothing of it is kept (``content_cache.bypassed``).
    """
    if page.get_view_restrictions():
        request.shows_private_page = True
