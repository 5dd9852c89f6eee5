"""
The one path every application takes, from the HTML form or the API:

rate limit -> honeypot -> validation -> stored in a transaction -> emails after
commit. A failed email never loses the application and never shows the applicant
an error: it stays queued for ``send_pending_notifications``.
"""

import enum
import hashlib
import hmac
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"  # stored
    DROPPED = "dropped"  # honeypot filled: looks accepted, stored nowhere
    INVALID = "invalid"  # errors to show on the form
    RATE_LIMITED = "rate_limited"


@dataclass
class SubmissionResult:
    outcome: Outcome
    form: object
    submission: object = None


def submit_application(page, data, files=None, *, client, user=None):
    """Run one application through the pipeline and say what became of it."""
    form = page.get_form(data, files, page=page, user=user)
    if rate_limit_reached(page, client):
        logger.info("Application to page %s refused: rate limit reached", page.pk)
        return SubmissionResult(Outcome.RATE_LIMITED, form)
    if form.honeypot_filled:
        # Robots see the usual thank-you page, so they learn nothing to adapt to.
        count_submission(page, client)
        logger.info("Application to page %s dropped: honeypot filled", page.pk)
        return SubmissionResult(Outcome.DROPPED, form)
    if not form.is_valid():
        return SubmissionResult(Outcome.INVALID, form)
    with transaction.atomic():
        submission = page.process_form_submission(form)
        transaction.on_commit(lambda: send_submission_emails(submission.pk))
    count_submission(page, client)
    return SubmissionResult(Outcome.ACCEPTED, form, submission)


# Rate limiting ----------------------------------------------------------------


def client_address(request):
    """
    The applicant's IP address. Behind proxies, set TRUSTED_PROXY_COUNT to how many
    sit in front of the site, so the address they saw is used and a client cannot
    pick its own by sending an X-Forwarded-For header.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _rate_key(page, client):
    # Only a keyed hash of the address is kept in the cache, never the address.
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"applications:rate:{page.pk}:{digest}"


def rate_limit_reached(page, client):
    limit, _window = settings.APPLICATION_RATE_LIMIT
    return cache.get(_rate_key(page, client), 0) >= limit


def count_submission(page, client):
    _limit, window = settings.APPLICATION_RATE_LIMIT
    key = _rate_key(page, client)
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)


def rate_limited_response(request, page):
    context = page.get_context(request)
    _limit, window = settings.APPLICATION_RATE_LIMIT
    response = TemplateResponse(
        request, "legal_forum/rate_limited.html", context, status=429
    )
    response["Retry-After"] = str(window)
    return response


# Emails -------------------------------------------------------------------------


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
    if email.kind == "notification":
        lines = [
            f'A new application arrived through "{page.title}" on '
            f"{_local(submission.submit_time)}.",
            "",
            "Read it in the admin (you will be asked to sign in):",
            submission_admin_url(submission),
        ]
        if page.include_answers_in_notification:
            lines += ["", *_answer_lines(page, submission)]
        else:
            lines += [
                "",
                "The answers are not in this email, to keep the applicant's personal "
                "details out of mailboxes.",
            ]
        return EmailMessage(
            subject=page.subject or f"New application: {page.title}",
            body="\n".join(lines),
            from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
            to=[address.strip() for address in page.to_address.split(",")],
        )
    return EmailMessage(
        subject=page.confirmation_subject,
        body=page.confirmation_text,
        from_email=page.from_address or settings.DEFAULT_FROM_EMAIL,
        to=[page.applicant_email(submission.form_data)],
    )


def send_email(email_id):
    """
    Send one queued email and record the outcome; True when it went. The row is
    locked while sending, so a retry run and a web request never both send it.
    """
    from legal_forum.models import SubmissionEmail

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
    from legal_forum.models import SubmissionEmail

    pending = SubmissionEmail.objects.filter(
        submission_id=submission_id, sent_at__isnull=True
    ).values_list("pk", flat=True)
    for email_id in list(pending):
        send_email(email_id)
