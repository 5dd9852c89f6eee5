"""
What search engines and sharing sites are told: robots.txt (the sitemap is
Wagtail's own view) and the full addresses in pages' sharing tags.

Full addresses never come from the request's host, which a client chooses: pages
are at their Wagtail site's address, files at SITE_URL, as the API writes them.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Site


def absolute_url(request, path):
    """``path`` on this site, written the way the sitemap writes its page URLs."""
    site = Site.find_for_request(request)
    return (site.root_url if site is not None else settings.SITE_URL) + path


def file_url(url):
    """
    A file's address (an image rendition, say) in full, for sharing sites: local
    files have a path only, and a file store may give one without a scheme.
    """
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(settings.SITE_URL).scheme}:{url}"
    return settings.SITE_URL + url


@require_safe
def robots_txt(request):
    """Let crawlers read the public pages and point them to the sitemap."""
    disallowed = [
        "/admin/",
        # Documents are served through privacy checks; don't invite crawlers.
        "/documents/",
        # Search results are only ever for the person searching.
        reverse("search"),
    ]
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in disallowed),
        "",
        f"Sitemap: {absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )
