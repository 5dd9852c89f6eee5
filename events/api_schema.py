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
    closed,
    nullable,
    query,
    ref,
)

API_SCHEMA = ApiSchemaPart(
    page_types={
        "events.EventIndexPage": {"introduction": HTML},
        "events.EventPage": {
            "summary": STRING,
            "category": nullable(ref("EventCategory")),
            "starts_at": DATE_TIME,
            "ends_at": DATE_TIME,
            "is_all_day": {
                "type": "boolean",
                "description": "All-day events run from midnight to midnight, "
                "Sacramento time.",
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
            },
            "The next live, public event in the meeting category.",
        ),
        "EventCategory": closed({"name": STRING, "slug": STRING}),
    },
    # events.api.EventFilter
    page_filters=[
        query(
            "when",
            "With type=events.EventPage: upcoming (not yet ended, soonest first) or "
            "past (ended, oldest first).",
            {"enum": ["upcoming", "past"]},
        ),
        query(
            "category",
            "With type=events.EventPage: a category's slug, e.g. legal-forum (400 "
            "if there is no such category). Not together with search.",
        ),
    ],
)
