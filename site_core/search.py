"""
The site search page, built so that nobody can later find out what was searched.

Some visitors are at risk and use a device someone else may check, so a search
term must never end up anywhere but the one response that answers it:

- the form is sent by POST, so the term is never in a URL: not in the address bar,
  the browser history, server or proxy access logs, or a Referer header;
- the response says ``Cache-Control: no-store`` (no copy in the browser's cache)
  and ``Referrer-Policy: no-referrer``;
- the term is not logged, and nothing is written to the database: Wagtail's
  search promotions and their hit counting are not used;
- a search in a link (``/search/?q=...``) is neither run nor shown again.

A search runs one query for the ids of the best matches (up to ``MAX_COUNTED``
and one more, so the page can say "more than"). What each result shows (its
title, address and description) is the same whoever searched, so it is kept
with the other content (``site_core.content_cache``), by page, never by search.
"""

import logging
import re

from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.middleware.csrf import CsrfViewMiddleware
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from wagtail.models import Page, Site

from site_core.content_cache import remember_each
from site_core.page_privacy import public_q
from site_core.seo import absolute_url

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+")
RESULTS_PER_PAGE = 10
# Results counted exactly; past this many the page says "more than" and pages
# through these, the best matches. Nobody reads a hundred results.
MAX_COUNTED = 100

# Shown in the visitor's language (marked here, translated where shown).
EMPTY_QUERY = gettext_noop("Type a word or two to search for.")
QUERY_TOO_LONG = gettext_noop(
    "Your search is too long. Please use %(limit)s characters or fewer."
)
SEARCH_IN_LINK = gettext_noop(
    "Searches sent in a web address are not run. Type what you are looking for in "
    "the box below."
)
SEARCH_FAILED = gettext_noop(
    "Sorry, search is not working right now. Please try again later, or call the "
    "hotline for help."
)
FORM_EXPIRED = gettext_noop("Your search could not be sent. Please try again.")


class SearchWords(str):
    """
    The words searched for, hidden from ``repr()``. Django's template engine logs
    (at DEBUG level) each variable it cannot find together with the repr of the
    whole context, which would otherwise carry the search into the log.
    """

    def __repr__(self):
        return "<search words>"


def search_terms(query):
    """
    The words of ``query``, without punctuation or control characters, which the
    full-text engines can choke on (SQLite on quotes and brackets, PostgreSQL on
    NUL) and which no page is found by anyway.
    """
    return " ".join(WORD.findall(query))


def find_pages(request, terms):
    """
    Live, public pages of this request's site in the language being read that
    match ``terms``, best first.
    """
    pages = Page.objects.live().filter(public_q())
    site = Site.find_for_request(request)
    if site is not None:
        # The site's tree in this language: its root page's translation.
        pages = pages.descendant_of(site.root_page.localized, inclusive=True)
    return pages.search(terms)


def best_match_ids(pages):
    """The ids of the first ``MAX_COUNTED`` + 1 of ``pages`` (search results)."""
    best = pages[: MAX_COUNTED + 1]
    as_queryset = getattr(best, "get_queryset", None)
    if as_queryset is not None:  # the database backends on PostgreSQL and MySQL
        return list(as_queryset().values_list("pk", flat=True))
    return [page.pk for page in best]


def describe_pages(request, ids):
    """What each result shows, by page id: read together, once per content change."""
    site = Site.find_for_request(request)
    found = Page.objects.filter(pk__in=ids).defer_streamfields().specific()
    return {
        page.pk: {
            "title": page.title,
            "url": page.get_url(request, current_site=site),
            "full_url": page.get_full_url(request),
            "description": getattr(page, "meta_description", "")
            or page.search_description,
        }
        for page in found
    }


def csrf_failed(request):
    """True when the form's CSRF token is missing or wrong (Django's own check)."""
    return (
        CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})
        is not None
    )


def search_context(request):
    """Run the posted search, or say why it was not run."""
    query = SearchWords(request.POST.get("q", "").strip())
    context = {"query": query}
    if not query:
        context["message"] = gettext(EMPTY_QUERY)
    elif len(query) > MAX_QUERY_LENGTH:
        context["message"] = gettext(QUERY_TOO_LONG) % {"limit": MAX_QUERY_LENGTH}
    else:
        terms = search_terms(query)
        pages = find_pages(request, terms) if terms else Page.objects.none()
        try:
            # A savepoint, so a failed search leaves the rest of the page working
            # when the request runs in a transaction.
            with transaction.atomic():
                context |= results_context(request, pages)
        except DatabaseError as error:
            # Only the kind of error: its text could quote the search words.
            logger.error("Site search failed (%s).", type(error).__name__)
            context["message"] = gettext(SEARCH_FAILED)
    return context


def results_context(request, pages):
    """The asked-for page of results, with each result's links and description."""
    ids = best_match_ids(pages)
    more_than = len(ids) > MAX_COUNTED
    ids = ids[:MAX_COUNTED]
    results = Paginator(ids, RESULTS_PER_PAGE).get_page(request.POST.get("page"))
    site = Site.find_for_request(request)
    described = remember_each(
        request,
        f"search-result:{site and site.pk}",
        lambda missing: describe_pages(request, missing),
        list(results),
    )
    links = [described[pk] for pk in results if pk in described]
    return {"results": results, "result_links": links, "more_than": more_than}


# The check runs inside the view, so a stale form gets the search page back with
# a fresh token and a plain message rather than Django's bare "403 Forbidden".
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def search(request):
    """``/search/``: the form on GET, results in the response to its POST."""
    context = {
        "query": "",
        "meta_title": "Search",
        "meta_description": "Search the pages of this website.",
        "canonical_url": absolute_url(request, reverse("search")),
    }
    status = 200
    if request.method == "POST":
        if csrf_failed(request):
            context["message"] = gettext(FORM_EXPIRED)
            status = 403
        else:
            context |= search_context(request)
    elif "q" in request.GET:
        context["message"] = gettext(SEARCH_IN_LINK)
    response = TemplateResponse(
        request, "site_core/search.html", context, status=status
    )
    add_never_cache_headers(response)  # includes no-store
    response["Referrer-Policy"] = "no-referrer"
    return response
