"""
News in the read API: the serializer fields that article pages name in their
``api_fields``. Page models import this module, so it imports no models; the
listing filter, which does, is ``news.api``.
"""

from site_core.api.fields import OutputField


class TagListField(OutputField):
    """Tags as [{name, slug}], in alphabetical order; a slug filters a listing."""

    def to_representation(self, tags):
        return [
            {"name": tag.name, "slug": tag.slug}
            for tag in sorted(tags.all(), key=lambda tag: tag.name.lower())
        ]
