"""
Who may keep a copy of each answer: the HTTP cache in front (Varnish or a CDN),
the visitor's browser, or nobody.

A public page is the same for every anonymous reader, so a shared cache may keep
it (``s-maxage``) and answer the next thousand readers without the app; it is
purged when staff publish (``site_core.purge``). Browsers keep nothing
(``max-age=0``): a visitor at risk may share the device, and a reader should see
a cancellation at once.

Everything else is ``no-store``, kept by nobody:

- anything but GET and HEAD (every POST answer);
- the admin, previews, page-password forms, documents and search;
- any request that carries a session (a signed-in editor, a visitor who passed a
  page's password: restricted pages are seen only this way);
- any answer that sets a cookie or holds a CSRF token (application forms);
- answers other than 200, 404 and 410 (redirects, errors).

A view or page that must never be shared says so itself with Django's
``add_never_cache_headers`` (application forms and their thank-you pages do);
this middleware never loosens what a view decided, and makes any answer it may
not share ``no-store``. A public view that chose its own freshness
(``public, max-age``: the calendar feeds) keeps it.

It sits outside the session and CSRF middleware, so it sees the cookies they set.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control

# Never for a shared cache, whoever asks: the admin and previews, Wagtail's page
# password forms, documents (a collection can turn private) and search results.
NEVER_SHARED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/_util/",
    "/documents/",
    "/search/",
)
# A missing page is kept briefly, so a run of bad links costs the app little.
NOT_FOUND_SECONDS = 60
SHAREABLE_STATUSES = {200, 404, 410}
SAFE_METHODS = ("GET", "HEAD")
KEEP_AWAY = ("no-store", "private", "no-cache")


class HttpCacheMiddleware:
    """Says, on every answer, who may keep a copy (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_shareable(request, response):
            mark_shareable(response, shared_seconds(response))
        else:
            never_store(response)
        return response


def is_shareable(request, response):
    """True when any anonymous reader would get exactly this answer."""
    return (
        request.method in SAFE_METHODS
        and not request.path.startswith(NEVER_SHARED_PREFIXES)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not response.cookies
        and "Set-Cookie" not in response.headers
        # Django's get_token() sets this: the page holds a CSRF token.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and response.status_code in SHAREABLE_STATUSES
        and not already_kept_away(response)
        and shared_seconds(response) > 0
    )


def already_kept_away(response):
    """The view itself said no shared cache may keep this answer."""
    value = response.get("Cache-Control", "").lower()
    return any(word in value for word in KEEP_AWAY)


def shared_seconds(response):
    if response.status_code == 200:
        return settings.HTTP_CACHE_SECONDS
    return min(NOT_FOUND_SECONDS, settings.HTTP_CACHE_SECONDS)


def mark_shareable(response, seconds):
    """A shared cache keeps it for ``seconds``, a browser not at all."""
    value = response.get("Cache-Control", "")
    # A view that chose its own freshness (the calendar feeds) keeps it.
    if not ("public" in value and "max-age" in value):
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
    # The session middleware varies on Cookie whenever a template looked at the
    # user; a shareable answer is the same for every cookie, so the cache need not
    # keep one copy per visitor (requests with a session never get here).
    remove_vary(response, "Cookie")


def never_store(response):
    """No copy anywhere: not in a shared cache, not in the browser."""
    del response["Cache-Control"]
    add_never_cache_headers(response)


def remove_vary(response, header):
    values = [
        value.strip()
        for value in response.get("Vary", "").split(",")
        if value.strip() and value.strip().lower() != header.lower()
    ]
    if values:
        response["Vary"] = ", ".join(values)
    elif response.has_header("Vary"):
        del response["Vary"]
