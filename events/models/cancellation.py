"""Single dates of a repeating event that will not go ahead."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class EventCancellation(models.Model):
    """
    One date a repeating event skips, and why. The rest of the series goes ahead;
    pages list the date as cancelled and calendars drop it (EXDATE).
    """

    page = ParentalKey(
        "events.EventPage", on_delete=models.CASCADE, related_name="cancelled_dates"
    )
    date = models.DateField(
        help_text="A date the event would otherwise happen on.",
    )
    reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional, shown beside the date, e.g. 'No meeting over the "
        "holidays.'",
    )

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta:
        ordering = ["date"]
        verbose_name = "cancelled date"

    def __str__(self):
        return f"{self.date:%B} {self.date.day}, {self.date.year}"
