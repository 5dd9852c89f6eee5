"""
The parts of the API's OpenAPI 3.1 document that every app shares: the building
blocks of schemas, the shapes of pages, media, links and errors, and the read
endpoints of ``site_core.api.views``.

Each feature app describes its own page types, shapes and endpoints in its
``api_schema`` module, as an ``ApiSchemaPart``; the project package puts the parts
together into the document served at ``/api/openapi.json``.
"""

import re
from dataclasses import dataclass, field

from site_core.api.errors import MAX_ID

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
# No database takes a NUL character, so no query parameter may hold one.
NO_NUL = "^[^\\x00]*$"


@dataclass
class ApiSchemaPart:
    """One app's part of the document."""

    # "app_label.ModelName": {field name: schema}, the page type's own API fields.
    page_types: dict = field(default_factory=dict)
    # Named shapes for components/schemas.
    schemas: dict = field(default_factory=dict)
    # Path items, by path.
    paths: dict = field(default_factory=dict)
    # Query parameters the app's filter adds to the pages listing.
    page_filters: list = field(default_factory=list)


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


def schema_name(page_type):
    return page_type.split(".")[1]


def page_schema(page_type, fields):
    """A page of this type in a detail answer: id, meta, title and its own fields."""
    meta = {"allOf": [ref("PageMeta"), {"properties": {"type": {"const": page_type}}}]}
    return {
        "type": "object",
        "properties": {"id": INTEGER, "meta": meta, "title": STRING, **fields},
        "required": ["id", "meta", "title", *fields],
        "additionalProperties": False,
    }


# Blocks of the shared page body (site_core.blocks) -----------------------------

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
    block(
        "donate",
        closed(
            {
                "heading": STRING,
                "text": TEXT_OR_EMPTY,
                "button_label": STRING,
                "url": {**URL, "description": "The organisation's donation page."},
            }
        ),
        "An appeal with a button to url. Left out while the site has no donation page.",
    ),
]


# Shared shapes ------------------------------------------------------------------


def listing_meta():
    return closed({"total_count": INTEGER})


def listed(schema):
    """
    An item as listings give it: ?fields= may remove any of its fields, or of its
    meta's, so none is required.
    """
    properties = dict(schema["properties"])
    if "meta" in properties:
        properties["meta"] = {**properties["meta"], "required": []}
    return {
        **schema,
        "properties": properties,
        "required": [],
        "description": "As in the detail view, less any fields ?fields= removes.",
    }


PAGE_META = {
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
}

IMAGE = closed(
    {
        "id": INTEGER,
        "meta": closed({"type": {"const": "wagtailimages.Image"}, "detail_url": URL}),
        "title": STRING,
        "alt": STRING,
        "url": {**URL, "description": "The image resized to fit 1200x900."},
        "width": INTEGER,
        "height": INTEGER,
    }
)

DOCUMENT = closed(
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
)

SCHEMAS = {
    "Message": closed({"message": STRING}, "What went wrong, for a person to read."),
    "PageMeta": PAGE_META,
    "PageListing": {
        "type": "object",
        "properties": {
            "meta": listing_meta(),
            "items": array(
                {
                    "type": "object",
                    "description": "id, meta and title, plus the fields asked for "
                    "with ?fields= (any of the page type's own fields when ?type= "
                    "names one type), less those it removes.",
                    "properties": {
                        "id": INTEGER,
                        "meta": {**PAGE_META, "required": []},
                        "title": STRING,
                    },
                }
            ),
        },
        "required": ["meta", "items"],
        "additionalProperties": False,
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
    "Hotline": closed(
        {"number": STRING, "href": {"type": "string", "description": "A tel: link."}}
    ),
    "Image": IMAGE,
    "ImageListing": closed({"meta": listing_meta(), "items": array(listed(IMAGE))}),
    "Document": DOCUMENT,
    "DocumentListing": closed(
        {"meta": listing_meta(), "items": array(listed(DOCUMENT))}
    ),
}


# Operations ---------------------------------------------------------------------


def response(description, schema=None, headers=None):
    answer = {"description": description}
    if schema is not None:
        answer["content"] = {JSON: {"schema": schema}}
    if headers:
        answer["headers"] = headers
    return answer


def query(name, description, schema=None):
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema or {"type": "string", "pattern": NO_NUL},
        "description": description,
    }


