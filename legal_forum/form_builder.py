"""
Turns the questions staff write into a Django form with firm validation.

Compared with Wagtail's stock form builder: every answer has a maximum length,
answers are kept exactly as typed (no silent trimming), phone numbers are a field
type of their own, dates and numbers explain what they expect, and every form
carries a honeypot field for spam robots.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from site_core.models import validate_phone_number

# The most characters an answer of each type may have. Staff may lower these per
# question but never raise them.
MAX_LENGTHS = {
    "singleline": 255,
    "multiline": 5000,
    "email": 254,
    "url": 2000,
    "phone": 40,
    "hidden": 255,
}

# Named so that no label staff write can produce it (labels become snake_case).
HONEYPOT_FIELD = "website-url"

AUTOCOMPLETE_BY_TYPE = {"email": "email", "phone": "tel", "url": "url"}

PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s/extEXT]*$")


def validate_phone(value):
    if not PHONE_CHARACTERS.match(value):
        raise ValidationError(
            "Use only numbers, spaces and + - ( ) in a phone number, for example "
            "916-428-3271."
        )
    validate_phone_number(value)


def reject_blank(value):
    if not value.strip():
        raise ValidationError("This answer cannot be only spaces.")


class ApplicationForm(BaseForm):
    """The public application form: staff's questions plus a hidden honeypot."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label="Leave this empty",
            max_length=200,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )

    @property
    def honeypot_filled(self):
        """True when something filled in the field people never see."""
        return bool(str(self.data.get(HONEYPOT_FIELD) or "").strip())

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def visible_questions(self):
        return [
            field for field in self.visible_fields() if field.name != HONEYPOT_FIELD
        ]

    def answers(self):
        """The cleaned answers to store, without the honeypot."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name != HONEYPOT_FIELD
        }


class ApplicationFormBuilder(FormBuilder):
    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = {"required": "This question needs an answer."}
        ceiling = MAX_LENGTHS.get(field.field_type)
        if ceiling is not None:
            options["max_length"] = min(field.max_length or ceiling, ceiling)
            options["error_messages"]["max_length"] = (
                "Shorten this answer to %(limit_value)s characters or fewer "
                "(it has %(show_value)s)."
            )
        return options

    def text_widget_attrs(self, field, options):
        attrs = {"maxlength": options["max_length"]}
        autocomplete = field.autocomplete or AUTOCOMPLETE_BY_TYPE.get(field.field_type)
        if autocomplete:
            attrs["autocomplete"] = autocomplete
        return attrs

    def create_singleline_field(self, field, options):
        return self.text_field(field, options, forms.TextInput)

    def create_multiline_field(self, field, options):
        return self.text_field(field, options, forms.Textarea)

    def text_field(self, field, options, widget):
        # Keep the answer as typed, but a required answer needs more than spaces.
        validators = [reject_blank] if options["required"] else []
        return forms.CharField(
            strip=False,
            widget=widget(attrs=self.text_widget_attrs(field, options)),
            validators=validators,
            **options,
        )

    def create_email_field(self, field, options):
        options["widget"] = forms.EmailInput(
            attrs=self.text_widget_attrs(field, options)
        )
        return forms.EmailField(**options)

    def create_url_field(self, field, options):
        options["widget"] = forms.URLInput(attrs=self.text_widget_attrs(field, options))
        return forms.URLField(assume_scheme="https", **options)

    def create_phone_field(self, field, options):
        attrs = self.text_widget_attrs(field, options) | {"type": "tel"}
        return forms.CharField(
            widget=forms.TextInput(attrs=attrs), validators=[validate_phone], **options
        )

    def create_number_field(self, field, options):
        options["error_messages"] |= {
            "invalid": "Enter a number, for example 12 or 3.5.",
            "max_digits": "Enter a number with at most 15 digits.",
        }
        return forms.DecimalField(max_digits=15, **options)

    def create_date_field(self, field, options):
        options["error_messages"]["invalid"] = "Enter a date, for example 05/31/2026."
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%m/%d/%Y"],
            **options,
        )

    def create_datetime_field(self, field, options):
        options["error_messages"]["invalid"] = (
            "Enter a date and time, for example 05/31/2026 14:30."
        )
        return forms.DateTimeField(
            widget=forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M"],
            **options,
        )

    def get_form_class(self):
        return type("ApplicationFormFields", (ApplicationForm,), self.formfields)
