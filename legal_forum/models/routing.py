"""
Where a form's applications go and how long they are kept.

These are coordinators' decisions, so they live beside the form page rather than
on it: editing, copying, reverting, scheduling or approving a page revision never
carries them, and only a user who may read applications can change them (see
``legal_forum.views.RoutingEditView``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, validate_email
from django.db import models

DEFAULT_RETENTION_DAYS = 365


def validate_address_list(value):
    """Comma-separated email addresses, each one valid."""
    for address in (part.strip() for part in value.split(",")):
        if not address:
            continue
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                f"'{address}' is not an email address. Separate several addresses "
                "with commas, for example a@example.org, b@example.org."
            ) from None


class ApplicationRouting(models.Model):
    """Who is told of a form's applications, what they are sent, how long rows live."""

    page = models.OneToOneField(
        "legal_forum.ApplicationFormPage",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="routing",
    )
    to_address = models.CharField(
        "send notifications to",
        max_length=1000,
        blank=True,
        validators=[validate_address_list],
        help_text="Who is emailed when an application arrives: coordinators' "
        "addresses, separated by commas. Leave empty to send no email; new "
        "applications still show under Applications.",
    )
    from_address = models.EmailField(
        "send from",
        blank=True,
        help_text="The sender address of these emails. Leave empty for the site's "
        "usual sender.",
    )
    subject = models.CharField(
        "notification subject",
        max_length=255,
        blank=True,
        help_text="Leave empty for 'New application: ' and the form's title.",
    )
    include_answers = models.BooleanField(
        "include the answers in the notification",
        default=False,
        help_text="Leave this off unless you must. Off, the email only says that an "
        "application arrived and links to it here. On, anyone who can read those "
        "mailboxes, now or later, can read the applicant's answers.",
    )
    send_confirmation = models.BooleanField(
        "email the applicant a confirmation",
        default=False,
        help_text="Sent to the address given in the form's first email question, at "
        "most once a day to any address. Someone else may read that inbox: an "
        "abuser who watches the applicant's email would learn that they applied.",
    )
    confirmation_subject = models.CharField(
        max_length=255, default="We received your application"
    )
    confirmation_text = models.TextField(
        blank=True,
        max_length=2000,
        help_text="Plain text. Keep it general, naming no service and no situation: "
        "other people may read the applicant's email.",
    )
    retention_days = models.PositiveIntegerField(
        "keep applications for (days)",
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text="Applications older than this are deleted for good by the nightly "
        "clean-up. 365 keeps them for a year.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "delivery and retention of applications"
        verbose_name_plural = "delivery and retention of applications"

    def __str__(self):
        return f"Delivery and retention for {self.page.title}"

    @property
    def recipients(self):
        return [part.strip() for part in self.to_address.split(",") if part.strip()]
