"""Resource pages in the API's OpenAPI document (see ``site_core.api.schema``)."""

from site_core.api.schema import HTML, STRING, ApiSchemaPart, nullable, ref

API_SCHEMA = ApiSchemaPart(
    page_types={
        "resources.ResourceIndexPage": {"introduction": HTML},
        "resources.ResourcePage": {
            "summary": STRING,
            "image": nullable(ref("RenditionImage")),
            "body": ref("Body"),
        },
    },
)
