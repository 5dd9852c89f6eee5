"""The events listing page and the page for one event."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from events.api_fields import EventCategoryField
from events.dates import event_bounds, format_event_dates
from events.models.category import EventCategory
from events.structured_data import event_json_ld, json_ld_script
from site_core.api.fields import LocalDateTimeField, RichTextHTMLField, StreamBodyField
from site_core.blocks import RICH_TEXT_FEATURES, BodyBlock
from site_core.models import SummaryMixin


class EventPageQuerySet(PageQuerySet):
    """Event pages, with the two listings the site, its feeds and the API show."""

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
        # A drop-down: a handful of categories need no pop-up chooser.
        FieldPanel("category", widget=forms.Select),
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

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["structured_data"] = json_ld_script(event_json_ld(self, request))
        return context

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
