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

Reading the generation is one cache get and no SQL, once per request. It goes
up both at once and again when the transaction commits, so that a server that
rebuilt a fragment from the old rows in between cannot keep it. Each server
also keeps its own copy of what it read under the current generation
(``site_core.process_cache``), so the generation is the only round trip to
Redis a page view usually makes.

Templates keep whole pieces of HTML the same way with ``{% fragment %}``
(``fragment`` below): the header and footer, a page's body, a listing's cards.
A fragment that shows a listing true only until some moment (the next event
ending) is kept only until that moment.

Previews and drafts never read or write here (``remember`` builds afresh for
them), and what is kept is the same for every visitor: only live pages that
anyone may see, never anything about who asks.
"""

import hashlib
import pickle
import time
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from site_core.process_cache import GenerationStore

GENERATION_KEY = "content-generation"
# Fragments of an old generation are never read again; this only frees memory.
FRAGMENT_SECONDS = 60 * 60

# This process's copies of what it read or built (site_core.process_cache).
local = GenerationStore()
# The generation a request started with: read once, however often it is asked.
_request_generation = ContextVar("content_generation", default=None)
# The moments that what this request has read so far is true until.
_moments = ContextVar("content_moments", default=None)


def generation():
    """
    The current content generation: one cache get (none more in the same
    request, inside ``one_generation``); starts itself if missing.
    """
    seen = _request_generation.get()
    if seen:
        return seen[0]
    value = cache.get(GENERATION_KEY)
    if value is None:
        # Start from the clock, not 1, so that fragments kept under a lost
        # generation's numbers can never come back.
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        value = cache.get(GENERATION_KEY)
    if seen is not None:
        seen.append(value)
    return value


@contextmanager
def one_generation():
    """
    One request (routing.py's middleware): the generation is read once, and
    each fragment made is kept only until the soonest moment anything the
    request read so far is true until (see ``fragment``).
    """
    generation_token = _request_generation.set([])
    moments_token = _moments.set([])
    try:
        yield
    finally:
        _request_generation.reset(generation_token)
        _moments.reset(moments_token)


def bump(**kwargs):
    """
    Retire everything kept so far: now, and again once the change is committed.
    Takes a signal's arguments, so it connects to any signal as it is.
    """
    _increment()
    transaction.on_commit(_increment)


def _increment():
    seen = _request_generation.get()
    if seen:
        seen.clear()  # this request reads the new number from now on
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # missing (evicted or never set): any new start will do
        generation()


def bypassed(request):
    """
    Whether this request must see the database as it is (previews and drafts)
    or shows a page behind a view restriction (``site_core.page_privacy``).
    """
    return request is not None and (
        getattr(request, "is_preview", False)
        or getattr(request, "shows_private_page", False)
    )


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
    The value must not depend on who asks. Each caller gets its own copy.
    """
    if bypassed(request):
        return build()
    current = generation()
    key = kept_key(current, name, parts)
    kept = local.get(current, key)
    if kept is None:
        kept = _copy_from_shared(current, key, cache.get(key))
    if kept is None or expired(kept[1]):
        built = build()
        if not isinstance(built, Until):
            built = Until(built, None)
        kept = _keep(current, key, built.value, built.moment, timeout)
        value = built.value
    else:
        value = pickle.loads(kept[0])  # noqa: S301 - pickled by this process
    _note_moment(kept[1])
    return value


# Kept values are (value, moment) in both layers: a tuple, so None is kept too.
# This process keeps its copy pickled, so that no two requests share (and could
# change) one object.


def _keep(current, key, value, moment, timeout=FRAGMENT_SECONDS):
    cache.set(key, (value, moment), timeout)
    kept = (pickle.dumps(value, pickle.HIGHEST_PROTOCOL), moment)
    local.put(current, key, kept)
    return kept


def _copy_from_shared(current, key, shared):
    """This process's copy of ``shared``, read from the shared cache (or None)."""
    if shared is None:
        return None
    kept = (pickle.dumps(shared[0], pickle.HIGHEST_PROTOCOL), shared[1])
    local.put(current, key, kept)
    return kept


def remember_each(request, name, build_many, ids):
    """
    ``{id: value}`` for each of ``ids`` that ``build_many`` finds, each kept
    under ``name`` and its id until the content changes: ``build_many(missing)``
    makes, at once, those not kept yet (and may leave out ids it cannot find).
    """
    if bypassed(request):
        return build_many(list(ids))
    current = generation()
    keys = {pk: kept_key(current, name, (pk,)) for pk in ids}
    kept = {pk: local.get(current, key) for pk, key in keys.items()}
    unread = [keys[pk] for pk, found in kept.items() if found is None]
    pks = {key: pk for pk, key in keys.items()}
    for key, shared in (cache.get_many(unread) if unread else {}).items():
        kept[pks[key]] = _copy_from_shared(current, key, shared)
    missing = [pk for pk, found in kept.items() if found is None]
    found = {
        pk: pickle.loads(value[0])  # noqa: S301 - pickled by this process
        for pk, value in kept.items()
        if value is not None
    }
    built = build_many(missing) if missing else {}
    for pk, value in built.items():
        _keep(current, keys[pk], value, None)
    return found | built


def later(request, name, build, *parts, keys=None):
    """
    ``remember``, put off until the value is first used: when the fragment
    that shows it is kept, it is never read at all. With ``keys``, the value
    is a mapping (or a tuple) and each of its ``keys`` gets a lazy value of
    its own, ready for ``context.update``; all share one read.
    """
    whole = SimpleLazyObject(lambda: remember(request, name, build, *parts))
    if keys is None:
        return whole
    return {key: SimpleLazyObject(lambda key=key: whole[key]) for key in keys}


def fragment(request, name, render, *parts, until=None):
    """
    ``render()``'s HTML, kept in this process only (``{% fragment %}``) until
    the content changes, or until the soonest moment what it may show is true
    until: the ``Until`` of every ``remember`` value this request has read so
    far, whether before the fragment (a page's context) or while making it,
    and ``until()`` if given (asked only when the HTML is made).
    """
    if request is None or bypassed(request):
        return render()
    current = generation()
    # The language too: the same page's HTML differs in each.
    key = kept_key(current, f"fragment:{name}", (get_language(), *parts))
    kept = local.get(current, key)
    if kept is None or expired(kept[1]):
        with _noting_moments() as moments:
            html = render()
            if until is not None:
                moments.append(until())
            kept = (html, min(filter(None, moments), default=None))
        local.put(current, key, kept)
    _note_moment(kept[1])
    return kept[0]


@contextmanager
def _noting_moments():
    """The request's list of moments, or a list of its own outside a request."""
    moments = _moments.get()
    if moments is not None:
        yield moments
        return
    token = _moments.set([])
    try:
        yield _moments.get()
    finally:
        _moments.reset(token)


def kept_key(current, name, parts):
    # Hashed, since parts may come from an address: any length, any characters.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()
    return f"content:{current}:{name}:{digest}"


def expired(moment):
    return moment is not None and moment <= timezone.now()


def _note_moment(moment):
    """Note that what the request read is only true until ``moment``."""
    moments = _moments.get()
    if moment is not None and moments is not None:
        moments.append(moment)


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
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        Site,
    )
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
    retire_on_change(
        Site,
        PageViewRestriction,
        get_image_model(),
        get_document_model(),
        # A collection made private: its pictures' addresses change (media_privacy).
        Collection,
        CollectionViewRestriction,
    )
    # A picture size deleted (moved to the private side, say) is linked from
    # kept fragments; one made is not, so only deletions retire them.
    post_delete.connect(
        bump,
        sender=get_image_model().get_rendition_model(),
        dispatch_uid="content_cache.rendition_deleted",
    )


# Functions that say when some content changes by itself as time passes (the
# next event ending, say), or None; apps add theirs (``changes_by_itself``).
_clocks = []


def changes_by_itself(clock):
    """Register ``clock()``: the next moment some content changes on its own."""
    if clock not in _clocks:
        _clocks.append(clock)


def next_change():
    """
    The soonest moment any registered content changes by itself: for what
    shows a bit of everything (the API), which is then kept until then.
    """
    return min(filter(None, (clock() for clock in _clocks)), default=None)


def retire_on_change(*models):
    """
    Keep nothing made before a row of these models is saved or deleted: for
    what pages show besides pages and settings (an app's ``ready()`` names its
    own, such as event categories).
    """
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                bump, sender=model, dispatch_uid=f"content_cache.{model._meta.label}"
            )
