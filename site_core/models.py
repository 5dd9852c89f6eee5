"""Site-wide settings, the words on every page, and the mixins pages share."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import StreamField
from wagtail.models import Site, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import TranslatableField

from site_core.blocks import SocialLinkBlock
from site_core.content_cache import remember
from site_core.storage import PublicMediaStorage
from site_core.svg import validate_svg


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
DEFAULT_LOGO = "img/logo.svg"  # in static/, used while no logo is uploaded


@dataclass(frozen=True)
class Alert:
    """The notice to show at the top of every page: its words and optional link."""

    message: str
    url: str = ""


# Where the hotline line and the footer sentence are written now: in each
# language, which settings cannot be (Wagtail issue 11508).
WORDS_MOVED = format_lazy(
    "<p>The line beside the hotline number and the sentence in the footer are "
    'written under <a href="{}">Settings &gt; Words on every page</a>, where each '
    "language has its own copy.</p>",
    reverse_lazy("wagtailsnippets_site_core_sitetexts:list"),
)


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
    contact_email = models.EmailField(
        blank=True, help_text="General enquiries address shown in the footer."
    )
    address = models.TextField(
        blank=True,
        help_text="Mailing address for the footer. Never enter a shelter location.",
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
    logo = models.FileField(
        upload_to="site/logo/",
        storage=PublicMediaStorage(),
        blank=True,
        validators=[FileExtensionValidator(["svg"]), validate_svg],
        help_text="The organisation's logo as an SVG file (up to 200 KB), shown at "
        "the top of every page. Leave empty to show the standard logo. Files with "
        "scripts, links to other files or embedded pictures are refused.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        help_text="The organisation's pages on social media, shown in the footer "
        "as plain links, in this order.",
    )
    donate_url = models.URLField(
        "donation page",
        blank=True,
        help_text="The address of the page where people can give money. Donate "
        "buttons on the site lead there; leave empty to hide them all.",
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked as 'Privacy' at the bottom of every page and from the "
        "application forms: what the site and forms collect, and for how long.",
    )
    alert_enabled = models.BooleanField(
        "show the notice",
        default=False,
        help_text="Switch on to show the notice below at the top of every page, "
        "e.g. when the office is closed or an event is cancelled.",
    )
    alert_message = models.CharField(
        "notice",
        max_length=200,
        blank=True,
        help_text="One or two short sentences. Required to switch the notice on.",
    )
    alert_link = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="notice links to a page",
        help_text="Optional: a page with more details.",
    )
    alert_link_url = models.URLField(
        "or to another website",
        blank=True,
        help_text="Optional, instead of a page: the full address, starting https://",
    )
    alert_expires_at = models.DateTimeField(
        "hide the notice after",
        null=True,
        blank=True,
        help_text="Optional. Date and time in Sacramento (Pacific) time after which "
        "the notice disappears by itself. Leave empty to show it until you switch "
        "it off.",
    )

    panels = [
        FieldPanel("organisation_name"),
        MultiFieldPanel(
            [FieldPanel("hotline_number"), HelpPanel(WORDS_MOVED)],
            heading="Hotline",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("address"),
                HelpPanel(WORDS_MOVED),
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
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("social_links")],
            heading="Logo and social media",
        ),
        MultiFieldPanel(
            [
                FieldPanel("alert_enabled"),
                FieldPanel("alert_message"),
                PageChooserPanel("alert_link"),
                FieldPanel("alert_link_url"),
                FieldPanel("alert_expires_at"),
            ],
            heading="Notice at the top of every page",
        ),
        MultiFieldPanel(
            [FieldPanel("donate_url"), PageChooserPanel("privacy_page")],
            heading="Donations and privacy",
        ),
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

    # The pages and picture the settings name come with them, so no page
    # needs a query of its own to link to them.
    select_related = ["safety_page", "share_image", "privacy_page", "alert_link"]

    @classmethod
    def for_request(cls, request):
        """
        The settings of the request's site, from the shared cache until staff
        save them or change the site (``site_core.content_cache``). The admin
        edits them through ``for_site``, which reads the database.
        """
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            settings = remember(
                request, "site-settings", lambda: cls.for_site(site), site.pk
            )
            settings._request = request
            setattr(request, attr_name, settings)
        return getattr(request, attr_name)

    @property
    def hotline_href(self):
        return tel_href(self.hotline_number)

    @property
    def logo_url(self):
        """The uploaded logo's public address, or the standard logo's."""
        if self.logo:
            return self.logo.url
        return static(DEFAULT_LOGO)

    def current_alert(self, now=None):
        """
        The notice to show now, or None: switched off, empty or past its end.
        Worked out on every render, so a notice ends on time whatever is cached.
        """
        now = now or timezone.now()
        if not self.alert_enabled or not self.alert_message.strip():
            return None
        if self.alert_expires_at is not None and self.alert_expires_at <= now:
            return None
        url = self.alert_link_url
        if self.alert_link is not None and self.alert_link.live:
            # The page in the language being read, where it is translated.
            url = self.alert_link.localized.url or ""
        return Alert(message=self.alert_message, url=url)

    def clean(self):
        super().clean()
        errors = {}
        if self.alert_link_id and self.alert_link_url:
            errors["alert_link_url"] = "Link to a page or to a website, not both."
        if self.alert_enabled:
            if not self.alert_message.strip():
                errors["alert_message"] = (
                    "Write the notice, or switch 'Show the notice' off."
                )
            if self.alert_expires_at is not None and self.expiry_newly_past():
                errors["alert_expires_at"] = (
                    "This time has already passed, so the notice would never show. "
                    "Choose a later time, or clear it to show the notice until you "
                    "switch it off."
                )
        if errors:
            raise ValidationError(errors)

    def expiry_newly_past(self):
        """
        Whether the notice is being switched on, or its end time changed, to a
        time already past. A notice that simply ran out does not block saving
        the other settings.
        """
        if self.alert_expires_at > timezone.now():
            return False
        stored = (
            type(self)
            .objects.filter(pk=self.pk)
            .values("alert_enabled", "alert_expires_at")
            .first()
        )
        return stored != {
            "alert_enabled": True,
            "alert_expires_at": self.alert_expires_at,
        }


@dataclass(frozen=True)
class Words:
    """The words on every page in one language, as templates show them."""

    hotline_text: str = ""
    footer_text: str = ""


class SiteTexts(TranslatableMixin, models.Model):
    """
    The words staff write that every public page shows, one copy per language:
    English first, the others made from it with wagtail-localize's Translate.
    """

    hotline_text = models.CharField(
        "line beside the hotline number",
        max_length=120,
        blank=True,
        help_text="Optional. A short line shown beside the hotline number at the "
        "top of every page and in the 'Need help now?' box, e.g. 'Call us if you "
        "or someone you know needs help'.",
    )
    footer_text = models.TextField(
        "sentence in the footer",
        max_length=500,
        blank=True,
        help_text="Optional. A sentence or two shown at the bottom of every page, "
        "and by search engines when a page has no summary of its own.",
    )

    panels = [
        HelpPanel(
            "<p>These words appear on every page of the site. Each language has "
            "its own copy: write the English one here, then use <b>Translate</b> "
            "in the list of these words to make the copy in another language. A "
            "language without its copy shows the English words.</p>"
        ),
        FieldPanel("hotline_text"),
        FieldPanel("footer_text"),
    ]
    # What wagtail-localize offers translators, segment by segment.
    translatable_fields = [
        TranslatableField("hotline_text"),
        TranslatableField("footer_text"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = "words on every page"
        verbose_name_plural = "words on every page"
        constraints = [
            models.UniqueConstraint(fields=["locale"], name="one_site_texts_a_language")
        ]

    def __str__(self):
        return f"Words on every page ({self.locale.get_display_name()})"

    @classmethod
    def for_request(cls, request):
        """
        The words in the language being read, else the English ones: from the
        shared cache until staff change them (``site_core.content_cache``).
        """
        return remember(request, "site-texts", cls.in_language, get_language())

    @classmethod
    def in_language(cls, language=None):
        """The ``Words`` of ``language`` (the active one), else English's."""
        wanted = get_supported_content_language_variant(
            language or get_language() or settings.LANGUAGE_CODE
        )
        default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
        found = {
            code: Words(hotline, footer)
            for code, hotline, footer in cls.objects.filter(
                locale__language_code__in={wanted, default}
            ).values_list("locale__language_code", "hotline_text", "footer_text")
        }
        return found.get(wanted) or found.get(default) or Words()

    def clean(self):
        super().clean()
        # One set of words, translated: a second set made by hand would stand
        # in the way of the Translate button's copy in its language.
        others = type(self).objects.exclude(pk=self.pk)
        if others.filter(locale_id=self.locale_id).exists():
            raise ValidationError(
                "These words already exist in this language. Open them from the "
                "list and change them there."
            )
        if others.exclude(translation_key=self.translation_key).exists():
            raise ValidationError(
                "These words already exist in another language. Open them from the "
                "list and use Translate to make the copy in this language."
            )


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
