"""Application forms, their questions, and the submissions they receive."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.search import index
from wagtail.url_routing import RouteResult
from wagtail_localize.fields import SynchronizedField, TranslatableField

from legal_forum.api_fields import QuestionsField, SubmissionURLField
from legal_forum.form_builder import MAX_LENGTHS, ApplicationFormBuilder
from legal_forum.models.routing import DEFAULT_RETENTION_DAYS, ApplicationRouting
from legal_forum.models.tracking import ApplicationStatus
from legal_forum.panels import ApplicationRoutingPanel, ApplicationSubmissionsPanel
from site_core.api.fields import RichTextHTMLField
from site_core.blocks import RICH_TEXT_FEATURES
from site_core.languages import language_name
from site_core.models import SiteSettings
from site_core.page_privacy import KeptViewRestrictionsMixin
from site_core.text import printable

THANK_YOU_SLUG = "thank-you"
NAME_LENGTH = 255

AUTOCOMPLETE_CHOICES = [
    ("", "Not about the applicant"),
    ("name", "Their full name"),
    ("given-name", "Their first name"),
    ("family-name", "Their last name"),
    ("email", "Their email address"),
    ("tel", "Their phone number"),
    ("organization", "Their organization or firm"),
    ("organization-title", "Their job title"),
    ("street-address", "Their street address"),
    ("postal-code", "Their ZIP code"),
    ("language", "Their preferred language"),
]


def applicant_email(fields, answers):
    """The applicant's address: their answer to the form's first email question."""
    for field in fields:
        if field.field_type == "email" and answers.get(field.clean_name):
            return answers[field.clean_name]
    return None


def applicant_name(fields, answers):
    """
    The applicant's name, from the questions marked as asking for it: their full
    name, or else their first and last names; empty if the form asks for neither.
    """
    by_purpose = {}
    for field in fields:
        answer = answers.get(field.clean_name)
        if field.autocomplete and isinstance(answer, str) and answer.strip():
            by_purpose.setdefault(field.autocomplete, answer.strip())
    if "name" in by_purpose:
        return by_purpose["name"]
    parts = [by_purpose.get("given-name"), by_purpose.get("family-name")]
    return " ".join(part for part in parts if part)


CHOICE_TYPES = {"dropdown", "radio", "checkboxes", "multiselect"}


def choice_words(field):
    """The choices a question offers, split as its form splits them."""
    builder = ApplicationFormBuilder([])
    return [value for value, _label in builder.get_formatted_field_choices(field)]


def in_words_of(source_fields, fields, answers):
    """
    ``answers`` to a translated form's ``fields``, each choice given as the
    form it translates words it (``source_fields``: the n-th choice for the
    n-th), so coordinators read one wording whatever the applicant's language.
    A choice with no counterpart is kept as the applicant saw it.
    """
    source_choices = {
        field.clean_name: choice_words(field)
        for field in source_fields
        if field.field_type in CHOICE_TYPES
    }
    answers = dict(answers)
    for field in fields:
        source = source_choices.get(field.clean_name)
        if source is None or field.clean_name not in answers:
            continue
        translated = {
            words: source[position]
            for position, words in enumerate(choice_words(field))
            if position < len(source)
        }
        answer = answers[field.clean_name]
        if isinstance(answer, list):
            answers[field.clean_name] = [translated.get(one, one) for one in answer]
        else:
            answers[field.clean_name] = translated.get(answer, answer)
    return answers


class ApplicationFormField(TranslatableMixin, AbstractFormField):
    """
    One question on an application form, edited by staff.

    Translated with its page (wagtail-localize): the words applicants read are
    translated; its name in stored answers (``clean_name``, made once from the
    first label) and how it behaves are kept from the question it translates,
    so answers in every language land in the same columns.
    """

    page = ParentalKey(
        "legal_forum.ApplicationFormPage",
        on_delete=models.CASCADE,
        related_name="form_fields",
    )
    field_type = models.CharField(
        verbose_name="field type",
        max_length=16,
        choices=[*FORM_FIELD_CHOICES, ("phone", "Phone number")],
        help_text="What applicants can enter.",
    )
    field_type.required_on_save = True
    max_length = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Optional: the most characters an answer may have. Single-line "
        "answers can have at most 255 and multi-line answers at most 5,000.",
    )
    autocomplete = models.CharField(
        max_length=30,
        blank=True,
        choices=AUTOCOMPLETE_CHOICES,
        help_text="If the question asks for the applicant's own details, say which: "
        "browsers can then fill it in for them.",
    )
    show_in_list = models.BooleanField(
        default=False,
        help_text="Show the answers to this question as a column in the "
        "coordinators' list of applications. Tick one or two questions at most; "
        "the date, name, email and status are always shown.",
    )

    panels = [
        *AbstractFormField.panels,
        FieldRowPanel([FieldPanel("max_length"), FieldPanel("autocomplete")]),
        FieldPanel("show_in_list"),
    ]
    api_fields = [*AbstractFormField.api_fields, APIField("max_length")]

    translatable_fields = [
        TranslatableField("label"),
        TranslatableField("help_text"),
        TranslatableField("choices"),
        TranslatableField("default_value"),
        SynchronizedField("clean_name"),
        SynchronizedField("field_type"),
        SynchronizedField("required"),
        SynchronizedField("max_length"),
        SynchronizedField("autocomplete"),
        SynchronizedField("show_in_list"),
        SynchronizedField("sort_order"),
    ]

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass

    def clean(self):
        super().clean()
        ceiling = MAX_LENGTHS.get(self.field_type)
        if self.max_length and ceiling and self.max_length > ceiling:
            raise ValidationError(
                {
                    "max_length": f"Answers to this type of question can have at most "
                    f"{ceiling:,} characters."
                }
            )


class ApplicationFormPage(KeptViewRestrictionsMixin, AbstractForm):
    """
    An application form. Editors write its questions; where its applications go
    and how long they are kept is its ``routing``, which only coordinators change.
    """

    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above the form: who should apply and what happens next.",
    )
    thank_you_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="Shown after someone sends the form.",
    )

    form_builder = ApplicationFormBuilder

    content_panels = [
        *AbstractForm.content_panels,
        ApplicationSubmissionsPanel(),
        FieldPanel("introduction"),
        InlinePanel(
            "form_fields",
            label="Question",
            heading="Questions",
            help_text="The questions applicants answer, in order. 'Field type' "
            "decides what they can enter.",
        ),
        FieldPanel("thank_you_text"),
        ApplicationRoutingPanel(),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]
    # Never the notification addresses or subject: those are staff's business.
    api_fields = [
        APIField("introduction", serializer=RichTextHTMLField()),
        APIField("thank_you_text", serializer=RichTextHTMLField()),
        APIField("form_fields", serializer=QuestionsField()),
        APIField("submission_url", serializer=SubmissionURLField()),
    ]

    parent_page_types = ["legal_forum.LegalForumPage", "home.HomePage"]
    subpage_types = []

    def get_submission_class(self):
        return ApplicationSubmission

    def get_submissions_list_view_class(self):
        from legal_forum.views.listing import ApplicationSubmissionsListView

        return ApplicationSubmissionsListView

    def applicant_email(self, answers):
        """The applicant's address: their answer to the form's first email question."""
        return applicant_email(self.get_form_fields(), answers)

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.filing_form.pk == self.pk:
            # A new form (made or copied) starts with the safe defaults: nobody
            # emailed, no confirmations, kept a year, until coordinators decide.
            # Its translations have none: theirs are this form's.
            ApplicationRouting.objects.get_or_create(page=self)

    @cached_property
    def filing_form(self):
        """
        The form this page's applications are filed under: the same form in
        the site's first language (the one its translations and stand-ins were
        made from), or this page if it has no version there. Looked up once
        per page object: a submission asks several times.
        """
        default = Locale.get_default()
        if self.locale_id == default.pk:
            return self
        return self.get_translation_or_none(default) or self

    def get_routing(self):
        """
        Where this form's applications go and how long they are kept (the
        defaults if none yet): the filed-under form's, for a translation.
        """
        form = self.filing_form
        try:
            return form.routing
        except ApplicationRouting.DoesNotExist:
            return ApplicationRouting.objects.get_or_create(page_id=form.pk)[0]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Read only when the page's kept fragments are not (its templates).
        context["privacy_notice"] = SimpleLazyObject(
            lambda: self.privacy_notice(request)
        )
        return context

    def privacy_notice(self, request):
        """What templates/legal_forum/includes/privacy_notice.html tells applicants."""
        site_settings = SiteSettings.for_request(request)
        try:
            retention_days = self.filing_form.routing.retention_days
        except ApplicationRouting.DoesNotExist:  # not made yet: it starts at this
            retention_days = DEFAULT_RETENTION_DAYS
        return {
            "organisation": site_settings.organisation_name,
            "retention_days": retention_days,
            "privacy_page": site_settings.privacy_page,
        }

    def process_form_submission(self, form, token=None):
        """
        Store the answers (the pipeline then queues the emails they owe), with the
        applicant's name and email for coordinators' searches, and the first status.
        Sent through a translation, it is filed under the form it translates,
        its choices as that form words them, with the language it was written in.
        """
        fields = list(self.get_form_fields())
        filed_under = self.filing_form
        answers = form.answers()
        if filed_under.pk != self.pk:
            answers = in_words_of(filed_under.get_form_fields(), fields, answers)
        return ApplicationSubmission.objects.create(
            form_data=answers,
            page=filed_under,
            language=self.locale.language_code,
            applicant_name=applicant_name(fields, answers)[:NAME_LENGTH],
            applicant_email=(applicant_email(fields, answers) or "").lower(),
            status=ApplicationStatus.initial(),
            token=token,
        )

    def thank_you_url(self, request):
        return f"{self.get_url(request)}{THANK_YOU_SLUG}/"

    def route(self, request, path_components):
        if path_components == [THANK_YOU_SLUG] and self.live:
            return RouteResult(self, kwargs={"thank_you": True})
        return super().route(request, path_components)

    # POSTs go to legal_forum.serve via on_serve_page: its pipeline imports this module.
    def serve(self, request, *args, thank_you=False, **kwargs):
        if thank_you:
            response = self.render_landing_page(request)
        else:
            response = self.render_form(
                request, self.get_form(page=self, user=request.user)
            )
        # The form holds a CSRF token.
        add_never_cache_headers(response)
        return response

    def serve_csrf_failure(self, request):
        """
        The form's security check failed (left open too long, say): show the
        answers again, with one line asking the applicant to send it again.
        Nothing is stored and nothing counts towards the rate limit.
        """
        form = self.get_form(request.POST, page=self, user=request.user)
        response = self.render_form(request, form, resend=True, status=403)
        add_never_cache_headers(response)
        return response

    def render_form(self, request, form, *, resend=False, status=200):
        context = self.get_context(request)
        context.update(form=form, resend=resend)
        return TemplateResponse(
            request, self.get_template(request), context, status=status
        )


def filing_forms():
    """
    The forms applications are filed under, each once: the forms in the site's
    first language, and any form written in another language alone; never a
    translation or stand-in of one (``ApplicationFormPage.filing_form``).
    """
    # By code, not Locale.get_default(): a query, made when this is evaluated.
    first = Q(
        locale__language_code=get_supported_content_language_variant(
            settings.LANGUAGE_CODE
        )
    )
    firsts = ApplicationFormPage.objects.filter(first)
    return ApplicationFormPage.objects.filter(
        first
        | Q(alias_of__isnull=True)
        & ~Q(translation_key__in=firsts.values("translation_key"))
    )


class ApplicationSubmission(AbstractFormSubmission):
    """
    One application as it was sent; the answers are kept exactly as given. Beside
    them: the applicant's name and email (copied from the answers, for searching
    and for linking their applications), and what coordinators record.
    """

    applicant_name = models.CharField(max_length=NAME_LENGTH, blank=True)
    applicant_email = models.CharField(
        max_length=254,
        blank=True,
        db_index=True,
        help_text="Lower case, so applications from one address find each other.",
    )
    status = models.ForeignKey(
        ApplicationStatus,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="assigned to",
    )
    # The one-time token of the form (or the API's Idempotency-Key) it came with:
    # a second POST carrying the same one stores nothing.
    token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    language = models.CharField(
        max_length=20,
        default="en",
        editable=False,
        help_text="The language of the form the applicant filled in (its code).",
    )

    class Meta:
        verbose_name = "application"
        permissions = [
            (
                "review_applicationsubmission",
                "Can read, export and delete applications",
            )
        ]
        indexes = [models.Index(fields=["page", "submit_time"])]

    def __str__(self):
        return f"Application {self.pk} to {self.page_id}"

    def get_data(self):
        # Rows stored before input was checked may hold text UTF-8 cannot encode.
        return printable(super().get_data())

    @property
    def language_name(self):
        """The language it was written in, named in English: "Vietnamese"."""
        return language_name(self.language)

    @property
    def notification_pending(self):
        return any(email.sent_at is None for email in self.emails.all())


class SubmissionEmail(models.Model):
    """
    An email a submission owes someone. Created with the submission, sent after it
    is committed, retried by ``send_pending_notifications`` until it goes through.
    """

    KINDS = [
        ("notification", "Notification to staff"),
        ("confirmation", "Confirmation to the applicant"),
    ]

    submission = models.ForeignKey(
        ApplicationSubmission, on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=20, choices=KINDS)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "kind"], name="one_email_of_each_kind"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for application {self.submission_id}"


class SubmissionExport(models.Model):
    """When a coordinator last exported a form's applications, for 'new' counts."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE)
    exported_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="one_export_record")
        ]

    def __str__(self):
        return f"{self.user} exported {self.page_id} at {self.exported_at}"
