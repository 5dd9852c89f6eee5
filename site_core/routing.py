"""
Finding the site and the page an address leads to, from the shared cache.

Wagtail looks up the site on every request (one query), loads its root page
(two) and walks the page tree one step per part of the address (two queries a
step). Where each address leads changes only when staff publish, move or
delete a page, or change a site, so both are kept under the content
generation (``site_core.content_cache``): the site with its root page, and for
each page, the address it is found at. Routing then loads only the page
itself, in one query.

Everything a page's own ``route`` decides is still decided by it: a routable
page's routes, a form's thank-you page, whether the page is live. Wagtail's
view-restriction check runs afterwards exactly as before, so a private page is
never shown to someone who may not see it.
"""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.http.request import split_domain_port
from django.utils.translation import get_language
from wagtail.models import Site

from site_core.content_cache import (
    FRAGMENT_SECONDS,
    bypassed,
    generation,
    local,
    one_generation,
    remember,
)

ROUTE_KEY = "content:{generation}:route:{root}:{path}"


def route_key(current, root, path):
    """The key for ``path`` (hashed: an address may hold any characters)."""
    digest = hashlib.sha256(path.encode()).hexdigest()
    return ROUTE_KEY.format(generation=current, root=root.pk, path=digest)


class CachedSiteMiddleware:
    """
    Hands Wagtail the request's site from the shared cache, with its root page
    (as its own page type) already loaded: ``Site.find_for_request`` then needs
    no query. Must come after ``CommonMiddleware``, which refuses unknown hosts.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_generation():  # the content generation is read once a request
            request._wagtail_site = cached_site(request)
            return self.get_response(request)


def cached_site(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    # Not the request: it is not yet known to be a preview, and the site is
    # the same for a preview.
    return remember(None, "site", lambda: find_site(request), hostname, port)


def find_site(request):
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page = site.root_page.specific
    return site


class CachedRoutesMixin:
    """
    For a site's root page: routes an address straight to the page it leads
    to when the address (or its start, for a routable page's routes) has been
    routed before in this content generation; otherwise the usual way, once.
    Its translation for the request's language (where Wagtail starts routing
    an address under /es/, say) is kept the same way.
    """

    @property
    def localized(self):
        return remember(
            None,
            "localized-root",
            lambda: super(CachedRoutesMixin, self).localized.specific,
            self.pk,
            get_language(),
        )

    def route(self, request, path_components):
        if not path_components or bypassed(request):
            return super().route(request, path_components)
        current = generation()
        keys = route_keys(current, self, path_components)
        known = known_routes(current, keys)
        for length in range(len(path_components), 0, -1):
            found = known.get(keys[length - 1])
            if found is not None:
                page_id, content_type_id = found
                model = ContentType.objects.get_for_id(content_type_id).model_class()
                page = model and model.objects.filter(pk=page_id).first()
                if page is not None:
                    result = page.route(request, path_components[length:])
                    if length < len(path_components):  # found below a known page
                        remember_route(self, result[0])
                    return result
        result = super().route(request, path_components)
        remember_route(self, result[0])
        return result


def route_keys(current, root, path_components):
    """The cache key of each start of the address: its first part, two, ..."""
    return [
        route_key(current, root, "/".join(path_components[:length]))
        for length in range(1, len(path_components) + 1)
    ]


def known_routes(current, keys):
    """Where each of ``keys`` leads, from this process's copy or the shared cache."""
    known = {key: local.get(current, key) for key in keys}
    missing = [key for key, found in known.items() if found is None]
    for key, found in cache.get_many(missing).items() if missing else ():
        known[key] = found
        local.put(current, key, found)
    return known


def remember_route(root, page):
    """Keep where ``page``'s own address under ``root`` leads, if it is below it."""
    if page.pk == root.pk or not page.url_path.startswith(root.url_path):
        return
    own_path = page.url_path[len(root.url_path) :].strip("/")
    current = generation()
    key = route_key(current, root, own_path)
    found = (page.pk, page.content_type_id)
    cache.set(key, found, FRAGMENT_SECONDS)
    local.put(current, key, found)
