"""
Serializer fields that page models name in their ``api_fields``.

Each turns a model value into the JSON a partner site can use directly: HTML
rather than Wagtail's database format, renditions rather than image ids, local
times with their UTC offset. Private things come out as null.
"""

from django.utils import timezone
from rest_framework.fields import Field

from site_core.api.content import ContentRenderer


def content_renderer(context):
    """The request's renderer: the view's, which loads in bulk, or else a new one."""
    renderer = context.get("content")
    if renderer is None:
        renderer = context["content"] = ContentRenderer(context.get("request"))
    return renderer


class OutputField(Field):
    """A read-only field; the API never writes through these."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class StreamBodyField(OutputField):
    """A StreamField as a list of {type, value, id} blocks; see ContentRenderer."""

    def to_representation(self, value):
        return content_renderer(self.context).stream(value)


class RichTextHTMLField(OutputField):
    """Rich text as display HTML, with absolute links."""

    def to_representation(self, value):
        return content_renderer(self.context).rich_text(value)


class LocalDateTimeField(OutputField):
    """ISO 8601 in Sacramento time with the offset, e.g. 2026-07-16T18:00:00-07:00."""

    def to_representation(self, value):
        return timezone.localtime(value).isoformat()


class RenditionImageField(OutputField):
    """
    An image staff chose for a page (its ``image``, the home page's hero), as
    {id, title, alt, url, width, height}: the same rendition and rules as the
    body's images, so null when there is none or it is in a restricted collection.
    """

    def to_representation(self, image):
        return content_renderer(self.context).image(image)


class PageLinkField(OutputField):
    """A page staff chose, as {id, title, html_url, detail_url}; null unless public."""

    def to_representation(self, page):
        return content_renderer(self.context).page_link(page)


class HotlineField(OutputField):
    """The hotline from Settings > Site settings, as {number, href}."""

    def __init__(self, **kwargs):
        super().__init__(source="*", **kwargs)

    def to_representation(self, _instance):
        return content_renderer(self.context).hotline()
