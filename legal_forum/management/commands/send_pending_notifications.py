"""Retry the emails that applications are still owed."""

from django.core.management.base import BaseCommand, CommandError

from legal_forum.models import SubmissionEmail
from legal_forum.outbox import send_email


class Command(BaseCommand):
    help = (
        "Send every notification or confirmation email that could not be sent when "
        "its application arrived (for example, because the mail server was down). "
        "Safe to run from cron as often as you like: each email is sent once."
    )

    def handle(self, *args, **options):
        pending = list(
            SubmissionEmail.objects.filter(sent_at__isnull=True)
            .order_by("created_at")
            .values_list("pk", flat=True)
        )
        if not pending:
            self.stdout.write("No emails are waiting to be sent.")
            return
        sent = sum(1 for email_id in pending if send_email(email_id))
        failed = SubmissionEmail.objects.filter(
            pk__in=pending, sent_at__isnull=True
        ).count()
        self.stdout.write(f"Sent {sent} of {len(pending)} waiting emails.")
        if failed:
            raise CommandError(
                f"{failed} could not be sent and stay queued for the next run; the "
                "log says why."
            )
