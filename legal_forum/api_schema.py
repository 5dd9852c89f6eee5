"""
The Legal Forum in the API's OpenAPI document (see ``site_core.api.schema``): its
page types, and the submission endpoint of ``legal_forum.api``.
"""

from legal_forum.form_builder import HONEYPOT_FIELD
from site_core.api.schema import (
    BOOLEAN,
    DATE_TIME,
    HTML,
    INTEGER,
    JSON,
    STRING,
    TEXT_OR_EMPTY,
    URL,
    ApiSchemaPart,
    array,
    closed,
    nullable,
    ref,
    response,
)

FORM_QUESTION = closed(
    {
        "name": {"type": "string", "description": "The key to answer it with."},
        "label": STRING,
        "type": {
            "enum": [
                "singleline",
                "multiline",
                "email",
                "number",
                "url",
                "phone",
                "checkbox",
                "checkboxes",
                "dropdown",
                "multiselect",
                "radio",
                "date",
                "datetime",
                "hidden",
            ],
            "description": "checkboxes and multiselect take a list of choices; "
            "checkbox takes true or false; number a number; every other type a "
            "string (date as 2026-05-31, datetime as 2026-05-31T14:30).",
        },
        "required": BOOLEAN,
        "help_text": TEXT_OR_EMPTY,
        "choices": {
            **array(STRING),
            "description": "Empty unless the answer is chosen from a list.",
        },
        "max_length": nullable({"type": "integer", "description": "In characters."}),
    }
)

SUBMISSION_SCHEMAS = {
    "SubmissionAnswers": {
        "type": "object",
        "description": "One key per question (its name in form_fields). Leave out, "
        f"or send null for, questions not answered. Send the key {HONEYPOT_FIELD!r} "
        "never, or empty: it is a trap for robots.",
        "additionalProperties": {
            "type": ["string", "number", "boolean", "array", "null"],
            "items": STRING,
        },
    },
    "SubmissionReceipt": closed(
        {
            "status": {"const": "received"},
            "form": {"type": "integer", "description": "The form page's id."},
            "received_at": DATE_TIME,
        },
        "Holds nothing personal: no answers and no submission id.",
    ),
    "RateLimited": closed(
        {
            "message": STRING,
            "retry_after": {
                "type": "integer",
                "description": "Seconds to wait; the same as the Retry-After header.",
            },
        }
    ),
    "SubmissionErrors": closed(
        {
            "errors": {
                "type": "object",
                "description": "Messages for a person, per question name "
                "(__all__ for the form as a whole).",
                "additionalProperties": array(STRING),
            }
        }
    ),
}


def submission_path():
    """``POST /api/v2/forms/<page id>/submissions/`` (legal_forum.api)."""
    page_id = {
        "name": "page_id",
        "in": "path",
        "required": True,
        "schema": INTEGER,
        "description": "The id of a live application form page.",
    }
    no_store = {"Cache-Control": {"schema": STRING, "description": "Always no-store."}}
    idempotency_key = {
        "name": "Idempotency-Key",
        "in": "header",
        "required": False,
        "schema": {"type": "string", "pattern": "^[ -~]{1,255}$"},
        "description": "Optional: 1 to 255 printable ASCII characters, e.g. a new "
        "UUID for each application. Send the same key when you resend an "
        "application (after a timeout, say): it is stored once, and the resent "
        "request gets the first answer (201) again. A key sent with different "
        "answers gets a 422. Keys are separate per form.",
    }
    return {
        "parameters": [page_id],
        "post": {
            "operationId": "submitApplication",
            "summary": "Send an application",
            "description": "Runs the answers through the same checks as the form "
            "on the site and stores them for the coordinators. Send JSON only, "
            "with no cookies or credentials; browsers may call it from the origins "
            "the site allows (API_ALLOWED_ORIGINS).",
            "parameters": [idempotency_key],
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": ref("SubmissionAnswers")}},
            },
            "responses": {
                "201": response(
                    "Received; or received before with this Idempotency-Key and "
                    "the same answers (then nothing new is stored, and the receipt "
                    "is the first one's).",
                    ref("SubmissionReceipt"),
                    no_store,
                ),
                "400": response(
                    "Answers to correct (errors), or a body that is not a JSON "
                    "object or an Idempotency-Key that is not 1 to 255 printable "
                    "ASCII characters (message).",
                    {"oneOf": [ref("SubmissionErrors"), ref("Message")]},
                    no_store,
                ),
                "404": response("No live, public form has this id.", ref("Message")),
                "405": response("Only POST (and OPTIONS) are allowed.", ref("Message")),
                "413": response(
                    "The body is larger than any application to this form could "
                    "be (at least 64 KB).",
                    ref("Message"),
                ),
                "415": response("The body is not application/json.", ref("Message")),
                "422": response(
                    "This Idempotency-Key was already used for an application "
                    "with different answers: send a new key. Nothing was stored.",
                    ref("Message"),
                    no_store,
                ),
                "429": response(
                    "Too many applications from this address; try later. The "
                    "message gives the hotline number.",
                    ref("RateLimited"),
                    {"Retry-After": {"schema": INTEGER, "description": "Seconds."}},
                ),
            },
        },
        "options": {
            "summary": "CORS preflight",
            "responses": {
                "204": response("Allowed methods in the Allow header."),
                "404": response(
                    "No form can be at this address (the id is not a number).",
                    ref("Message"),
                ),
            },
        },
    }


API_SCHEMA = ApiSchemaPart(
    page_types={
        "legal_forum.LegalForumPage": {
            "body": ref("Body"),
            "membership_information": HTML,
            "meeting_category": nullable(ref("EventCategory")),
            "next_meeting": nullable(ref("EventSummary")),
            "next_meetings": {
                **array(ref("Meeting")),
                "description": "The next three meetings of the meeting category's "
                "events, one-off or repeating, soonest first; cancelled ones "
                "included and marked.",
            },
            "legal_forum_application": nullable(ref("PageLink")),
            "pro_bono_application": nullable(ref("PageLink")),
        },
        "legal_forum.ApplicationFormPage": {
            "introduction": HTML,
            "thank_you_text": HTML,
            "form_fields": array(ref("FormQuestion")),
            "submission_url": {
                **URL,
                "description": "Where to POST answers: see submitApplication.",
            },
        },
    },
    schemas={"FormQuestion": FORM_QUESTION, **SUBMISSION_SCHEMAS},
    paths={"/api/v2/forms/{page_id}/submissions/": submission_path()},
)
