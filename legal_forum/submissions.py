"""
The one path every application takes, from the HTML form (``legal_forum.serve``)
or the API (``legal_forum.api``):

attempt counted (``legal_forum.ratelimit``) -> honeypot -> validation -> stored in
a transaction -> emails after commit (``legal_forum.outbox``). A failed email never
loses the application and never shows the applicant an error: it stays queued for
``send_pending_notifications``.
"""

import enum
import logging
from dataclasses import dataclass

from django.db import transaction

from legal_forum.form_builder import HONEYPOT_FIELD, NOT_TEXT
from legal_forum.outbox import queue_submission_emails
from legal_forum.ratelimit import admit, give_back

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
            give_back(page, client)  # a person's mistakes: see legal_forum.ratelimit
        return SubmissionResult(Outcome.INVALID, form)
    with transaction.atomic():
        submission = page.process_form_submission(form)
        queue_submission_emails(page, submission)
    return SubmissionResult(Outcome.ACCEPTED, form, submission)
