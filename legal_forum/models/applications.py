"""Application forms, their questions, and the submissions they receive."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractEmailForm,
    AbstractFormField,
    AbstractFormSubmission,
)
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from legal_forum.api import QuestionsField, SubmissionURLField
from legal_forum.form_builder import MAX_LENGTHS, ApplicationFormBuilder
from legal_forum.panels import ApplicationSubmissionsPanel
from legal_forum.submissions import (
    Outcome,
    client_address,
    rate_limited_response,
    submit_application,
)
from site_core.api.fields import RichTextHTMLField
from site_core.blocks import RICH_TEXT_FEATURES

THANK_YOU_SLUG = "thank-you"

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


class ApplicationFormField(AbstractFormField):
    """One question on an application form, edited by staff."""

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

    panels = [
        *AbstractFormField.panels,
        FieldRowPanel([FieldPanel("max_length"), FieldPanel("autocomplete")]),
    ]
    api_fields = [*AbstractFormField.api_fields, APIField("max_length")]

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


class ApplicationFormPage(AbstractEmailForm):
    """An application form; staff choose its questions and who is told of new ones."""

    introduction = RichTextField(
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text="Shown above the form: who should apply and what happens next.",
    )
    thank_you_text = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="Shown after someone sends the form.",
    )
    include_answers_in_notification = models.BooleanField(
        default=False,
        verbose_name="Include the answers in the email",
        help_text="Leave this off unless you must. Off, the email only says that an "
        "application arrived and links to it in the admin. On, anyone who can read "
        "that mailbox can read the applicant's answers.",
    )
    send_confirmation = models.BooleanField(
        default=False,
        verbose_name="Email the applicant a confirmation",
        help_text="Sent to the address they give in the form's first email question.",
    )
    confirmation_subject = models.CharField(
        max_length=255, default="We received your application"
    )
    confirmation_text = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Plain text. Keep it general: other people may be able to read the "
        "applicant's email.",
    )
    retention_days = models.PositiveIntegerField(
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        verbose_name="Keep applications for (days)",
        help_text="Applications older than this are deleted for good by the nightly "
        "clean-up. 365 keeps them for a year.",
    )

    form_builder = ApplicationFormBuilder

    content_panels = [
        *AbstractEmailForm.content_panels,
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
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel(
                            "to_address",
                            help_text="Who is emailed when an application arrives. "
                            "Separate several addresses with commas.",
                        ),
                        FieldPanel("from_address"),
                    ]
                ),
                FieldPanel("subject"),
                FieldPanel("include_answers_in_notification"),
            ],
            heading="Notification email to staff",
        ),
        MultiFieldPanel(
            [
                FieldPanel("send_confirmation"),
                FieldPanel("confirmation_subject"),
                FieldPanel("confirmation_text"),
            ],
            heading="Confirmation email to the applicant",
        ),
        FieldPanel("retention_days"),
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
        from legal_forum.views import ApplicationSubmissionsListView

        return ApplicationSubmissionsListView

    def applicant_email(self, answers):
        """The applicant's address: their answer to the form's first email question."""
        for field in self.get_form_fields():
            if field.field_type == "email" and answers.get(field.clean_name):
                return answers[field.clean_name]
        return None

    def process_form_submission(self, form):
        """Store the answers and queue the emails; sending happens after commit."""
        answers = form.answers()
        submission = ApplicationSubmission.objects.create(form_data=answers, page=self)
        emails = []
        if self.to_address:
            emails.append(SubmissionEmail(submission=submission, kind="notification"))
        if self.send_confirmation and self.applicant_email(answers):
            emails.append(SubmissionEmail(submission=submission, kind="confirmation"))
        SubmissionEmail.objects.bulk_create(emails)
        return submission

    def thank_you_url(self, request):
        return f"{self.get_url(request)}{THANK_YOU_SLUG}/"

    def route(self, request, path_components):
        if path_components == [THANK_YOU_SLUG] and self.live:
            return RouteResult(self, kwargs={"thank_you": True})
        return super().route(request, path_components)

    def serve(self, request, *args, thank_you=False, **kwargs):
        if thank_you:
            response = self.render_landing_page(request)
        elif request.method == "POST":
            result = submit_application(
                self,
                request.POST,
                request.FILES,
                client=client_address(request),
                user=request.user,
            )
            if result.outcome is Outcome.RATE_LIMITED:
                response = rate_limited_response(request, self)
            elif result.outcome is Outcome.INVALID:
                response = self.render_form(request, result.form)
            else:
                # Redirect, so that refreshing the thank-you page sends nothing again.
                response = redirect(self.thank_you_url(request))
        else:
            response = self.render_form(
                request, self.get_form(page=self, user=request.user)
            )
        # The form holds a CSRF token and, after an error, the applicant's answers.
        add_never_cache_headers(response)
        return response

    def render_form(self, request, form):
        context = self.get_context(request)
        context["form"] = form
        return TemplateResponse(request, self.get_template(request), context)


class ApplicationSubmission(AbstractFormSubmission):
    """One application as it was sent; the answers are kept exactly as given."""

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
