"""Events: the annual conference, Legal Forum meetings and other announcements."""

import datetime
import json
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, Site
from wagtail.query import PageQuerySet
from wagtail.search import index

from site_core.api.fields import (
    EventCategoryField,
    LocalDateTimeField,
    RichTextHTMLField,
    StreamBodyField,
)
from site_core.blocks import RICH_TEXT_FEATURES, BodyBlock
from site_core.models import SiteSettings, SummaryMixin


class EventCategory(models.Model):
    """A kind of event, such as "Conference" or "Legal Forum"; staff can add more."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short name used in web addresses, e.g. legal-forum. Lower-case "
        "letters, numbers and hyphens only.",
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "event categories"

    def __str__(self):
        return self.name


def event_bounds(start_date, start_time, end_date, end_time):
    """
    The moments an event starts and ends, as aware datetimes in the site's zone.

    An event without a start time lasts all day: from midnight at the start of its
    first day to midnight after its last. Combining dates and times in the local
    zone (rather than adding hours to a UTC instant) keeps daylight-saving changes
    right: a day that loses an hour is 23 hours long.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    end_date = end_date or start_date
    if start_time is None:
        starts = datetime.datetime.combine(start_date, datetime.time.min, zone)
        ends = datetime.datetime.combine(
            end_date + datetime.timedelta(days=1), datetime.time.min, zone
        )
    else:
        starts = datetime.datetime.combine(start_date, start_time, zone)
        ends = datetime.datetime.combine(end_date, end_time or start_time, zone)
    return starts, ends


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events that have not ended (including those under way), soonest first."""
        return self.filter(ends_at__gt=now or timezone.now()).order_by(
            "starts_at", "pk"
        )

    def past(self, now=None):
        """Events that have ended, oldest first so the newest comes last."""
        return self.filter(ends_at__lte=now or timezone.now()).order_by(
            "starts_at", "pk"
        )


EventPageManager = PageManager.from_queryset(EventPageQuerySet)


class EventIndexPage(Page):
    """Lists upcoming events, then past ones, each in pages."""

    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Optional text above the list of events.",
    )

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    api_fields = [APIField("introduction", serializer=RichTextHTMLField())]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = (
            EventPage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .select_related("category")
        )
        categories = EventCategory.objects.filter(
            pk__in=events.values("category")
        ).order_by("name")
        category = None
        slug = request.GET.get("category")
        if slug:
            category = next((c for c in categories if c.slug == slug), None)
            if category is not None:
                events = events.filter(category=category)

        per_page = settings.EVENTS_PER_PAGE
        context.update(
            categories=categories,
            selected_category=category,
            upcoming_events=Paginator(events.upcoming(now), per_page).get_page(
                request.GET.get("page")
            ),
            past_events=Paginator(events.past(now), per_page).get_page(
                request.GET.get("past_page")
            ),
        )
        return context


class EventPage(SummaryMixin, Page):
    """One event, in person or online, with its dates in Sacramento time."""

    class Attendance(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        MIXED = "mixed", "In person and online"

    category = models.ForeignKey(
        EventCategory,
        null=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="What kind of event this is. Manage the list under Snippets > "
        "Event categories.",
    )
    start_date = models.DateField(help_text="The day the event starts.")
    start_time = models.TimeField(
        null=True,
        blank=True,
        help_text="Sacramento time. Leave empty for an all-day event.",
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="Only for events over several days. Leave empty if it ends on the "
        "day it starts.",
    )
    end_time = models.TimeField(
        null=True,
        blank=True,
        help_text="Sacramento time. Needed when you give a start time.",
    )
    # Worked out from the four fields above on every save; listings query these.
    starts_at = models.DateTimeField(editable=False, db_index=True)
    ends_at = models.DateTimeField(editable=False, db_index=True)

    attendance = models.CharField(
        max_length=20,
        choices=Attendance.choices,
        default=Attendance.IN_PERSON,
        help_text="Where people take part.",
    )
    venue_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Leave empty while the venue is not yet decided; the page then says "
        "'to be announced'.",
    )
    venue_address = models.TextField(
        max_length=300, blank=True, help_text="Street address of the venue."
    )
    online_details = models.CharField(
        max_length=300,
        blank=True,
        help_text="How to join online, e.g. 'We email a video link after you "
        "register.' Avoid posting meeting links publicly.",
    )
    registration_url = models.URLField(
        blank=True,
        help_text="Optional link where people sign up. Leave empty if no "
        "registration is needed.",
    )
    body = StreamField(
        BodyBlock(),
        blank=True,
        help_text="Optional details: agenda, speakers, documents to download.",
    )

    objects = EventPageManager()

    content_panels = [
        *Page.content_panels,
        FieldPanel("category"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            ],
            heading="When",
            help_text="All times are Sacramento (Pacific) time.",
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("online_details"),
            ],
            heading="Where",
        ),
        FieldPanel("registration_url"),
        *SummaryMixin.summary_panels,
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *SummaryMixin.search_fields,
        index.SearchField("venue_name"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]
    api_fields = [
        *SummaryMixin.api_fields,
        APIField("category", serializer=EventCategoryField()),
        APIField("starts_at", serializer=LocalDateTimeField()),
        APIField("ends_at", serializer=LocalDateTimeField()),
        APIField("is_all_day"),
        APIField("attendance"),
        APIField("venue_name"),
        APIField("venue_address"),
        APIField("online_details"),
        APIField("registration_url"),
        APIField("body", serializer=StreamBodyField()),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    def clean(self):
        super().clean()
        errors = {}
        if self.start_time and not self.end_time:
            errors["end_time"] = (
                "Add an end time, or clear the start time to make this an all-day "
                "event."
            )
        if self.end_time and not self.start_time:
            errors["start_time"] = (
                "Add a start time, or clear the end time to make this an all-day event."
            )
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date is before the start date."
        if not errors and self.start_date:
            starts, ends = event_bounds(
                self.start_date, self.start_time, self.end_date, self.end_time
            )
            if ends <= starts:
                errors["end_time"] = "The event must end after it starts."
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.starts_at, self.ends_at = event_bounds(
            self.start_date, self.start_time, self.end_date, self.end_time
        )
        return super().save(*args, **kwargs)

    @property
    def is_all_day(self):
        return self.start_time is None

    @cached_property
    def is_past(self):
        return self.ends_at <= timezone.now()

    @property
    def when(self):
        """The dates as a person would say them, e.g. "Tuesday, January 16, 2018"."""
        return format_event_dates(
            self.start_date, self.start_time, self.end_date, self.end_time
        )

    @property
    def ics_url(self):
        """Where to download this event for a calendar app."""
        return reverse("events:event_ics", args=[self.pk])

    @property
    def venue_address_line(self):
        """The venue's address on one line, as calendars and search engines want."""
        lines = (line.strip() for line in self.venue_address.splitlines())
        return ", ".join(line for line in lines if line)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = json_ld_script(self.structured_data(request))
        return context

    def structured_data(self, request):
        """
        The event as schema.org JSON-LD, which search engines show as event details.

        Dates come from the form fields rather than ``starts_at`` so that a preview,
        which is never saved, works too.
        """
        starts, ends = event_bounds(
            self.start_date, self.start_time, self.end_date, self.end_time
        )
        is_over = ends <= timezone.now()
        if self.is_all_day:
            # Plain dates; schema.org counts the end day itself, unlike iCalendar.
            starts, ends = self.start_date, self.end_date or self.start_date
        page_url = self.get_full_url(request)
        organizer = {
            "@type": "Organization",
            "name": SiteSettings.for_request(request).organisation_name,
        }
        if site := Site.find_for_request(request):
            organizer["url"] = f"{site.root_url}/"
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "description": self.summary,
            "startDate": starts.isoformat(),
            "endDate": ends.isoformat(),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/"
            + SCHEMA_ATTENDANCE_MODES[self.attendance],
            "organizer": organizer,
            "url": page_url,
        }
        locations = []
        if self.attendance != self.Attendance.ONLINE and self.venue_name:
            place = {"@type": "Place", "name": self.venue_name}
            if self.venue_address_line:
                place["address"] = {
                    "@type": "PostalAddress",
                    "streetAddress": self.venue_address_line,
                }
            locations.append(place)
        if self.attendance != self.Attendance.IN_PERSON:
            locations.append({"@type": "VirtualLocation", "url": page_url})
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        # Past events take no more sign-ups; the page hides its button too.
        if self.registration_url and not is_over:
            data["offers"] = {"@type": "Offer", "url": self.registration_url}
        return data


