"""The page for one event, which may repeat (e.g. the Legal Forum's monthly meeting)."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from events.api_fields import EventCategoryField, OccurrencesField
from events.dates import event_bounds
from events.forms import EventPageForm
from events.models.category import EventCategory
from events.models.queryset import EventPageManager
from events.models.schedule import EventScheduleMixin
from events.recurrence import Repeat, repeat_errors, series_end
from events.structured_data import event_json_ld, json_ld_script
from site_core.api.fields import (
    LocalDateTimeField,
    RenditionImageField,
    StreamBodyField,
)
from site_core.blocks import BodyBlock
from site_core.models import SummaryMixin
from site_core.page_privacy import KeptViewRestrictionsMixin


class EventPage(SummaryMixin, EventScheduleMixin, KeptViewRestrictionsMixin, Page):
    """One event, in person or online, with its dates in Sacramento time."""

    class Attendance(models.TextChoices):
        # Labels visitors read too (on event pages), so in their language.
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        MIXED = "mixed", _("In person and online")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")
        MOVED_ONLINE = "moved_online", _("Moved online")

    Repeat = Repeat

    category = models.ForeignKey(
        EventCategory,
        null=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text="What kind of event this is. Manage the list under Snippets > "
        "Event categories.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional picture shown on the event's page and on its card in "
        "lists of events. Avoid photos in which survivors could be recognised.",
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text="Change this when plans change. The event stays listed with its "
        "new status, and calendar apps that added it are updated.",
    )
    status_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional short note shown beside the status, e.g. 'Postponed to "
        "spring; new date to follow.'",
    )
    start_date = models.DateField(
        help_text="The day the event starts. For a repeating event: the first "
        "meeting, which also sets the weekday it repeats on."
    )
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
    repeat = models.CharField(
        "repeats",
        max_length=30,
        choices=Repeat.choices,
        default=Repeat.NONE,
        help_text="For a regular meeting. The start date sets the pattern: a "
        "first meeting on Tuesday, March 9, 2027 with 'Every month, on the same "
        "weekday' means every second Tuesday of the month.",
    )
    repeat_until = models.DateField(
        "repeat until",
        null=True,
        blank=True,
        help_text="Optional: the last date it may happen on. Leave empty to keep "
        "repeating until you change it.",
    )
    # Worked out from the fields above on every save; listings query these.
    starts_at = models.DateTimeField(editable=False, db_index=True)
    ends_at = models.DateTimeField(editable=False, db_index=True)
    # When the last meeting ends: ends_at unless it repeats; empty if it repeats
    # with no end date.
    series_ends_at = models.DateTimeField(editable=False, null=True, db_index=True)

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
            [FieldPanel("status"), FieldPanel("status_note")],
            heading="Is it going ahead?",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
                FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("repeat"), FieldPanel("repeat_until")]),
                HelpPanel(template="events/admin/repeat_summary.html"),
            ],
            heading="When",
            help_text="All times are Sacramento (Pacific) time.",
        ),
        InlinePanel(
            "cancelled_dates",
            heading="Cancelled dates",
            label="Cancelled date",
            help_text="For a repeating event: dates it skips. The rest of the "
            "series goes ahead; the page shows these dates as cancelled.",
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
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        *SummaryMixin.search_fields,
        index.SearchField("venue_name"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
        index.FilterField("series_ends_at"),
        index.FilterField("status"),
        index.RelatedFields("category", [index.SearchField("name")]),
    ]
    api_fields = [
        *SummaryMixin.api_fields,
        APIField("category", serializer=EventCategoryField()),
        APIField("image", serializer=RenditionImageField()),
        APIField("status"),
        APIField("status_note"),
        APIField("starts_at", serializer=LocalDateTimeField()),
        APIField("ends_at", serializer=LocalDateTimeField()),
        APIField("is_all_day"),
        APIField("repeat"),
        APIField("repeat_until"),
        APIField("repeat_description"),
        APIField("next_occurrences", serializer=OccurrencesField()),
        APIField("attendance"),
        APIField("venue_name"),
        APIField("venue_address"),
        APIField("online_details"),
        APIField("registration_url"),
        APIField("body", serializer=StreamBodyField()),
    ]

    base_form_class = EventPageForm
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
        for name, message in repeat_errors(self).items():
            errors.setdefault(name, message)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.starts_at, self.ends_at = event_bounds(
            self.start_date, self.start_time, self.end_date, self.end_time
        )
        self.series_ends_at = series_end(self)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Made only when the page's kept head fragment is not (its template).
        context["structured_data"] = SimpleLazyObject(
            lambda: json_ld_script(event_json_ld(self, request))
        )
        return context

    @property
    def offers_registration(self):
        """Whether to invite sign-ups: not once it is over or called off."""
        return bool(
            self.registration_url
            and not self.is_past
            and self.status != self.Status.CANCELLED
        )

    @property
    def status_badge(self):
        """The status's name in the site's badge classes, e.g. "moved-online"."""
        return self.status.replace("_", "-")

    @property
    def status_message(self):
        """A sentence saying the event is not going ahead as planned, or ""."""
        return {
            self.Status.POSTPONED: gettext("This event is postponed."),
            self.Status.CANCELLED: gettext("This event is cancelled."),
            self.Status.MOVED_ONLINE: gettext("This event has moved online."),
        }.get(self.status, "")

    @property
    def ics_url(self):
        """Where to download this event for a calendar app."""
        return reverse("events:event_ics", args=[self.pk])

    @property
    def venue_address_line(self):
        """The venue's address on one line, as calendars and search engines want."""
        lines = (line.strip() for line in self.venue_address.splitlines())
        return ", ".join(line for line in lines if line)
