"""
Applications over the API: ``POST /api/v2/forms/<page id>/submissions/``.

The JSON answers are turned into the form data the HTML form would send and go
through the same pipeline (``legal_forum.submissions``): rate limit, honeypot,
validation and length limits, storage, notification after commit. What is stored
is an ordinary submission, listed and exported like any other.

A post to a form is counted towards the rate limit before its body is read, so
that bodies of the wrong type or size, JSON that is not JSON and answers of the
wrong types all use up the limit; only answers a person must correct are given
back (see ``legal_forum.ratelimit``).

An optional Idempotency-Key header makes a resent request safe: the pipeline
stores an application once per key and form. Sent again with the same answers,
the key gets the first answer again (201) and nothing new is stored or emailed;
with other answers, a 422 asking for a new key.

How a form page describes its questions in the read API: ``legal_forum.api_fields``.
"""

import json
import math
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, JsonResponse, QueryDict
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt

from legal_forum.api_fields import describe_questions
from legal_forum.form_builder import HONEYPOT_FIELD
from legal_forum.models import ApplicationFormPage
from legal_forum.ratelimit import admit
from legal_forum.submissions import Outcome, process_application
from site_core.api.errors import MAX_ID
from site_core.client import client_address
from site_core.models import SiteSettings
from site_core.text import text_problem

MIN_BODY_BYTES = 64 * 1024
# An Idempotency-Key: 1 to 255 printable ASCII characters (a UUID is typical).
IDEMPOTENCY_KEY = re.compile(r"[ -~]{1,255}")
BAD_KEY = (
    "The Idempotency-Key header must be 1 to 255 printable ASCII characters "
    "(letters, digits, punctuation, spaces), e.g. a UUID. Send a key like that, "
    "or leave the header out."
)
KEY_REUSED = (
    "This Idempotency-Key was already used for a different application; send a new key."
)

# The most bytes JSON can spend on one character: an escaped surrogate pair,
# such as \ud83d\ude00 for one emoji.
BYTES_PER_CHARACTER = 12

# What each question type takes in JSON; every other type takes a string.
LIST_TYPES = {"checkboxes", "multiselect"}
BOOLEAN_TYPES = {"checkbox"}
NUMBER_TYPES = {"number"}

# Answers are an object of strings, numbers, true/false and lists of strings: any
# deeper and the body is refused whole. Deep JSON would also overflow the stack
# of the code that reads or writes it.
MAX_NESTING = 3
TOO_DEEP = (
    "The answers are nested too deeply: send each answer as a string, a number, "
    "true or false, or a list of strings."
)
# The longest number worth reading: number questions take at most 15 digits.
MAX_NUMBER_LENGTH = 40


# The size of a body worth reading --------------------------------------------


def body_limit(questions):
    """
    The largest body worth reading for a form with these (described) questions:
    room for every answer at its longest, written in the most long-winded JSON, and
    never less than 64 KB. The form's own limits then apply, as in the HTML form,
    so a long answer in any script is judged by them and not refused unread.
    """
    characters = 0
    for question in questions:
        answer = question["max_length"] or sum(map(len, question["choices"])) or 40
        characters += len(question["name"]) + answer + 8 * len(question["choices"])
    return max(MIN_BODY_BYTES, characters * BYTES_PER_CHARACTER)


# From JSON to form data -----------------------------------------------------------


def answers_to_form_data(questions, answers):
    """
    Turn a JSON object of answers into the form data the HTML form would post,
    plus errors for values of the wrong JSON type.

    ``questions`` maps each question's name to its field type. Lists of strings
    answer checkboxes and multi-selects, true/false a single checkbox, a number or
    a string a number question, and a string anything else. null counts as no
    answer. Names the form does not have are errors too, so that no answer is
    silently lost. So is any string, anywhere in an answer, that is not text
    every database and export can hold (``site_core.text.text_problem``): the
    answer is then left out. Returns ``(QueryDict, {name: [message]})``.
    """
    data = QueryDict(mutable=True)
    errors = {}
    for name, value in answers.items():
        if name not in questions and name != HONEYPOT_FIELD:
            errors[name] = ["This form has no question with this name."]
            continue
        problem = text_problem_within(value)
        if problem:
            errors[name] = [problem]
            continue
        if name == HONEYPOT_FIELD:
            # Anything at all in the trap counts as filled, as in the HTML form.
            if value not in (None, "", False):
                data[name] = value if isinstance(value, str) else json.dumps(value)
            continue
        if value is None:
            continue
        field_type = questions[name]
        if field_type in LIST_TYPES:
            if not isinstance(value, list) or not all(
                isinstance(item, str) for item in value
            ):
                errors[name] = ['Send a list of the chosen options, e.g. ["Other"].']
            else:
                data.setlist(name, value)
        elif field_type in BOOLEAN_TYPES:
            if not isinstance(value, bool):
                errors[name] = ["Send true or false."]
            elif value:
                data[name] = "on"
        elif field_type in NUMBER_TYPES:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                errors[name] = ["Send a number, e.g. 12 or 3.5."]
            else:
                data[name] = str(value)
        elif not isinstance(value, str):
            errors[name] = ["Send this answer as text (a JSON string)."]
        else:
            data[name] = value
    return data, errors


def text_problem_within(value):
    """Why some string in a JSON value, keys included, cannot be stored, or None."""
    pending = [value]
    while pending:  # a loop rather than recursion: the depth is the sender's choice
        item = pending.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem:
                return problem
        elif isinstance(item, dict):
            pending += [*item.keys(), *item.values()]
        elif isinstance(item, list):
            pending += item
    return None


