"""Admin and API wiring of the news app."""

from wagtail import hooks

from news.api import NewsFilter


@hooks.register("register_page_api_filter")
def register_news_filter():
    """Article listings in the pages API: newest first, and ?tag=."""
    return NewsFilter