def one_of_names(names):
    return "|".join(re.escape(name) for name in sorted(names))


def list_of(item):
    """A regular expression for a comma-separated list of ``item``."""
    return f"(?:{item})(?:,(?:{item}))*"


def fields_parameter(names):
    """
    ?fields=: names to add (a,b) or remove (-a); or * (all) then names to remove;
    or _ (none but id) then names to add. Wagtail refuses any other mix.
    """
    name = f"(?:{one_of_names(names)})"
    return query(
        "fields",
        "Fields to add (a,b) or remove (-a); * for all of them, then any to "
        "remove (*,-a); _ for none but id, then any to add (_,a).",
        {
            "type": "string",
            "pattern": f"^(?:\\*(?:,-{name})*|_(?:,{name})*|{list_of('-?' + name)})?$",
        },
    )


def order_parameter(names):
    """?order=: these names, each ascending or (with -) descending, or random."""
    item = f"-?(?:{one_of_names(names)})"
    return query(
        "order",
        "Sort by fields (a,-b; - for descending), or random (not with offset or "
        "search).",
        {"type": "string", "pattern": f"^(?:random|{list_of(item)})?$"},
    )


ID_IN_PATH = {"name": "id", "in": "path", "required": True, "schema": INTEGER}
BAD_REQUEST = response("An unknown parameter, field or filter value.", ref("Message"))
NOT_FOUND = response("No such item, or not public.", ref("Message"))


def paging(field_names, order_names):
    """The parameters every listing takes."""
    return [
        query(
            "limit",
            "How many items (default 20, at most 100).",
            {"type": "integer", "minimum": 0, "maximum": 100},
        ),
        query(
            "offset",
            "How many items to skip.",
            {"type": "integer", "minimum": 0, "maximum": MAX_ID},
        ),
        fields_parameter(field_names),
        order_parameter(order_names),
        query("search", "Words to search for; double quotes are ignored."),
    ]


def listing(summary, description, schema, parameters):
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": parameters,
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


def page_filters(page_types):
    """The pages listing's own filters (apps add theirs)."""
    return [
        query(
            "type",
            "Only pages of these types (comma-separated): "
            f"{', '.join(page_types)}. With one type, ?fields= may name that type's "
            "own fields.",
            {
                "type": "string",
                "pattern": f"^(?:{list_of(one_of_names(page_types))})?$",
            },
        ),
        query(
            "child_of",
            "Only children of the live, public page with this id (400 if there is "
            "none). Not together with descendant_of.",
            {"type": "integer", "minimum": 1},
        ),
        query(
            "descendant_of",
            "Only pages under the live, public page with this id (400 if there is "
            "none).",
            {"type": "integer", "minimum": 1},
        ),
    ]


def page_paths(page_types, filters, field_names, order_names):
    """The pages endpoints, for these page types and app filters."""
    return {
        "/api/v2/pages/": listing(
            "List pages",
            "Live, public pages, in the order of the page tree; events by start.",
            ref("PageListing"),
            [*paging(field_names, order_names), *page_filters(page_types), *filters],
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
    }


def media_paths(image_fields, document_fields, order_names):
    """The images and documents endpoints."""
    return {
        "/api/v2/images/": listing(
            "List images",
            "Images anyone may see: outside restricted collections and shown on a "
            "live, public page or by the site settings.",
            ref("ImageListing"),
            paging(image_fields, order_names),
        ),
        "/api/v2/images/{id}/": detail("An image", ref("Image")),
        "/api/v2/documents/": listing(
            "List documents",
            "Documents anyone may see: outside restricted collections and linked "
            "from a live, public page or by the site settings.",
            ref("DocumentListing"),
            paging(document_fields, order_names),
        ),
        "/api/v2/documents/{id}/": detail("A document", ref("Document")),
    }


API_SCHEMA = ApiSchemaPart(schemas=SCHEMAS)
