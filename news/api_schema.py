"""
News in the API's OpenAPI document (see ``site_core.api.schema``): the news page
types, their tags, and the filter of ``news.api``.
"""

from site_core.api.schema import (
    HTML,
    STRING,
    ApiSchemaPart,
    array,
    closed,
    nullable,
    query,
    ref,
)

API_SCHEMA = ApiSchemaPart(
    page_types={
        "news.NewsIndexPage": {"introduction": HTML},
        "news.NewsArticlePage": {
            "date": {
                "type": "string",
                "format": "date",
                "description": "The date the article shows, e.g. 2026-12-16.",
            },
            "kind": {"enum": ["news", "announcement"]},
            "image": {
                **nullable(ref("RenditionImage")),
                "description": "The article's picture; null when it has none or "
                "the picture is private.",
            },
            "summary": STRING,
            "tags": array(ref("NewsTag")),
            "body": ref("Body"),
        },
    },
    schemas={
        "NewsTag": closed(
            {"name": STRING, "slug": STRING},
            "A tag; its slug filters the listing (?tag=).",
        ),
    },
    # news.api.NewsFilter
    page_filters=[
        query(
            "tag",
            "With type=news.NewsArticlePage: a tag's slug, e.g. legal-forum (no "
            "articles if none has that tag). Not together with search.",
        ),
        query(
            "date",
            "With type=news.NewsArticlePage: only articles of this date, e.g. "
            "2026-12-16.",
            {"type": "string", "format": "date"},
        ),
    ],
)
