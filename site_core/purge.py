"""
Purging the HTTP cache in front (Varnish or a CDN) when staff change the site.

Public pages are kept by the shared cache (``site_core.http_cache``); this module
makes an editor's change show on the next request. When a page is published or
unpublished (Wagtail unpublishes a page it deletes), these are purged:

- the page at every address it has (its aliases too), with the sub-addresses its
  type lists in ``get_cached_paths`` (a news index's ``feed/``);
- the pages above it, and every page that lists others (``HTTP_CACHE_LISTING_PAGES``:
  home, the indexes, the Legal Forum page);
- the sitemap, and every address under the calendar feeds and the pages API,
  whatever their query strings (``SITE_WIDE_PREFIXES``).

The whole site is purged when what changed is on every page or moves many
addresses: a page shown in the menu, a page moved or given a new slug (its pages
below move too), the site settings saved (hotline, footer, notice), a Site changed.

Addresses ending in ``*`` stand for every address that starts with the rest:
``VarnishBackend`` sends them as a BAN, CloudFront takes them as they are.
An exact address is purged whatever its query string (the VCL bans by path).

Purges run after the change is committed (so no request can put the old page
back) and never break it: a cache that is down or slow is logged, and the
editor's change stands. That is why Wagtail's own ``frontend_cache`` app is not
installed: its handlers purge before the commit and let a failure through.
"""

import logging
import re
import threading
from types import SimpleNamespace
from urllib.parse import urlsplit, urlunsplit
from urllib.request import Request, urlopen

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.frontend_cache.backends import HTTPBackend
from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
)

from site_core.models import SiteTexts

logger = logging.getLogger(__name__)

# Feeds and listings with many addresses (filters, categories, pages of results).
SITE_WIDE_PATHS = ("/sitemap.xml",)
SITE_WIDE_PREFIXES = ("/calendar/", "/api/v2/pages/")
PURGE_TIMEOUT_SECONDS = 3


class VarnishBackend(HTTPBackend):
    """
    Wagtail's HTTP purger, with a time limit, and a BAN for an address ending in
    ``*`` that ``deploy/varnish/default.vcl`` applies to every address below it.
    """

    def __init__(self, params):
        super().__init__(params)
        if self.cache_scheme not in ("http", "https"):
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_VARNISH_URLS must hold http:// or https:// addresses, "
                "e.g. http://127.0.0.1:6081."
            )

    def purge(self, url):
        parts = urlsplit(url)
        method, headers = "PURGE", {}
        path = parts.path
        if path.endswith("*"):
            path = path.removesuffix("*")
            method = "BAN"
            headers["X-Ban-Path"] = "^" + re.escape(path)
        headers["Host"] = parts.netloc
        target = urlunsplit((self.cache_scheme, self.cache_netloc, path, "", ""))
        # Only http(s): the scheme was checked when the settings were read.
        request = Request(target, method=method, headers=headers)  # noqa: S310
        try:
            with urlopen(request, timeout=PURGE_TIMEOUT_SECONDS) as answer:  # noqa: S310
                answer.read()
        except OSError as error:  # refused, timed out, or an error status
            logger.error("Could not purge %s from the HTTP cache: %s", url, error)


def frontend_cache_enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


# Addresses waiting for the commit: deleting a section unpublishes each of its
# pages, and their shared listings are then purged once, not once per page.
_pending = threading.local()


def purge_after_commit(urls):
    """Purge ``urls`` once the change is committed; log, never raise, on failure."""
    if not hasattr(_pending, "urls"):
        _pending.urls = set()
    _pending.urls.update(urls)
    transaction.on_commit(purge_pending)


def purge_pending():
    urls, _pending.urls = sorted(getattr(_pending, "urls", ())), set()
    if not urls:
        return
    try:
        purge_urls_from_cache(urls)
    except Exception:
        # A cache's own failure (a CDN's API refusing, say) must not undo a publish.
        logger.exception("Could not purge %d addresses from the HTTP cache", len(urls))


def page_urls(page, cache_object):
    """Every address of ``page`` (and its aliases), with its type's sub-addresses."""
    urls = []
    for each in [page, *Page.objects.filter(alias_of=page)]:
        root = each.get_full_url(cache_object)
        if root is None:  # not under any site: nothing to purge
            continue
        paths = each.specific_deferred.get_cached_paths()
        urls += [root + path.lstrip("/") for path in paths]
    return urls


def listing_pages():
    models = [apps.get_model(label) for label in settings.HTTP_CACHE_LISTING_PAGES]
    return Page.objects.live().type(*models) if models else Page.objects.none()


def site_wide_urls(sites):
    urls = []
    for site in sites:
        urls += [site.root_url + path for path in SITE_WIDE_PATHS]
        urls += [site.root_url + prefix + "*" for prefix in SITE_WIDE_PREFIXES]
    return urls


def related_urls(page, cache_object):
    """The pages, feeds and listings that may show ``page``."""
    urls = []
    related = [*page.get_ancestors().filter(depth__gt=1).live(), *listing_pages()]
    for other in related:
        urls += page_urls(other, cache_object)
    return urls + site_wide_urls(Site.objects.all())


def everything_urls():
    """The whole site: a ban of every address, and each live page for CDNs."""
    cache_object = SimpleNamespace()
    urls = [site.root_url + "/*" for site in Site.objects.all()]
    for page in Page.objects.live().filter(depth__gt=1):
        urls += page_urls(page, cache_object)
    return urls + site_wide_urls(Site.objects.all())


def purge_page(page):
    """Purge ``page`` and whatever shows it, after commit."""
    if not frontend_cache_enabled():
        return
    try:
        if page.show_in_menus:
            purge_after_commit(everything_urls())
            return
        cache_object = SimpleNamespace()  # holds the site's root paths between pages
        urls = page_urls(page, cache_object) + related_urls(page, cache_object)
        purge_after_commit(urls)
    except Exception:
        logger.exception("Could not work out what to purge for page %s", page.pk)


def purge_everything():
    """Purge every address of every site, after commit."""
    if not frontend_cache_enabled():
        return
    try:
        purge_after_commit(everything_urls())
    except Exception:
        logger.exception("Could not work out what to purge for the whole site")


def on_page_published_or_unpublished(sender, instance, **kwargs):
    # Unpublishing also comes before a page is deleted (Wagtail sends it then).
    purge_page(instance)


def on_whole_site_changed(sender, **kwargs):
    """A move or a new slug changes the addresses below; settings, every page."""
    purge_everything()


def on_model_saved(sender, instance, **kwargs):
    # Settings, sites and the words on every page (in any language) show on
    # every page.
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting | Site | SiteTexts):
        purge_everything()


def connect():
    page_published.connect(on_page_published_or_unpublished)
    page_unpublished.connect(on_page_published_or_unpublished)
    post_page_move.connect(on_whole_site_changed)
    page_slug_changed.connect(on_whole_site_changed)
    post_save.connect(on_model_saved)
    post_delete.connect(on_model_saved)
