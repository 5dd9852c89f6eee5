"""Delete applications older than each form's retention period."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from legal_forum import audit
from legal_forum.models import filing_forms

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Delete, for good, each form's applications that are older than the form's "
        "'Keep applications for (days)' setting (which only coordinators can "
        "change). Run it daily from cron; each deletion is recorded in the site "
        "history. With --dry-run, only report what would be deleted."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be deleted, and delete nothing.",
        )

    def handle(self, *args, dry_run, **options):
        now = timezone.now()
        total = 0
        for page in filing_forms().select_related("routing").order_by("path"):
            days = page.get_routing().retention_days
            cutoff = now - datetime.timedelta(days=days)
            expired = page.get_submissions().filter(submit_time__lt=cutoff)
            count = expired.count() if dry_run else self.delete(expired)
            if count and not dry_run:
                audit.form_event(page, audit.PURGED, rows=count, retention_days=days)
            total += count
            verb = "would be deleted" if dry_run else "deleted"
            self.stdout.write(f"{page.title}: {count} older than {days} days {verb}")
        summary = "would be deleted" if dry_run else "deleted"
        self.stdout.write(f"{total} applications {summary} in all.")

    def delete(self, expired):
        deleted = 0
        while ids := list(expired.values_list("pk", flat=True)[:BATCH]):
            with transaction.atomic():
                deleted += (
                    expired.model.objects.filter(pk__in=ids)
                    .delete()[1]
                    .get(expired.model._meta.label, 0)
                )
        return deleted
