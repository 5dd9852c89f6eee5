"""
Turns the questions staff write into a Django form with firm validation.

Compared with Wagtail's stock form builder: every answer has a maximum length,
answers are kept exactly as typed (no silent trimming), phone numbers are a field
type of their own, dates and numbers explain what they expect, every answer must
be text that can be stored and exported, and every form carries a honeypot field
for spam robots and a one-time token against sending one application twice.
"""

import re
import secrets

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from site_core.models import validate_phone_number
from site_core.text import REPLACEMENT, text_problem

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

# The hidden one-time token each showing of the empty form carries, so that the
# same form sent twice (a double click, a resent request) is stored once. Named,
# like the honeypot, so that no label staff write can produce it.
TOKEN_FIELD = "application-token"  # noqa: S105 (a field name, not a secret)
# URL-safe text, as secrets.token_urlsafe makes, too long to guess and short
# enough to be worth hashing. Anything else is ignored as if no token was sent.
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_token():
    return secrets.token_urlsafe(32)


def well_formed_token(value):
    """The token if it is one the form could have made, else None."""
    if isinstance(value, str) and TOKEN_PATTERN.fullmatch(value):
        return value
    return None


AUTOCOMPLETE_BY_TYPE = {"email": "email", "phone": "tel", "url": "url"}

PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s/extEXT]*$")

# The error code for input that is not text at all (a lone surrogate, a null
# character). Nobody typing into the form can send it, so the pipeline does not
# treat it as a mistake to forgive.
NOT_TEXT = "not_text"


def validate_text(value):
    """
    Refuse an answer (a string, or a list of them) that cannot be stored as text,
    or that lost characters on the way: U+FFFD stands where the bytes of a form
    were not UTF-8, or is pasted from text that was already damaged.
    """
    items = value if isinstance(value, list | tuple) else [value]
    texts = [item for item in items if isinstance(item, str)]
    for text in texts:
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem, code=NOT_TEXT)
    if any(REPLACEMENT in text for text in texts):
        raise ValidationError(
            _(
                "Part of this answer could not be read (it shows as %(character)s). "
                "Type those characters again."
            )
            % {"character": REPLACEMENT},
            code="unreadable",
        )


def validate_phone(value):
    if not PHONE_CHARACTERS.match(value):
        raise ValidationError(
            _(
                "Use only numbers, spaces and + - ( ) in a phone number, for example "
                "916-428-3271."
            )
        )
    validate_phone_number(value)


def reject_blank(value):
    if not value.strip():
        raise ValidationError(_("This answer cannot be only spaces."))


class TextChecked:
    """
    For form fields: ``validate_text`` runs first, before the field reads the
    answer, so a single clear message is given and nothing else sees bad input.
    """

    def clean(self, value):
        validate_text(value)
        return super().clean(value)


# The fields the form builder makes: Django's, with the text check first.
class TextField(TextChecked, forms.CharField):
    pass


class EmailField(TextChecked, forms.EmailField):
    pass


class URLField(TextChecked, forms.URLField):
    pass


class NumberField(TextChecked, forms.DecimalField):
    pass


class DateField(TextChecked, forms.DateField):
    pass


class DateTimeField(TextChecked, forms.DateTimeField):
    pass


class ChoiceField(TextChecked, forms.ChoiceField):
    pass


class MultipleChoiceField(TextChecked, forms.MultipleChoiceField):
    pass


class TokenField(forms.CharField):
    """
    The hidden one-time token. The empty form gets a fresh one each time it is
    shown; a form shown again (with errors, or after the security check failed)
    keeps the one it was sent with, so sending it then still counts as the same
    application. A token the form could not have made (an old page sends none; a
    program may send anything) is never an error a person sees: it is ignored,
    and a form shown again gets a fresh one instead.
    """

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(required=False, initial=new_token, strip=False)

    def bound_data(self, data, initial):
        return well_formed_token(data) or initial

    def clean(self, value):
        return well_formed_token(value)


class ApplicationForm(BaseForm):
    """
    The public application form: staff's questions plus a hidden honeypot and a
    hidden one-time token (see TokenField).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = TextField(
            required=False,
            label=_("Leave this empty"),
            max_length=200,
            widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        )
        self.fields[TOKEN_FIELD] = TokenField()

    @property
    def honeypot_filled(self):
        """True when something filled in the field people never see."""
        return bool(str(self.data.get(HONEYPOT_FIELD) or "").strip())

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def has_text_errors(self):
        """True when some answer is not text at all (see NOT_TEXT); validates."""
        return any(self.has_error(name, NOT_TEXT) for name in self.errors)

    def visible_questions(self):
        return [
            field for field in self.visible_fields() if field.name != HONEYPOT_FIELD
        ]

    @property
    def token(self):
        """The well-formed one-time token the valid form was sent with, or None."""
        return self.cleaned_data.get(TOKEN_FIELD)

    def answers(self):
        """The cleaned answers to store, without the honeypot and the token."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in (HONEYPOT_FIELD, TOKEN_FIELD)
        }


class ApplicationFormBuilder(FormBuilder):
    def get_field_options(self, field):
        options = super().get_field_options(field)
        options["error_messages"] = {"required": _("This question needs an answer.")}
        ceiling = MAX_LENGTHS.get(field.field_type)
        if ceiling is not None:
            options["max_length"] = min(field.max_length or ceiling, ceiling)
            options["error_messages"]["max_length"] = _(
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
        return TextField(
            strip=False,
            widget=widget(attrs=self.text_widget_attrs(field, options)),
            validators=validators,
            **options,
        )

    def create_email_field(self, field, options):
        options["widget"] = forms.EmailInput(
            attrs=self.text_widget_attrs(field, options)
        )
        return EmailField(**options)

    def create_url_field(self, field, options):
        options["widget"] = forms.URLInput(attrs=self.text_widget_attrs(field, options))
        return URLField(assume_scheme="https", **options)

    def create_phone_field(self, field, options):
        attrs = self.text_widget_attrs(field, options) | {"type": "tel"}
        return TextField(
            widget=forms.TextInput(attrs=attrs), validators=[validate_phone], **options
        )

    def create_number_field(self, field, options):
        options["error_messages"] |= {
            "invalid": _("Enter a number, for example 12 or 3.5."),
            "max_digits": _("Enter a number with at most 15 digits."),
        }
        return NumberField(max_digits=15, **options)

    def create_date_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "Enter a date, for example 05/31/2026."
        )
        return DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%m/%d/%Y"],
            **options,
        )

    def create_datetime_field(self, field, options):
        options["error_messages"]["invalid"] = _(
            "Enter a date and time, for example 05/31/2026 14:30."
        )
        return DateTimeField(
            widget=forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M"],
            **options,
        )

    def create_dropdown_field(self, field, options):
        return ChoiceField(choices=self.get_formatted_field_choices(field), **options)

    def create_radio_field(self, field, options):
        return ChoiceField(
            choices=self.get_formatted_field_choices(field),
            widget=forms.RadioSelect,
            **options,
        )

    def create_multiselect_field(self, field, options):
        return MultipleChoiceField(
            choices=self.get_formatted_field_choices(field), **options
        )

    def create_checkboxes_field(self, field, options):
        options["initial"] = self.get_formatted_field_initial(field)
        return MultipleChoiceField(
            choices=self.get_formatted_field_choices(field),
            widget=forms.CheckboxSelectMultiple,
            **options,
        )

    def create_hidden_field(self, field, options):
        return TextField(widget=forms.HiddenInput, **options)

    def get_form_class(self):
        return type("ApplicationFormFields", (ApplicationForm,), self.formfields)
