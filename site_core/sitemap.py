"""
``/sitemap.xml``: Wagtail's sitemap of every language's pages, written once per
content generation.

Wagtail's sitemap loads every live page as its own type, a query for each page
type the site has; what it lists changes only when staff publish, move or
delete a page, so the written document is kept in the shared cache
(``site_core.content_cache``) and served from there until then.
"""

from django.db.models import Q
from django.http import HttpResponse
from django.views.decorators.http import require_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap
from wagtail.models import Page, Site

from site_core.content_cache import remember


class EveryLanguageSitemap(Sitemap):
    """
    The site's pages in every language it is read in: below its root page and
    below each of that page's translations (Wagtail's own lists one tree).
    """

    def items(self):
        root = self.get_wagtail_site().root_page
        trees = Q()
        for tree_root in [root, *root.get_translations()]:
            trees |= Q(path__startswith=tree_root.path)
        return (
            Page.objects.filter(trees)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )


@require_safe
def sitemap(request):
    """The sitemap of the request's site, as Wagtail writes it."""
    site = Site.find_for_request(request)

    def write():
        response = wagtail_sitemap(request, {"pages": EveryLanguageSitemap})
        response.render()
        return response.status_code, response["Content-Type"], response.content

    status, content_type, content = remember(
        request, "sitemap", write, site.pk if site else None
    )
    return HttpResponse(content, status=status, content_type=content_type)
