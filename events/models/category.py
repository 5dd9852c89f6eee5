"""Event categories, such as "Conference" or "Legal Forum"."""

from django.db import models
from wagtail.admin.panels import FieldPanel


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
