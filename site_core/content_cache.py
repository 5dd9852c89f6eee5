"""
What public pages repeat on every view, kept in the shared cache until staff
change something.

Most of what a page shows besides its own words changes only when staff
publish: the menu, the site settings, the listings of events and news, where
each address leads. Each is built once and kept in Django's cache (Redis in
production, shared by every app server), under a key that includes the
*content generation*: one number, also in the cache, that every publish,
unpublish, move or deletion of a page, every save of the site settings, a
site, an event category, an image or a page's privacy adds one to. An
editor's change therefore shows on the next request on every server, with no
list of keys to purge; what was built before it is never read again and
expires on its own.

Reading the generation is one cache get and no SQL. It goes up both at once
and again when the transaction commits, so that a server that rebuilt a
fragment from the old rows in between cannot keep it.

Previews and drafts never read or write here (``remember`` builds afresh for
them), and what is kept is the same for every visitor: only live pages that
anyone may see, never anything about who asks.
"""

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

GENERATION_KEY = "content-generation"
# Fragments of an old generation are never read again; this only frees memory.
FRAGMENT_SECONDS = 60 * 60


def generation():
    """The current content generation (one cache get; starts itself if missing)."""
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not 1, so that fragments kept under a lost
        # generation's numbers can never come back.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    return value


def bump(**kwargs):
    """
    Retire everything kept so far: now, and again once the change is committed.
    Takes a signal's arguments, so it connects to any signal as it is.
    """
    _increment()
    transaction.on_commit(_increment)


def _increment():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing (evicted or never set): any new start will do
        generation()


def bypassed(request):
    """Whether this request must see the database as it is: previews and drafts."""
    return request is not None and getattr(request, "is_preview", False)


@dataclass(frozen=True)
class Until:
    """
    What a build returns for a value true only until a moment, such as a
    listing of upcoming events, which changes as each event ends.
    """

    value: object
    moment: datetime | None  # None: for as long as the content is unchanged


def remember(request, name, build, *parts, timeout=FRAGMENT_SECONDS):
    """
    ``build()``'s value, kept under ``name`` and ``parts`` until the content
    changes (or, when ``build`` returns an ``Until``, its moment comes).
    ``parts`` tell apart what differs between uses (a page's id, a filter).
    The value must not depend on who asks.
    """
    if bypassed(request):
        return build()
    # Hashed, since parts may come from an address: any length, any characters.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    key = f"content:{generation()}:{name}:{digest}"
    kept = cache.get(key)
    if kept is None or (kept[1] is not None and kept[1] <= timezone.now()):
        built = build()
        if not isinstance(built, Until):
            built = Until(built, None)
        kept = (built.value, built.moment)  # a tuple: None is kept too
        cache.set(key, kept, timeout)
    return kept[0]


def keepable_page(page):
    """
    One page of a paginated listing, in a form fit to keep: its items, with a
    paginator that only knows how many there are (a page straight from the
    paginator would carry, and load, the whole listing).
    """
    paginator = page.paginator
    counted = Paginator(
        range(paginator.count),
        paginator.per_page,
        orphans=paginator.orphans,
        allow_empty_first_page=paginator.allow_empty_first_page,
    )
    return Page(list(page.object_list), page.number, counted)


def drop_prefetched_renditions(images):
    """
    Forget the renditions loaded with these images before they are kept.
    Wagtail trusts prefetched renditions as all there are, so a listing kept
    before its cards' sizes were first made would look each one up in the
    database on every view; without them Wagtail finds them in its rendition
    cache, which is the shared cache too.
    """
    for image in images:
        if image is not None:
            getattr(image, "_prefetched_objects_cache", {}).pop("renditions", None)
            image.__dict__.pop("prefetched_renditions", None)  # Prefetch(to_attr=)


def _bump_for_pages(sender, instance=None, **kwargs):
    # A live page saved, not only by a publish (a script, a move's new paths,
    # a draft of it: that changes nothing live, but costs only a rebuild), or
    # any page deleted.
    from wagtail.models import Page

    if isinstance(instance, Page) and (instance.live or "created" not in kwargs):
        bump()


def _bump_unless_created(sender, created=False, **kwargs):
    # Settings are made, with their defaults, the first time a site is shown:
    # nothing kept can be older than them.
    if not created:
        bump()


def connect():
    """Called once the apps are ready: what changes content retires the cache."""
    from django.apps import apps
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    # By label: site_core.models keeps its listings with this module.
    SiteSettings = apps.get_model("site_core", "SiteSettings")  # noqa: N806

    page_published.connect(bump, dispatch_uid="content_cache.published")
    page_unpublished.connect(bump, dispatch_uid="content_cache.unpublished")
    post_page_move.connect(bump, dispatch_uid="content_cache.moved")
    post_save.connect(_bump_for_pages, dispatch_uid="content_cache.page_saved")
    post_delete.connect(_bump_for_pages, dispatch_uid="content_cache.page_deleted")
    post_save.connect(
        _bump_unless_created, sender=SiteSettings, dispatch_uid="content_cache.settings"
    )
    post_delete.connect(
        bump, sender=SiteSettings, dispatch_uid="content_cache.settings"
    )
    changed = [Site, PageViewRestriction, get_image_model(), _event_category()]
    for model in filter(None, changed):
        for signal in (post_save, post_delete):
            signal.connect(
                bump, sender=model, dispatch_uid=f"content_cache.{model._meta.label}"
            )


def _event_category():
    """Event categories name the listings; found by label, as site_core is below."""
    from django.apps import apps

    try:
        return apps.get_model("events", "EventCategory")
    except LookupError:
        return None
