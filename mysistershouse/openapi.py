"""
The OpenAPI 3.1 description of the API, served at ``/api/openapi.json``.

Written by hand, so that it says what the responses mean rather than what a
generator can guess, and put together here from the part each app owns: the
shared shapes and read endpoints in ``site_core.api.schema``, each feature app's
page types, shapes and endpoints in its ``api_schema`` module. The tests validate
real responses against it, and schemathesis sends it every request it allows, so
it cannot drift from what the API does.
"""

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from wagtail.api.utils import get_base_url
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, get_page_models

from events.api_schema import API_SCHEMA as EVENTS
from home.api_schema import API_SCHEMA as HOME
from legal_forum.api_schema import API_SCHEMA as LEGAL_FORUM
from news.api_schema import API_SCHEMA as NEWS
from resources.api_schema import API_SCHEMA as RESOURCES
from site_core.api.errors import json_message
from site_core.api.schema import API_SCHEMA as SHARED
from site_core.api.schema import (
    media_paths,
    page_paths,
    page_schema,
    ref,
    response,
    schema_name,
)
from site_core.api.views import (
    PublicDocumentsAPIViewSet,
    PublicImagesAPIViewSet,
    PublicPagesAPIViewSet,
)

# In this order: the page types are listed in it.
PARTS = [SHARED, HOME, RESOURCES, EVENTS, NEWS, LEGAL_FORUM]

PAGE_TYPES = {
    page_type: fields for part in PARTS for page_type, fields in part.page_types.items()
}


def page_models():
    return [
        model
        for model in get_page_models()
        if model._meta.label in PAGE_TYPES or model is Page
    ]


def field_names(viewset, models, *, db_fields_only=False):
    """What ?fields= (or, with db_fields_only, ?order=) may name on an endpoint."""
    return {
        name
        for model in models
        for name in viewset.get_available_fields(model, db_fields_only)
    }


def paths():
    pages = page_models()
    return {
        **page_paths(
            PAGE_TYPES,
            [query for part in PARTS for query in part.page_filters],
            field_names(PublicPagesAPIViewSet, pages),
            field_names(PublicPagesAPIViewSet, pages, db_fields_only=True),
        ),
        **media_paths(
            field_names(PublicImagesAPIViewSet, [get_image_model()]),
            field_names(PublicDocumentsAPIViewSet, [get_document_model()]),
            field_names(
                PublicImagesAPIViewSet, [get_image_model()], db_fields_only=True
            )
            | field_names(
                PublicDocumentsAPIViewSet, [get_document_model()], db_fields_only=True
            ),
        ),
        **{path: item for part in PARTS for path, item in part.paths.items()},
        "/api/openapi.json": {
            "get": {
                "summary": "This description",
                "responses": {"200": response("OpenAPI 3.1, as JSON.")},
            }
        },
    }


def schemas():
    return {
        **{name: shape for part in PARTS for name, shape in part.schemas.items()},
        "Page": {
            "oneOf": [ref(schema_name(page_type)) for page_type in PAGE_TYPES],
            "description": "A page of whichever type meta.type names.",
        },
        **{
            schema_name(page_type): page_schema(page_type, fields)
            for page_type, fields in PAGE_TYPES.items()
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
        "paths": paths(),
        "components": {"schemas": schemas()},
    }


# It reads nothing of the request but its address, so there is nothing for CSRF to
# protect, and a POST gets its 405 rather than the CSRF failure page.
@csrf_exempt
def openapi_json(request):
    """The description, with this site's address as the server."""
    if request.method not in ("GET", "HEAD"):
        response = json_message("Only GET (and HEAD) are allowed.", 405)
        response["Allow"] = "GET, HEAD"
        return response
    return JsonResponse(openapi_document(get_base_url(request)))
