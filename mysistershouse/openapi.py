"""
The OpenAPI 3.1 description of the API, served at ``/api/openapi.json``.

Written by hand, so that it says what the responses mean rather than what a
generator can guess; the tests validate real responses of every page type, the
image and document endpoints and the submission endpoint against it, so it cannot
drift from what the API does.
"""

from django.http import JsonResponse
from wagtail.api.utils import get_base_url

from legal_forum.form_builder import HONEYPOT_FIELD

JSON = "application/json"
STRING = {"type": "string"}
TEXT_OR_EMPTY = {"type": "string", "description": "Empty when not given."}
HTML = {"type": "string", "description": "HTML, with absolute links."}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
URL = {"type": "string", "format": "uri"}
DATE_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 in Sacramento time, with the UTC offset.",
}


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema):
    return {"oneOf": [schema, {"type": "null"}]}


def closed(properties, description=None):
    """An object with exactly these properties, all present."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def array(items):
    return {"type": "array", "items": items}


def block(type_name, value, description):
    return closed(
        {"type": {"const": type_name}, "value": value, "id": STRING}, description
    )


PAGE_LINK = {
    "id": INTEGER,
    "title": STRING,
    "html_url": nullable(URL),
    "detail_url": URL,
}

# Page types: their own fields, on top of id, meta and title -------------------------

PAGE_TYPES = {
    "home.HomePage": {
        "introduction": HTML,
        "hotline_heading": STRING,
        "hotline_text": TEXT_OR_EMPTY,
        "hotline": ref("Hotline"),
        "featured_resources": array(ref("FeaturedResource")),
    },
    "resources.ResourceIndexPage": {"introduction": HTML},
    "resources.ResourcePage": {"summary": STRING, "body": ref("Body")},
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
    "legal_forum.LegalForumPage": {
        "body": ref("Body"),
        "membership_information": HTML,
        "meeting_category": nullable(ref("EventCategory")),
        "next_meeting": nullable(ref("EventSummary")),
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
}


def schema_name(page_type):
    return page_type.split(".")[1]


def page_schema(page_type, fields):
    meta = {"allOf": [ref("PageMeta"), {"properties": {"type": {"const": page_type}}}]}
    return {
        "type": "object",
        "properties": {"id": INTEGER, "meta": meta, "title": STRING, **fields},
        "required": ["id", "meta", "title", *fields],
        "additionalProperties": False,
    }


# Blocks of the shared page body -------------------------------------------------------

BLOCKS = [
    block(
        "heading",
        closed({"text": STRING, "level": {"enum": ["h2", "h3"]}}),
        "Starts a section (h2) or a sub-section (h3).",
    ),
    block("paragraph", HTML, "Rich text."),
    block(
        "list",
        closed({"style": {"enum": ["bulleted", "numbered"]}, "items": array(STRING)}),
        "A list of short items.",
    ),
    block(
        "image",
        closed(
            {"image": ref("RenditionImage"), "decorative": BOOLEAN, "caption": STRING}
        ),
        "A picture. When decorative, alt is empty and screen readers should skip "
        "it. Left out when its image is deleted or private.",
    ),
    block(
        "document",
        closed({"document": ref("DocumentLink"), "link_text": TEXT_OR_EMPTY}),
        "A document to download; show link_text, or the title when it is empty. "
        "Left out when its document is deleted or private.",
    ),
    block(
        "statistic",
        closed(
            {
                "figure": STRING,
                "label": STRING,
                "source_name": STRING,
                "source_url": TEXT_OR_EMPTY,
            }
        ),
        "A key figure with its source.",
    ),
    block(
        "callout",
        closed(
            {
                "heading": STRING,
                "text": TEXT_OR_EMPTY,
                "show_hotline": BOOLEAN,
                "hotline": nullable(ref("Hotline")),
                "link_page": nullable(ref("PageLink")),
                "link_url": TEXT_OR_EMPTY,
                "link_text": TEXT_OR_EMPTY,
            }
        ),
        "A box asking the reader to act. Link to link_page or else link_url, "
        "with link_text; hotline is set when show_hotline is.",
    ),
    block(
        "quote",
        closed({"quote": STRING, "attribution": TEXT_OR_EMPTY}),
        "A quotation.",
    ),
]


# Shared shapes ---------------------------------------------------------------------

SCHEMAS = {
    "Message": closed({"message": STRING}, "What went wrong, for a person to read."),
    "PageMeta": {
        "type": "object",
        "properties": {
            "type": {
                "type": "string",
                "description": "The page type, e.g. events.EventPage.",
            },
            "detail_url": URL,
            "html_url": nullable(URL),
            "slug": STRING,
            "show_in_menus": BOOLEAN,
            "seo_title": STRING,
            "search_description": STRING,
            "first_published_at": nullable(DATE_TIME),
            "alias_of": nullable(ref("PageReference")),
            "parent": nullable(ref("PageReference")),
            "locale": STRING,
        },
        "required": ["type", "detail_url", "html_url", "slug"],
        "additionalProperties": False,
    },
    "PageListing": {
        "type": "object",
        "properties": {
            "meta": closed({"total_count": INTEGER}),
            "items": array(
                {
                    "type": "object",
                    "description": "id, meta and title, plus the fields asked for "
                    "with ?fields= (any of the page type's own fields when ?type= "
                    "names one type).",
                    "properties": {
                        "id": INTEGER,
                        "meta": ref("PageMeta"),
                        "title": STRING,
                    },
                    "required": ["id", "meta", "title"],
                }
            ),
        },
        "required": ["meta", "items"],
        "additionalProperties": False,
    },
    "Page": {
        "oneOf": [ref(schema_name(page_type)) for page_type in PAGE_TYPES],
        "description": "A page of whichever type meta.type names.",
    },
    **{
        schema_name(page_type): page_schema(page_type, fields)
        for page_type, fields in PAGE_TYPES.items()
    },
    "PageReference": closed(
        {
            "id": INTEGER,
            "meta": closed(
                {"type": STRING, "detail_url": URL, "html_url": nullable(URL)}
            ),
            "title": STRING,
        },
        "Wagtail's reference to another page, as in meta.parent.",
    ),
    "Body": array({"oneOf": BLOCKS}),
    "RenditionImage": closed(
        {
            "id": INTEGER,
            "title": STRING,
            "alt": {"type": "string", "description": "Text for the alt attribute."},
            "url": {**URL, "description": "The image resized to fit 1200x900."},
            "width": INTEGER,
            "height": INTEGER,
        }
    ),
    "DocumentLink": closed(
        {
            "id": INTEGER,
            "title": STRING,
            "url": {**URL, "description": "The site's download address."},
            "extension": STRING,
            "size": nullable({"type": "integer", "description": "In bytes."}),
        }
    ),
    "PageLink": closed(
        PAGE_LINK, "A live, public page; null in its place when the page is not."
    ),
    "FeaturedResource": closed({**PAGE_LINK, "summary": STRING}),
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
    "Hotline": closed(
        {"number": STRING, "href": {"type": "string", "description": "A tel: link."}}
    ),
    "FormQuestion": closed(
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
            "max_length": nullable(
                {"type": "integer", "description": "In characters."}
            ),
        }
    ),
    "Image": closed(
        {
            "id": INTEGER,
            "meta": closed(
                {"type": {"const": "wagtailimages.Image"}, "detail_url": URL}
            ),
            "title": STRING,
            "alt": STRING,
            "url": {**URL, "description": "The image resized to fit 1200x900."},
            "width": INTEGER,
            "height": INTEGER,
        }
    ),
    "ImageListing": closed(
        {"meta": closed({"total_count": INTEGER}), "items": array(ref("Image"))}
    ),
    "Document": closed(
        {
            "id": INTEGER,
            "meta": closed(
                {
                    "type": {"const": "wagtaildocs.Document"},
                    "detail_url": URL,
                    "download_url": {
                        **URL,
                        "description": "The site's download "
                        "address, which checks the document is public.",
                    },
                }
            ),
            "title": STRING,
        }
    ),
    "DocumentListing": closed(
        {"meta": closed({"total_count": INTEGER}), "items": array(ref("Document"))}
    ),
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


# Operations --------------------------------------------------------------------------


def response(description, schema=None, headers=None):
    answer = {"description": description}
    if schema is not None:
        answer["content"] = {JSON: {"schema": schema}}
    if headers:
        answer["headers"] = headers
    return answer


def query(name, description, schema=STRING):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


ID_IN_PATH = {"name": "id", "in": "path", "required": True, "schema": INTEGER}
BAD_REQUEST = response("An unknown parameter, field or filter value.", ref("Message"))
NOT_FOUND = response("No such item, or not public.", ref("Message"))
PAGING = [
    query("limit", "How many items (default 20, at most 100).", INTEGER),
    query("offset", "How many items to skip.", INTEGER),
    query("fields", "Fields to add (a,b), remove (-a) or all of them (*)."),
    query("order", "Sort by a field, - first for descending, or random."),
    query("search", "Words to search for."),
]


def listing(summary, description, schema, parameters=()):
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": [*PAGING, *parameters],
            "responses": {"200": response("The items.", schema), "400": BAD_REQUEST},
        }
    }


def detail(summary, schema):
    return {
        "get": {
            "summary": summary,
            "parameters": [ID_IN_PATH],
            "responses": {"200": response("The item.", schema), "404": NOT_FOUND},
        }
    }


PAGE_FILTERS = [
    query(
        "type",
        "Only pages of these types (comma-separated): "
        f"{', '.join(PAGE_TYPES)}. With one type, ?fields= may name that type's "
        "own fields.",
    ),
    query("child_of", "Only children of the page with this id."),
    query("descendant_of", "Only pages under the page with this id."),
    query(
        "when",
        "With type=events.EventPage: upcoming (not yet ended, soonest first) or "
        "past (ended, oldest first).",
        {"enum": ["upcoming", "past"]},
    ),
    query(
        "category",
        "With type=events.EventPage: a category's slug, e.g. legal-forum. Not "
        "together with search.",
    ),
]


def submission_path():
    page_id = {
        "name": "page_id",
        "in": "path",
        "required": True,
        "schema": INTEGER,
        "description": "The id of a live application form page.",
    }
    no_store = {"Cache-Control": {"schema": STRING, "description": "Always no-store."}}
    return {
        "parameters": [page_id],
        "post": {
            "operationId": "submitApplication",
            "summary": "Send an application",
            "description": "Runs the answers through the same checks as the form "
            "on the site and stores them for the coordinators. Send JSON only, "
            "with no cookies or credentials; browsers may call it from the origins "
            "the site allows (API_ALLOWED_ORIGINS).",
            "requestBody": {
                "required": True,
                "content": {JSON: {"schema": ref("SubmissionAnswers")}},
            },
            "responses": {
                "201": response("Received.", ref("SubmissionReceipt"), no_store),
                "400": response(
                    "Answers to correct (errors), or a body that is not a JSON "
                    "object (message).",
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
            "responses": {"204": response("Allowed methods in the Allow header.")},
        },
    }


def openapi_document(base_url):
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "My Sister's House API",
            "version": "2",
            "description": "Live, public content of the My Sister's House site, and "
            "the two applications. See docs/API.md for examples.",
        },
        "servers": [{"url": base_url or "/"}],
        "paths": {
            "/api/v2/pages/": listing(
                "List pages",
                "Live, public pages, in the order of the page tree; events by start.",
                ref("PageListing"),
                PAGE_FILTERS,
            ),
            "/api/v2/pages/{id}/": detail("A page, with all its fields", ref("Page")),
            "/api/v2/pages/find/": {
                "get": {
                    "summary": "Find a page by its path on the site",
                    "parameters": [
                        {
                            "name": "html_path",
                            "in": "query",
                            "required": True,
                            "schema": STRING,
                        }
                    ],
                    "responses": {
                        "302": response("Redirects to the page's detail_url."),
                        "404": NOT_FOUND,
                    },
                }
            },
            "/api/v2/images/": listing(
                "List images",
                "Images anyone may see: outside restricted collections and shown on a "
                "live, public page or by the site settings.",
                ref("ImageListing"),
            ),
            "/api/v2/images/{id}/": detail("An image", ref("Image")),
            "/api/v2/documents/": listing(
                "List documents",
                "Documents anyone may see: outside restricted collections and linked "
                "from a live, public page or by the site settings.",
                ref("DocumentListing"),
            ),
            "/api/v2/documents/{id}/": detail("A document", ref("Document")),
            "/api/v2/forms/{page_id}/submissions/": submission_path(),
            "/api/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {"200": response("OpenAPI 3.1, as JSON.")},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }


def openapi_json(request):
    """The description, with this site's address as the server."""
    return JsonResponse(openapi_document(get_base_url(request)))
