"""Images on public pages that never break the page."""

import logging

from django import template
from django.core.cache import cache

logger = logging.getLogger(__name__)
register = template.Library()

FAILURE_LOG_INTERVAL = 60 * 60  # seconds between log lines for one failing image


@register.simple_tag
def rendition(image, spec):
    """
    ``{% rendition image "max-800x600" as img %}``: the resized image, or None
    when it cannot be made right now (the original is missing, the file store is
    down). The page then shows no image instead of failing, and the problem is
    logged once an hour per image rather than on every request.
    """
    if image is None:
        return None
    try:
        return image.get_rendition(spec)
    except Exception as error:  # whatever the cause, the page must still render
        if cache.add(f"rendition-failed:{image.pk}:{spec}", True, FAILURE_LOG_INTERVAL):
            logger.error(
                "Could not make the %s rendition of image %s (%s: %s); pages show "
                "no image in its place until it works.",
                spec,
                image.pk,
                type(error).__name__,
                error,
            )
        return None
