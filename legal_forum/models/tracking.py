"""
What coordinators record about applications: a status from a list they keep, who
is handling each one, their dated notes, and when each of them last looked at a
form's applications (for the dashboard's "new since you last looked").

Who changed a status or an assignee, and when, is in Wagtail's log beside the rest
of the audit trail (``legal_forum.audit``); the application's page shows it.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

# The statuses a new site starts with, in their order (migration 0004 makes them).
STARTER_STATUSES = [
    ("New", "Arrived; nobody has contacted the applicant yet."),
    ("Contacted", "Someone has called or written to the applicant."),
    ("Accepted", "The application was accepted."),
    ("Declined", "The application was declined."),
    ("Withdrawn", "The applicant withdrew the application."),
]


class ApplicationStatus(models.Model):
    """One step an application can be at. The first in the list is given to new ones."""

    name = models.CharField(
        max_length=40,
        unique=True,
        help_text="A word or two coordinators see in the list, such as 'Contacted'.",
    )
    description = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: when to use this status, for colleagues who are new.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0,
        help_text="Statuses are listed from the lowest number to the highest. The "
        "first one is given to every new application.",
    )

    class Meta:
        ordering = ["sort_order", "pk"]
        verbose_name = "application status"
        verbose_name_plural = "application statuses"

    def __str__(self):
        return self.name

    @classmethod
    def initial(cls):
        """The status new applications get: the first in the list (None if none)."""
        return cls.objects.order_by("sort_order", "pk").first()


class ApplicationNote(models.Model):
    """A coordinator's dated note on one application; never shown to applicants."""

    application = models.ForeignKey(
        "legal_forum.ApplicationSubmission",
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note {self.pk} on application {self.application_id}"


class ApplicationsSeen(models.Model):
    """When a coordinator last opened a form's list of applications."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE)
    seen_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="one_seen_record")
        ]

    def __str__(self):
        return f"{self.user} saw {self.page_id} at {self.seen_at}"