def nesting(value):
    """How deeply lists and objects nest in a JSON value (0 for a plain value)."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, depth)
            pending += [(child, depth + 1) for child in item]
    return deepest


def submit_json(page, answers, *, client, idempotency_key=None):
    """
    Run JSON answers, already counted by ``admit``, through the pipeline; returns
    (result, errors).

    Wrong JSON types, unknown names and strings that are not text are errors the
    pipeline reports with the form's own, so a client learns of every problem at
    once; a filled honeypot is still dropped unseen.
    """
    questions = {field.clean_name: field.field_type for field in page.get_form_fields()}
    data, refused = answers_to_form_data(questions, answers)
    result = process_application(
        page,
        data,
        client=client,
        malformed=refused,
        idempotency_key=idempotency_key,
    )
    if result.outcome is not Outcome.INVALID:
        return result, {}
    return result, {**error_lists(result.form.errors), **refused}


def error_lists(form_errors):
    return {
        name: [str(message) for message in messages]
        for name, messages in form_errors.items()
    }


# The endpoint -----------------------------------------------------------------------


def message(text, status):
    return JsonResponse({"message": text}, status=status)


# CSRF protection guards against other sites posting with a visitor's cookies.
# This view uses no cookies or session at all, and accepts only application/json,
# which a browser sends cross-site only after a CORS preflight that just the
# origins in API_ALLOWED_ORIGINS pass; so there is nothing for CSRF to protect.
@csrf_exempt
def form_submissions(request, page_id):
    """Receive one application to a live, public form as JSON."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = "POST, OPTIONS"
    elif request.method != "POST":
        response = message("Send applications with POST.", 405)
        response["Allow"] = "POST, OPTIONS"
    else:
        response = receive(request, page_id)
    # Answers and errors about them are nobody else's: keep no copy anywhere.
    add_never_cache_headers(response)
    return response


def receive(request, page_id):
    if not 0 < page_id <= MAX_ID:  # no database holds such an id; do not ask one
        return message("No form takes applications at this address.", 404)
    page = ApplicationFormPage.objects.live().public().filter(pk=page_id).first()
    if page is None:
        return message("No form takes applications at this address.", 404)
    client = client_address(request)
    # Counted before anything else is done: whatever follows, the post used a
    # turn, of the form's in whichever language it is sent.
    if not admit(page.filing_form, client):
        return rate_limited(request)
    key = request.headers.get("Idempotency-Key")
    if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):
        return message(BAD_KEY, 400)
    if request.content_type != "application/json":
        return message(
            "Send the answers as JSON, with the header Content-Type: application/json.",
            415,
        )
    limit = body_limit(describe_questions(page))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = limit + 1
    too_large = f"The body is too large: send at most {limit // 1024} KB."
    if length > limit:
        return message(too_large, 413)
    try:
        body = request.body  # never more than CONTENT_LENGTH bytes
    except RequestDataTooBig:  # over Django's own ceiling for bodies
        return message(too_large, 413)
    try:
        answers = json.loads(
            body.decode("utf-8"),
            parse_constant=_reject,
            parse_float=_float,
            parse_int=_int,
        )
    except UnusableNumber:
        return message(
            "A number in the body is too long or too large: send numbers of at most "
            "15 digits.",
            400,
        )
    except RecursionError:
        return message(TOO_DEEP, 400)
    except (UnicodeDecodeError, ValueError):
        return message("The body is not valid JSON (UTF-8).", 400)
    if not isinstance(answers, dict):
        return message(
            'The body must be a JSON object of answers, e.g. {"full_name": "Ada"}.',
            400,
        )
    if nesting(answers) > MAX_NESTING:
        return message(TOO_DEEP, 400)

    result, errors = submit_json(page, answers, client=client, idempotency_key=key)
    if result.outcome is Outcome.INVALID:
        return JsonResponse({"errors": errors}, status=400)
    if result.outcome is Outcome.KEY_REUSED:
        return message(KEY_REUSED, 422)
    # Accepted and dropped (honeypot) look the same, and hold nothing personal; a
    # duplicate gets the receipt its first request got.
    received = result.submission.submit_time if result.submission else timezone.now()
    receipt = {
        "status": "received",
        "form": page.pk,
        "received_at": timezone.localtime(received).isoformat(timespec="seconds"),
    }
    return JsonResponse(receipt, status=201)


class UnusableNumber(ValueError):
    """A number in a JSON body that is too long, or too large for a float."""


def _reject(constant):
    raise ValueError(f"{constant} is not a number JSON allows")


def _float(text):
    number = float(text)
    if len(text) > MAX_NUMBER_LENGTH or not math.isfinite(number):
        raise UnusableNumber(text[:MAX_NUMBER_LENGTH])
    return number


def _int(text):
    if len(text) > MAX_NUMBER_LENGTH:
        raise UnusableNumber(text[:MAX_NUMBER_LENGTH])
    return int(text)


def rate_limited(request):
    _limit, window = settings.APPLICATION_RATE_LIMIT
    number = SiteSettings.for_request(request).hotline_number
    text = (
        "Too many applications have come from your connection in a short time. "
        f"Please try again later. If you need help now, call {number}."
    )
    # In the body as well as the header: a browser on another origin may only
    # read the headers the site chooses to expose, and Retry-After is not one.
    response = JsonResponse({"message": text, "retry_after": window}, status=429)
    response["Retry-After"] = str(window)
    return response
