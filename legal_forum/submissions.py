"""
The one path every application takes, from the HTML form (``legal_forum.serve``)
or the API (``legal_forum.api``):

attempt counted (``legal_forum.ratelimit``) -> honeypot -> validation -> stored in
a transaction -> emails after commit (``legal_forum.outbox``). A failed email never
loses the application and never shows the applicant an error: it stays queued for
``send_pending_notifications``.

An application is stored once: the HTML form carries a one-time token
(``legal_forum.form_builder.TokenField``) and an API client may send an
Idempotency-Key. A digest of it is stored with the application, and a second POST
that carries it again stores nothing and sends nothing; it is answered as the
first was (``Outcome.DUPLICATE``), or, when its answers differ from the stored
ones, told the key was already used (``Outcome.KEY_REUSED``).
"""

import enum
import hashlib
import json
import logging
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from legal_forum.form_builder import HONEYPOT_FIELD, NOT_TEXT
from legal_forum.models import ApplicationSubmission
from legal_forum.outbox import queue_submission_emails
from legal_forum.ratelimit import admit, give_back

logger = logging.getLogger(__name__)


class Outcome(enum.Enum):
    ACCEPTED = "accepted"  # stored
    DROPPED = "dropped"  # honeypot filled: looks accepted, stored nowhere
    INVALID = "invalid"  # errors to show on the form
    RATE_LIMITED = "rate_limited"
    DUPLICATE = "duplicate"  # sent before with the same answers: stored once
    KEY_REUSED = "key_reused"  # the token or key came with other answers before


@dataclass
class SubmissionResult:
    outcome: Outcome
    form: object
    submission: object = None


def submit_application(page, data, files=None, *, client, user=None):
    """Count one attempt, run it through the pipeline and say what became of it."""
    # Attempts count against the form, whichever language it is sent in.
    if not admit(page.filing_form, client):
        return SubmissionResult(Outcome.RATE_LIMITED, None)
    return process_application(page, data, files, client=client, user=user)


def token_digest(kind, page, token):
    """
    What is stored of a one-time token or key: a hex SHA-256 (64 characters, the
    column's size) of it, its kind ("form" or "api") and the form, so that the
    same key sent to two forms, or by the form and the API, are separate.
    """
    return hashlib.sha256(f"{kind}:{page.pk}:{token}".encode()).hexdigest()


def same_answers(form, submission):
    """True when the valid form's answers are the ones ``submission`` stored."""
    answers = json.loads(json.dumps(form.answers(), cls=DjangoJSONEncoder))
    return answers == submission.form_data


def process_application(
    page,
    data,
    files=None,
    *,
    client,
    user=None,
    malformed=None,
    idempotency_key=None,
):
    """
    The pipeline after ``admit`` has counted the attempt.

    ``malformed`` is what the caller already refused while reading the request
    ({name: [message]}, such as the API's wrong JSON types): the application is
    then invalid, and the attempt stays counted, whatever else is wrong with it.

    ``idempotency_key`` is the API's (already checked) Idempotency-Key; without
    one, the form's own one-time token, if it was sent, is used.
    """
    form = page.get_form(data, files, page=page, user=user)
    valid = form.is_valid()
    filed_under = page.filing_form  # the same form in any language
    trap_unreadable = HONEYPOT_FIELD in (malformed or {}) or form.has_error(
        HONEYPOT_FIELD, NOT_TEXT
    )
    if form.honeypot_filled and not trap_unreadable:
        # Robots see the usual thank-you page, so they learn nothing to adapt to.
        logger.info("Application to page %s dropped: honeypot filled", page.pk)
        return SubmissionResult(Outcome.DROPPED, form)
    if not valid or malformed:
        if not malformed and not form.has_text_errors():
            give_back(filed_under, client)  # a person's mistakes: see ratelimit
        return SubmissionResult(Outcome.INVALID, form)
    if idempotency_key is not None:
        token = token_digest("api", filed_under, idempotency_key)
    elif form.token:
        token = token_digest("form", filed_under, form.token)
    else:
        token = None  # a page shown before tokens, or a client without one
    with transaction.atomic():
        earlier = stored_with(token)
        if earlier is None:
            try:
                # A savepoint: when a POST with the same token is stored at the
                # same moment, the unique token refuses this one, and the
                # transaction goes on to treat it as the duplicate it is.
                with transaction.atomic():
                    submission = page.process_form_submission(form, token=token)
            except IntegrityError:
                earlier = stored_with(token)
                if earlier is None:
                    raise  # not the token: a real failure
            else:
                queue_submission_emails(page, submission)
                return SubmissionResult(Outcome.ACCEPTED, form, submission)
    if not same_answers(form, earlier):
        # Other answers under a used token: not a resend of the stored application.
        # Nothing is stored; the attempt stays counted, like other input the
        # form never asked for (the form is shown again with a fresh token; the
        # API asks for a new key).
        logger.info("Application to page %s refused: token used before", page.pk)
        return SubmissionResult(Outcome.KEY_REUSED, form, earlier)
    # Stored once already: this attempt stored nothing, so it uses no turn.
    logger.info("Application to page %s was a duplicate: not stored", page.pk)
    give_back(filed_under, client)
    return SubmissionResult(Outcome.DUPLICATE, form, earlier)


def stored_with(token):
    """The application stored with this token digest, if any."""
    if token is None:
        return None
    return ApplicationSubmission.objects.filter(token=token).first()
