"""The home page's own API fields."""

from site_core.api.fields import OutputField, content_renderer


class FeaturedResourcesField(OutputField):
    """The home page's chosen resources, in order, leaving out any not public."""

    def to_representation(self, links):
        renderer = content_renderer(self.context)
        links = list(links.all())
        renderer.load_pages({link.resource_id for link in links})
        featured = []
        for link in links:
            page_link = renderer.page_link(link.resource)
            if page_link is not None:
                featured.append({**page_link, "summary": link.resource.summary})
        return featured
