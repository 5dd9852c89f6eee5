"""The home page in the API's OpenAPI document (see ``site_core.api.schema``)."""

from site_core.api.schema import (
    HTML,
    PAGE_LINK,
    STRING,
    TEXT_OR_EMPTY,
    ApiSchemaPart,
    array,
    block,
    closed,
    nullable,
    ref,
)

CALL_TO_ACTION = block(
    "call_to_action",
    closed(
        {
            "heading": STRING,
            "text": TEXT_OR_EMPTY,
            "button_label": STRING,
            "link_page": nullable(ref("PageLink")),
            "link_url": TEXT_OR_EMPTY,
        }
    ),
    "An invitation with one button, leading to link_page or else link_url.",
)

API_SCHEMA = ApiSchemaPart(
    page_types={
        "home.HomePage": {
            "hero_heading": STRING,
            "hero_text": TEXT_OR_EMPTY,
            "hero_image": nullable(ref("RenditionImage")),
            "calls_to_action": array(CALL_TO_ACTION),
            "introduction": HTML,
            "hotline_heading": STRING,
            "hotline_text": TEXT_OR_EMPTY,
            "hotline": ref("Hotline"),
            "featured_resources": array(ref("FeaturedResource")),
        },
    },
    schemas={"FeaturedResource": closed({**PAGE_LINK, "summary": STRING})},
)
