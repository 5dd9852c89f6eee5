"""
Events in the API's OpenAPI document (see ``site_core.api.schema``): the event
page types, the shapes other apps refer to, and the filters of ``events.api``.
"""

from site_core.api.schema import (
    BOOLEAN,
    DATE_TIME,
    HTML,
    PAGE_LINK,
    STRING,
    TEXT_OR_EMPTY,
    ApiSchemaPart,
    array,
    closed,
    nullable,
    query,
    ref,
)

STATUS = {
    "enum": ["scheduled", "postponed", "cancelled", "moved_online"],
    "description": "Cancelled and postponed events stay listed, marked so; "
    "moved_online means it now happens online only.",
}
STATUS_NOTE = {
    "type": "string",
    "description": "A short note on the status, e.g. 'New date to follow'; empty "
    "when not given.",
}
REPEAT_DESCRIPTION = {
    "type": "string",
    "description": "How the event repeats, in words, e.g. 'Every second Tuesday "
    "of the month, 6 pm to 7:30 pm'; empty if it does not repeat.",
}
OCCURRENCE = {
    "starts_at": DATE_TIME,
    "ends_at": DATE_TIME,
    "cancelled": {
        "type": "boolean",
        "description": "True if this meeting will not happen: its date is "
        "cancelled, or the whole event is.",
    },
    "note": {
        "type": "string",
        "description": "Why it is cancelled, if staff said; else empty.",
    },
}

API_SCHEMA = ApiSchemaPart(
    page_types={
        "events.EventIndexPage": {"introduction": HTML},
        "events.EventPage": {
            "summary": STRING,
            "category": nullable(ref("EventCategory")),
            "image": {
                **nullable(ref("RenditionImage")),
                "description": "Null when there is none or it is private.",
            },
            "status": STATUS,
            "status_note": STATUS_NOTE,
            "starts_at": {
                **DATE_TIME,
                "description": "ISO 8601 in Sacramento time, with the UTC offset. "
                "For a repeating event: its first meeting (see next_occurrences).",
            },
            "ends_at": DATE_TIME,
            "is_all_day": {
                "type": "boolean",
                "description": "All-day events run from midnight to midnight, "
                "Sacramento time.",
            },
            "repeat": {
                "enum": [
                    "none",
                    "weekly",
                    "monthly_weekday",
                    "monthly_last_weekday",
                    "monthly_date",
                ],
                "description": "On the weekday or date of starts_at: every week; "
                "each month on the same weekday (e.g. the second Tuesday), on the "
                "last of that weekday, or on the same date.",
            },
            "repeat_until": nullable(
                {
                    "type": "string",
                    "format": "date",
                    "description": "The last date it may repeat on; null if it "
                    "repeats with no end, or does not repeat.",
                }
            ),
            "repeat_description": REPEAT_DESCRIPTION,
            "next_occurrences": {
                **array(ref("EventOccurrence")),
                "description": "Its next three meetings that have not ended (at "
                "most one if it does not repeat), soonest first; cancelled ones "
                "included and marked.",
            },
            "attendance": {"enum": ["in_person", "online", "mixed"]},
            "venue_name": {
                "type": "string",
                "description": "Empty while the venue is to be announced.",
            },
            "venue_address": TEXT_OR_EMPTY,
            "online_details": TEXT_OR_EMPTY,
            "registration_url": {
                "type": "string",
                "description": "Where to sign up; empty if no registration is needed.",
            },
            "body": ref("Body"),
        },
    },
    schemas={
        "EventSummary": closed(
            {
                **PAGE_LINK,
                "starts_at": DATE_TIME,
                "ends_at": DATE_TIME,
                "is_all_day": BOOLEAN,
                "venue_name": STRING,
                "status": STATUS,
                "status_note": STATUS_NOTE,
                "repeat_description": REPEAT_DESCRIPTION,
            },
            "The live, public event of the meeting category that meets next. For "
            "a repeating event, starts_at and ends_at are those of its next meeting "
            "that goes ahead.",
        ),
        "EventOccurrence": closed(OCCURRENCE, "One meeting of an event."),
        "Meeting": closed(
            {**PAGE_LINK, **OCCURRENCE, "is_all_day": BOOLEAN, "status": STATUS},
            "One meeting: the event's link and status, and this meeting's times.",
        ),
        "EventCategory": closed({"name": STRING, "slug": STRING}),
    },
    # events.api.EventFilter
    page_filters=[
        query(
            "when",
            "With type=events.EventPage: upcoming (not yet ended, including "
            "repeating events with meetings to come; by next meeting, soonest "
            "first) or past (ended, the one that ended longest ago first).",
            {"enum": ["upcoming", "past"]},
        ),
        query(
            "category",
            "With type=events.EventPage: a category's slug, e.g. legal-forum (400 "
            "if there is no such category). Not together with search.",
        ),
    ],
)
