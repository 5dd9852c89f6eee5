"""
What the news index shows: its articles a page at a time, narrowed by tag or kind.

Readers reach the filters through links (``?tag=<slug>``, ``?kind=announcement``),
and links get mistyped, shared and outlived: a tag nobody uses any more or a kind
that does not exist is answered with a sentence saying so and the ways back to
every article, never an error page.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator

# The card image's sizes (templates/components/card_image.html), fetched with
# the articles so that no card makes a query of its own.
CARD_RENDITIONS = ("fill-400x225", "fill-800x450")

# A slug in a link is shown back to the reader; nobody needs more of it than this.
SHOWN_SLUG_LENGTH = 60
# What ``article_listing`` gives the news index's context.
LISTING_KEYS = (
    "articles",
    "tags",
    "kinds",
    "selected_tag",
    "selected_kind",
    "filter_problems",
    "filter_query",
)


def article_listing(articles, tags, kinds, query):
    """
    The context of the news index: ``articles`` (newest first) narrowed by the
    ``tag`` and ``kind`` of the ``query`` (request.GET), one page of them, the
    ``tags`` and ``kinds`` (value, label) readers can choose from, and what to
    tell them when a filter matches nothing it could.
    """
    tags = list(tags)
    selected_tag = selected_kind = None
    problems = []

    slug = query.get("tag", "")
    if slug:
        selected_tag = next((tag for tag in tags if tag.slug == slug), None)
        if selected_tag is None:
            problems.append(f"No articles are tagged “{slug[:SHOWN_SLUG_LENGTH]}”.")
            articles = articles.none()
        else:
            articles = articles.filter(tags=selected_tag)

    value = query.get("kind", "")
    if value:
        selected_kind = next((kind for kind in kinds if kind[0] == value), None)
        if selected_kind is None:
            names = " or ".join(label for _, label in kinds)
            problems.append(
                f"There is no kind of article called “{value[:SHOWN_SLUG_LENGTH]}”; "
                f"articles are either {names}."
            )
            articles = articles.none()
        else:
            articles = articles.filter(kind=value)

    paginator = Paginator(
        articles.defer_streamfields().with_image(*CARD_RENDITIONS),
        settings.NEWS_PER_PAGE,
    )
    # Kept on the pagination links so that page 2 stays within the filter.
    kept = {"tag": selected_tag and selected_tag.slug, "kind": selected_kind and value}
    return {
        "articles": paginator.get_page(query.get("page")),
        "tags": tags,
        "kinds": kinds,
        "selected_tag": selected_tag,
        "selected_kind": selected_kind,
        "filter_problems": problems,
        "filter_query": urlencode({name: v for name, v in kept.items() if v}),
    }
