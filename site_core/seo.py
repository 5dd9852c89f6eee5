"""What search engines are told: robots.txt (the sitemap is Wagtail's own view)."""

from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail.models import Site


def absolute_url(request, path):
    """``path`` on this site, written the way the sitemap writes its page URLs."""
    site = Site.find_for_request(request)
    if site is not None:
        return site.root_url + path
    return request.build_absolute_uri(path)


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
