"""
The one StreamBlock that every page body on the site is built from.

Each block renders with its own template under ``templates/components/`` and has a
preview value, so editors see what it looks like before they add it.
"""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

# Rich text in page bodies: enough for readable prose, nothing that breaks layout.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120, help_text="Keep it short: a few words.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section heading"), ("h3", "Sub-heading")],
        default="h2",
        help_text="Use a sub-heading only inside a section.",
    )

    class Meta:
        icon = "title"
        template = "components/heading.html"
        preview_value = {"text": "What is human trafficking?", "level": "h2"}
        description = "A heading that starts a new section of the page."


class ListBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        choices=[("bulleted", "Bullet points"), ("numbered", "Numbered steps")],
        default="bulleted",
    )
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=250, label="Item"),
        min_num=1,
        help_text="One line per item.",
    )

    class Meta:
        icon = "list-ul"
        template = "components/list.html"
        preview_value = {
            "style": "bulleted",
            "items": ["Domestic work", "Agriculture", "Construction"],
        }
        description = "A bulleted or numbered list of short items."


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it. "
        "Leave empty only if the image is decoration and says nothing.",
    )
    decorative = blocks.BooleanBlock(
        required=False,
        help_text="Tick if the image is purely decorative (screen readers skip it).",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "components/image.html"
        description = "A photo or illustration with a text description."

    def clean(self, value):
        value = super().clean(value)
        if not value.get("alt_text") and not value.get("decorative"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "alt_text": ValidationError(
                        "Describe the image, or tick 'decorative' if it says nothing."
                    )
                }
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock()
    link_text = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Optional. Shown instead of the document's title.",
    )

    class Meta:
        icon = "doc-full"
        template = "components/document_link.html"
        description = "A link to download a document such as a flyer or agenda."


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        max_length=30,
        help_text="The number as readers should see it, e.g. 20.9 million.",
    )
    label = blocks.CharBlock(
        max_length=200, help_text="What the number counts, in a short phrase."
    )
    source_name = blocks.CharBlock(
        max_length=120,
        help_text="Who published the number, e.g. International Labour Office.",
    )
    source_url = blocks.URLBlock(
        required=False, help_text="Optional link to where the number was published."
    )

    class Meta:
        icon = "table"
        template = "components/statistic.html"
        preview_value = {
            "figure": "20.9 million",
            "label": "people trafficked around the world",
            "source_name": "International Labour Office",
        }
        description = "A key figure with its source."


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=500, required=False)
    show_hotline = blocks.BooleanBlock(
        required=False,
        default=True,
        help_text="Show the hotline number (from Settings > Site settings) as a "
        "button people can tap to call.",
    )
    link_page = blocks.PageChooserBlock(required=False, label="Link to a page")
    link_url = blocks.URLBlock(required=False, label="Or link to another website")
    link_text = blocks.CharBlock(required=False, max_length=60)

    class Meta:
        icon = "warning"
        template = "components/callout.html"
        preview_value = {
            "heading": "We can help",
            "text": "If you or someone you know is being hurt, call us.",
            "show_hotline": True,
        }
        description = (
            "A highlighted box that asks the reader to act: call, apply, read."
        )

    def clean(self, value):
        value = super().clean(value)
        has_link = value.get("link_page") or value.get("link_url")
        if has_link and not value.get("link_text"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "link_text": ValidationError("Add the words people will click on.")
                }
            )
        if value.get("link_page") and value.get("link_url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "link_url": ValidationError("Choose a page or a website, not both.")
                }
            )
        return value


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=1000)
    attribution = blocks.CharBlock(required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "components/quote.html"
        preview_value = {
            "quote": "Anyone can be a victim of trafficking.",
            "attribution": "My Sister's House",
        }
        description = "A quotation, with who said it."


def one_link(value, page_field, url_field):
    """Errors for a block that must link to a page or to a website, not both."""
    if value.get(page_field) and value.get(url_field):
        return {url_field: ValidationError("Choose a page or a website, not both.")}
    if not value.get(page_field) and not value.get(url_field):
        return {
            page_field: ValidationError(
                "Choose the page the button leads to, or enter a website address below."
            )
        }
    return {}


class DonateBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(max_length=500, required=False)
    button_label = blocks.CharBlock(
        max_length=40,
        default="Donate",
        help_text="The words on the button, e.g. 'Donate' or 'Give today'.",
    )

    class Meta:
        icon = "pick"
        template = "components/donate.html"
        preview_value = {
            "heading": "Support survivors",
            "text": "Your gift keeps our hotline and shelter open.",
            "button_label": "Donate",
        }
        description = (
            "An appeal with a button to the donation page set in Settings > Site "
            "settings. It is hidden while no donation page is set there."
        )


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=80, help_text="A few words, e.g. Volunteer.")
    text = blocks.TextBlock(
        max_length=250,
        required=False,
        help_text="One or two short sentences saying why or what happens next.",
    )
    button_label = blocks.CharBlock(
        max_length=40, help_text="The words on the button, e.g. 'Apply now'."
    )
    link_page = blocks.PageChooserBlock(required=False, label="Link to a page")
    link_url = blocks.URLBlock(required=False, label="Or link to another website")

    class Meta:
        icon = "pick"
        template = "components/call_to_action.html"
        preview_value = {
            "heading": "Volunteer",
            "text": "Lend your time and skills to survivors in Sacramento.",
            "button_label": "Find out how",
            "link_url": "https://example.org/volunteer",
        }
        description = "A short invitation with one button: donate, volunteer, apply."

    def clean(self, value):
        value = super().clean(value)
        errors = one_link(value, "link_page", "link_url")
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


SOCIAL_PLATFORMS = [
    ("facebook", "Facebook"),
    ("instagram", "Instagram"),
    ("linkedin", "LinkedIn"),
    ("youtube", "YouTube"),
    ("x", "X (Twitter)"),
    ("tiktok", "TikTok"),
    ("bluesky", "Bluesky"),
    ("threads", "Threads"),
    ("other", "Other"),
]


class SocialLinkValue(blocks.StructValue):
    @property
    def platform_name(self):
        """The platform as visitors know it, e.g. Instagram."""
        return dict(SOCIAL_PLATFORMS).get(self.get("platform"), "")


class SocialLinkBlock(blocks.StructBlock):
    """A plain link to one of the organisation's accounts: no embeds, no scripts."""

    platform = blocks.ChoiceBlock(choices=SOCIAL_PLATFORMS)
    url = blocks.URLBlock(
        label="Address",
        help_text="The full address of the organisation's page, starting https://",
    )
    label = blocks.CharBlock(
        required=False,
        max_length=60,
        help_text="Optional. Words to show instead of the platform's name, e.g. "
        "'Our newsletter'. Needed when the platform is 'Other'.",
    )

    class Meta:
        icon = "link-external"
        label = "Social media link"
        value_class = SocialLinkValue

    def clean(self, value):
        value = super().clean(value)
        if value.get("platform") == "other" and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "label": ValidationError(
                        "Say what this link is, e.g. 'Our newsletter'."
                    )
                }
            )
        return value


class BodyBlock(blocks.StreamBlock):
    """The shared page body: every StreamField on the site uses exactly this."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="components/paragraph.html",
        preview_value="<p>Human trafficking is a hidden crime.</p>",
        description="Ordinary text, with bold, italic and links.",
    )
    list = ListBlock()
    image = ImageBlock()
    document = DocumentLinkBlock()
    statistic = StatisticBlock()
    callout = CalloutBlock(label="Call to action / hotline")
    quote = QuoteBlock()
    donate = DonateBlock(label="Donation appeal")
