"""The home page in the API's OpenAPI document (see ``site_core.api.schema``)."""

from site_core.api.schema import (
    HTML,
    PAGE_LINK,
    STRING,
    TEXT_OR_EMPTY,
    ApiSchemaPart,
    array,
    closed,
    ref,
)

API_SCHEMA = ApiSchemaPart(
    page_types={
        "home.HomePage": {
            "introduction": HTML,
            "hotline_heading": STRING,
            "hotline_text": TEXT_OR_EMPTY,
            "hotline": ref("Hotline"),
            "featured_resources": array(ref("FeaturedResource")),
        },
    },
    schemas={"FeaturedResource": closed({**PAGE_LINK, "summary": STRING})},
)
