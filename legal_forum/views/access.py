"""The one gate in front of every coordinator screen."""

from django.core.exceptions import PermissionDenied
from django.utils.cache import add_never_cache_headers

from legal_forum.permissions import can_review_submissions


class ReviewerOnlyMixin:
    """Only users with the review permission; and nothing of it kept in caches."""

    def dispatch(self, request, *args, **kwargs):
        if not can_review_submissions(request.user):
            raise PermissionDenied
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response
