"""Calendar downloads: feeds of upcoming events to subscribe to, and single events."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from wagtail.models import Site

from events.ical import events_calendar, with_publish_count
from events.models import EventCategory, EventPage
from site_core.content_cache import Until, remember
from site_core.models import SiteSettings

# Feeds change only when staff publish; a short shared cache spares the database
# from calendar apps that poll often, without holding back a cancellation long.
# Each is also kept in the shared cache (site_core.content_cache) until staff
# publish, or until an event in it ends.
CACHE_SECONDS = 900


def published_events(request):
    """
    Live events on this site, in the language being read (the address's), that
    anyone may see, with what the feed needs.
    """
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is set up for this address.")
    events = (
        # The site's tree in this language: below its root page's translation.
        EventPage.objects.descendant_of(site.root_page.localized)
        .live()
        .public()
        .defer_streamfields()
        .select_related("category")
    )
    return with_publish_count(events)


def feed_url(request):
    """The feed's own address: from the Wagtail Site, never the request's host."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("No site is set up for this address.")
    return f"{site.root_url}{request.path}"


def calendar_response(content, filename, *, attachment):
    """The calendar's text as text/calendar, either shown inline or saved as a file."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def upcoming_calendar(request, events, *, name, description):
    """The upcoming ``events`` as a feed's text, true until one of them ends."""
    calendar = events_calendar(
        events.upcoming(),
        request,
        name=name,
        description=description,
        source=feed_url(request),
    )
    return Until(calendar.to_ical(), events.next_change())


@require_safe
def events_feed(request):
    """All upcoming events, as a calendar apps can subscribe to."""

    def build():
        organisation = SiteSettings.for_request(request).organisation_name
        return upcoming_calendar(
            request,
            published_events(request),
            name=_("%(organisation)s events") % {"organisation": organisation},
            description=_("Upcoming events from %(organisation)s.")
            % {"organisation": organisation},
        )

    content = remember(request, "events-feed", build, feed_url(request))
    return calendar_response(content, "events.ics", attachment=False)


@require_safe
def category_feed(request, slug):
    """Upcoming events of one category, e.g. only Legal Forum meetings."""

    def build():
        category = get_object_or_404(EventCategory, slug=slug)
        organisation = SiteSettings.for_request(request).organisation_name
        return upcoming_calendar(
            request,
            published_events(request).filter(category=category),
            name=f"{organisation}: {category.name}",
            description=_("Upcoming %(category)s events from %(organisation)s.")
            % {"category": category.name, "organisation": organisation},
        )

    # An unknown category is not kept: build() raises Http404 before returning.
    content = remember(request, "category-feed", build, feed_url(request))
    return calendar_response(content, f"{slug}.ics", attachment=False)


@require_safe
def event_ics(request, page_id):
    """
    One event as a file to add to a calendar.

    Past events still download, so a link saved earlier keeps working; drafts,
    private events and pages that are not events are not found.
    """

    def build():
        event = get_object_or_404(published_events(request), pk=page_id)
        return event.slug, events_calendar([event], request).to_ical()

    slug, content = remember(request, "event-ics", build, feed_url(request))
    return calendar_response(content, f"{slug}.ics", attachment=True)
