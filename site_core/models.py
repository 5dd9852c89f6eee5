"""Site-wide settings and the mixins that page models share."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.search import index


def validate_phone_number(value):
    digits = re.sub(r"\D", "", value)
    if not 7 <= len(digits) <= 15:
        raise ValidationError(
            "Enter a phone number people can dial, for example 916-428-3271."
        )


def tel_href(number):
    """A ``tel:`` link for a North American or international number as written."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return f"tel:+{digits}"
    if len(digits) == 10:
        return f"tel:+1{digits}"
    return f"tel:{digits}"


SAFETY_PERMISSION = "site_core.change_safety_settings"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Facts about the organisation that every public page shows."""

    organisation_name = models.CharField(max_length=120, default="My Sister's House")
    hotline_number = models.CharField(
        max_length=30,
        default="916-428-3271",
        validators=[validate_phone_number],
        help_text="Shown at the top of every page; visitors on a phone can tap it "
        "to call.",
    )
    hotline_text = models.CharField(
        max_length=120,
        blank=True,
        help_text="Optional short line shown beside the number, e.g. "
        "'Call us if you or someone you know needs help'.",
    )
    contact_email = models.EmailField(
        blank=True, help_text="General enquiries address shown in the footer."
    )
    address = models.TextField(
        blank=True,
        help_text="Mailing address for the footer. Never enter a shelter location.",
    )
    footer_text = models.TextField(
        blank=True,
        max_length=500,
        help_text="A sentence or two shown at the bottom of every page.",
    )
    quick_exit_url = models.URLField(
        default="https://www.weather.gov/",
        verbose_name="Quick exit goes to",
        help_text="The ordinary-looking website that 'Exit this page' opens instead "
        "of ours. Choose something that would not raise suspicion, like a weather "
        "forecast.",
    )
    safety_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Browse safely page",
        help_text="Linked beside 'Exit this page' on every page: explains what quick "
        "exit does not hide and how to browse more safely.",
    )
    share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when a page is shared on social media and the page has no "
        "image of its own. A wide picture (1200 x 630) works best.",
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("hotline_number"), FieldPanel("hotline_text")],
            heading="Hotline",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("address"),
                FieldPanel("footer_text"),
            ],
            heading="Footer",
        ),
        # Where the quick exit leads decides a visitor's safety: administrators
        # only. Editors keep the rest (hotline, footer, share image).
        MultiFieldPanel(
            [
                FieldPanel("quick_exit_url", permission=SAFETY_PERMISSION),
                FieldPanel("safety_page", permission=SAFETY_PERMISSION),
            ],
            heading="Quick exit",
        ),
        FieldPanel("share_image"),
    ]

    class Meta:
        verbose_name = "Site settings"
        permissions = [
            (
                "change_safety_settings",
                "Can change where the quick exit leads and the safety page",
            )
        ]

    def __str__(self):
        return self.organisation_name

    @property
    def hotline_href(self):
        return tel_href(self.hotline_number)


class SummaryMixin(models.Model):
    """A short summary, used in listings, search results and as the description."""

    summary = models.TextField(
        max_length=300,
        help_text="One or two sentences shown in lists of pages and in search "
        "results. Up to 300 characters.",
    )

    summary_panels = [FieldPanel("summary")]
    search_fields = [index.SearchField("summary")]
    api_fields = [APIField("summary")]

    class Meta:
        abstract = True

    @property
    def meta_description(self):
        return self.search_description or self.summary


class StarterContentRecord(models.Model):
    """
    Remembers each piece of starter content ``bootstrap_site`` has made.

    Bootstrap makes each item once, ever: an item staff later edit, move, rename or
    delete is never touched or re-created, while items added to the starter set in
    a later release still appear on existing sites.
    """

    key = models.CharField(max_length=200, unique=True)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key