SCHEMA_ATTENDANCE_MODES = {
    EventPage.Attendance.IN_PERSON: "OfflineEventAttendanceMode",
    EventPage.Attendance.ONLINE: "OnlineEventAttendanceMode",
    EventPage.Attendance.MIXED: "MixedEventAttendanceMode",
}


# Characters that could end the script element or start markup inside it, written
# as JSON escapes (as Django's json_script does) so the data stays inert.
_JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld_script(data):
    """``data`` as a JSON-LD script element, safe to place in any HTML page."""
    text = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308
    )


def _format_time(value):
    text = (
        value.strftime("%I:%M %p").lstrip("0").replace("AM", "am").replace("PM", "pm")
    )
    return text.replace(":00 ", " ")


def _format_date(value):
    return f"{value:%A}, {value:%B} {value.day}, {value.year}"


def format_event_dates(start_date, start_time, end_date, end_time):
    end_date = end_date or start_date
    if start_date == end_date:
        text = _format_date(start_date)
        if start_time is not None:
            text += f", {_format_time(start_time)} to {_format_time(end_time)}"
        return text
    if start_time is None:
        return f"{_format_date(start_date)} to {_format_date(end_date)}"
    return (
        f"{_format_date(start_date)}, {_format_time(start_time)} to "
        f"{_format_date(end_date)}, {_format_time(end_time)}"
    )
