"""
The emails an application owes: a notification to coordinators, and perhaps a
confirmation to the applicant.

They are recorded as ``SubmissionEmail`` rows in the application's own
transaction and sent once it commits. A failed email never loses the application
and never shows the applicant an error: it stays queued, and
``manage.py send_pending_notifications`` retries it.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from legal_forum.models import SubmissionEmail
from site_core.client import keyed_digest
from site_core.languages import language_name

# The pipeline's logger, as before these modules were split: log filters still match.
logger = logging.getLogger("legal_forum.submissions")

CONFIRMATION_GAP = 24 * 60 * 60  # seconds between confirmations to one address


def queue_submission_emails(page, submission):
    """
    Record the emails a new application owes, inside the transaction that stores
    it, and send them once that transaction commits.
    """
    routing = page.get_routing()
    emails = []
    if routing.recipients:
        emails.append(SubmissionEmail(submission=submission, kind="notification"))
    applicant = page.applicant_email(submission.form_data)
    if routing.send_confirmation and applicant and confirmation_allowed(applicant):
        emails.append(SubmissionEmail(submission=submission, kind="confirmation"))
    SubmissionEmail.objects.bulk_create(emails)
    transaction.on_commit(lambda: send_submission_emails(submission.pk))


def confirmation_allowed(address):
    """
    True at most once a day per applicant address, whichever connection the
    applications come from: confirmations cannot be used to flood an inbox, or to
    keep mailing someone whose abuser reads their email.
    """
    digest = keyed_digest(address.strip().lower())
    return cache.add(f"applications:confirmed:{digest}", 1, timeout=CONFIRMATION_GAP)


def submission_admin_url(submission):
    path = reverse(
        "legal_forum_admin:submission", args=[submission.page_id, submission.pk]
    )
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def _local(moment):
    moment = timezone.localtime(moment)
    return f"{moment:%B} {moment.day}, {moment.year} at {moment:%I:%M %p %Z}"


def _answer_lines(page, submission):
    answers = submission.form_data
    lines = []
    for field in page.get_form_fields():
        value = answers.get(field.clean_name, "")
        if isinstance(value, list):
            value = "; ".join(value)
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        lines.append(f"{field.label}: {value}")
    return lines


def build_email(email):
    """The message an outstanding SubmissionEmail stands for, built when sent."""
    submission = email.submission
    page = submission.page.specific
    routing = page.get_routing()
    sender = routing.from_address or settings.DEFAULT_FROM_EMAIL
    if email.kind == "notification":
        lines = [
            f'A new application arrived through "{page.title}" on '
            f"{_local(submission.submit_time)}.",
            f"It was written in {language_name(submission.language)}.",
            "",
            "Read it in the admin (you will be asked to sign in):",
            submission_admin_url(submission),
        ]
        if routing.include_answers:
            lines += ["", *_answer_lines(page, submission)]
        else:
            lines += [
                "",
                "The answers are not in this email, to keep the applicant's personal "
                "details out of mailboxes.",
            ]
        return EmailMessage(
            subject=routing.subject or f"New application: {page.title}",
            body="\n".join(lines),
            from_email=sender,
            to=routing.recipients,
        )
    return EmailMessage(
        subject=routing.confirmation_subject,
        body=routing.confirmation_text,
        from_email=sender,
        to=[page.applicant_email(submission.form_data)],
    )


def send_email(email_id):
    """
    Send one queued email and record the outcome; True when it went. The row is
    locked while sending, so a retry run and a web request never both send it.
    """
    with transaction.atomic():
        email = (
            SubmissionEmail.objects.select_for_update(skip_locked=True)
            .select_related("submission__page")
            .filter(pk=email_id, sent_at__isnull=True)
            .first()
        )
        if email is None:  # already sent, or being sent right now
            return False
        return _send_locked(email)


def _send_locked(email):
    try:
        build_email(email).send()
    except Exception as error:  # any failure at all leaves the email queued
        email.attempts += 1
        email.last_error = f"{type(error).__name__}: {error}"[:1000]
        email.save(update_fields=["attempts", "last_error"])
        logger.error(
            "Could not send the %s for application %s (attempt %s): %s. It stays "
            "queued; `manage.py send_pending_notifications` will retry it.",
            email.kind,
            email.submission_id,
            email.attempts,
            email.last_error,
        )
        return False
    email.attempts += 1
    email.sent_at = timezone.now()
    email.last_error = ""
    email.save(update_fields=["attempts", "sent_at", "last_error"])
    return True


def send_submission_emails(submission_id):
    """Send whatever one application still owes (called once it has committed)."""
    pending = SubmissionEmail.objects.filter(
        submission_id=submission_id, sent_at__isnull=True
    ).values_list("pk", flat=True)
    for email_id in list(pending):
        send_email(email_id)
