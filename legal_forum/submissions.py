"""
The one path every application takes, from the HTML form or the API:

attempt counted (rate limit) -> honeypot -> validation -> stored in a transaction
-> emails after commit. A failed email never loses the application and never
shows the applicant an error: it stays queued for ``send_pending_notifications``.

The rate limit: each client address may make APPLICATION_RATE_LIMIT attempts to
apply to a form in a window of time that starts at its first attempt. Only a keyed
hash of the address is kept, never the address.

Every attempt is counted before any work is done on it, with one atomic increment
in the shared cache, and an attempt that takes the count over the limit is refused
(429). Checking first and counting after the work let parallel posts all pass the
check before any of them was counted; this way each post has its own number.

What counts:

- Applications stored, and applications dropped because the honeypot was filled.
- Input that no person using the form could produce: text that is not valid
  Unicode or holds a null character, a body that is not JSON, JSON of the wrong
  types, names the form does not have, bodies too large (413) or not JSON (415)
  for a form that exists. Programs send these, so they use up the limit and it is
  never given back.
- Posts refused by the limit. The window still ends when it would have.

What is given back: when the only errors are ones a person makes while filling in
the form (a required answer missing, an answer too long, an email address that is
not one, a character that could not be read), the count goes back down as the
form returns to them, so someone correcting typos is never locked out.
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

from legal_forum.form_builder import HONEYPOT_FIELD, NOT_TEXT

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
    """Count one attempt, run it through the pipeline and say what became of it."""
    if not admit(page, client):
        return SubmissionResult(Outcome.RATE_LIMITED, None)
    return process_application(page, data, files, client=client, user=user)


def process_application(page, data, files=None, *, client, user=None, malformed=None):
    """
    The pipeline after ``admit`` has counted the attempt.

    ``malformed`` is what the caller already refused while reading the request
    ({name: [message]}, such as the API's wrong JSON types): the application is
    then invalid, and the attempt stays counted, whatever else is wrong with it.
    """
    form = page.get_form(data, files, page=page, user=user)
    valid = form.is_valid()
    trap_unreadable = HONEYPOT_FIELD in (malformed or {}) or form.has_error(
        HONEYPOT_FIELD, NOT_TEXT
    )
    if form.honeypot_filled and not trap_unreadable:
        # Robots see the usual thank-you page, so they learn nothing to adapt to.
        logger.info("Application to page %s dropped: honeypot filled", page.pk)
        return SubmissionResult(Outcome.DROPPED, form)
    if not valid or malformed:
        if not malformed and not form.has_text_errors():
            give_back(page, client)  # a person's mistakes: see the module docstring
        return SubmissionResult(Outcome.INVALID, form)
    with transaction.atomic():
        submission = page.process_form_submission(form)
        transaction.on_commit(lambda: send_submission_emails(submission.pk))
    return SubmissionResult(Outcome.ACCEPTED, form, submission)


# Rate limiting ----------------------------------------------------------------


def _rate_key(page, client):
    # Only a keyed hash of the address is kept in the cache, never the address.
    digest = hmac.new(
        settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256
    ).hexdigest()[:32]
    return f"applications:rate:{page.pk}:{digest}"


def admit(page, client):
    """Count one attempt to apply; False when it is over the limit (answer 429)."""
    limit, _window = settings.APPLICATION_RATE_LIMIT
    if count_submission(page, client) <= limit:
        return True
    logger.info("Application to page %s refused: rate limit reached", page.pk)
    return False


def count_submission(page, client):
    """
    Count one attempt to apply to ``page`` from ``client`` and return the count in
    this window, this attempt included. add() starts a window only if none is
    running; incr() is atomic in Redis, so parallel attempts get distinct numbers.
    """
    _limit, window = settings.APPLICATION_RATE_LIMIT
    key = _rate_key(page, client)
    for _attempt in range(3):
        started = cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr(): again
            continue
        if count == 1 and not started:
            # Django's Redis incr() checks that the key exists, then increments: if
            # the window ended in between, the increment made a key that never
            # expires. Give it the window it should have (harmless otherwise).
            cache.touch(key, window)
        return count
    return 1  # a cache that keeps nothing (DummyCache) limits nothing


def give_back(page, client):
    """Un-count one attempt: the form went back to a person to correct."""
    key = _rate_key(page, client)
    try:
        count = cache.decr(key)
    except ValueError:  # the window has ended: nothing left to give back
        return
    if count < 0:
        # The window ended between decr()'s check and its decrement, which left a
        # count that never expires; remove it.
        cache.delete(key)


def rate_limited_response(request, page):
    context = page.get_context(request)
    _limit, window = settings.APPLICATION_RATE_LIMIT
    response = TemplateResponse(
        request, "legal_forum/rate_limited.html", context, status=429
    )
    response["Retry-After"] = str(window)
    return response


# Emails -------------------------------------------------------------------------

CONFIRMATION_GAP = 24 * 60 * 60  # seconds between confirmations to one address


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


def confirmation_allowed(address):
    """
    True at most once a day per applicant address, whichever connection the
    applications come from: confirmations cannot be used to flood an inbox, or to
    keep mailing someone whose abuser reads their email.
    """
    digest = hmac.new(
        settings.SECRET_KEY.encode(), address.strip().lower().encode(), hashlib.sha256
    ).hexdigest()[:32]
    return cache.add(f"applications:confirmed:{digest}", 1, timeout=CONFIRMATION_GAP)


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
