"""Template tags every public page uses."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from site_core.content_cache import fragment, remember
from site_core.languages import page_languages, words_language
from site_core.models import SiteTexts

register = template.Library()


@register.tag("fragment")
def do_fragment(parser, token):
    """
    ``{% fragment "name" part ... [until=expression] %}...{% endfragment %}``:
    the HTML between, made once per content generation in each process and
    served from memory until staff change something (``content_cache.fragment``).
    The parts say what the HTML differs by (a page's id, a filter); ``until``
    names a moment after which it is no longer true (asked only when made).
    Everything inside must be the same for every visitor: no CSRF token, no
    signed-in user's name, nothing from the visitor's session.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    until = None
    if bits[-1].startswith("until="):
        until = parser.compile_filter(bits.pop()[len("until=") :])
    name = parser.compile_filter(bits[1])
    parts = [parser.compile_filter(bit) for bit in bits[2:]]
    return FragmentNode(nodelist, name, parts, until)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, until):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts
        self.until = until

    def render(self, context):
        until = None
        if self.until is not None:

            def until():
                return self.until.resolve(context)

        return fragment(
            context.get("request"),
            self.name.resolve(context),
            lambda: self.nodelist.render(context),
            *[part.resolve(context) for part in self.parts],
            until=until,
        )


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context, variant="header"):
    """
    The home page's live, public children that staff marked 'Show in menus'.

    ``variant="header"`` (the default) adds Search and, when there is a donation
    page, Donate: laid out in a row on wide screens and behind a Menu button
    (a ``<details>``, so no script is needed) on phones. ``variant="footer"``
    repeats the pages alone, under a name of its own.
    """
    request = context.get("request")
    donate_url = getattr(context.get("site_settings"), "donate_url", "")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": [], "variant": variant, "donate_url": donate_url}
    current = context.get("page")
    current_path = current.path if current is not None else ""
    items = []
    kept = remember(request, "menu", lambda: menu_pages(site), site.pk, get_language())
    for menu_page in kept:
        if menu_page.path == current_path:
            state = "page"
        elif current_path.startswith(menu_page.path):
            state = "true"  # a page inside this section
        else:
            state = ""
        items.append({"page": menu_page, "current": state})
    return {
        "items": items,
        "request": request,
        "variant": variant,
        "donate_url": donate_url,
    }


@register.simple_tag(takes_context=True)
def languages_of(context, page):
    """
    ``{% languages_of page as languages %}``: the languages ``page`` can be
    read in (``site_core.languages.page_languages``); none for what is not a
    page (search, the 404 page).
    """
    if not getattr(page, "pk", None):
        return []
    return page_languages(page, context.get("request"))


@register.simple_tag(takes_context=True)
def untranslated(context, page):
    """
    ``{% untranslated page as original %}``: the language of ``page``'s words
    when it is not the language being read (a page not translated yet), else
    "". Kept with the content (``site_core.content_cache``).
    """
    if not getattr(page, "pk", None):
        return ""
    request = context.get("request")
    words = remember(request, "words-language", lambda: words_language(page), page.pk)
    return "" if words == get_language() else words


@register.simple_tag(takes_context=True)
def site_texts(context):
    """
    ``{% site_texts as words %}``: the words on every page (the hotline line,
    the footer sentence) in the language being read, else in English; kept
    until staff change them (``SiteTexts.for_request``).
    """
    return SiteTexts.for_request(context.get("request"))


def menu_pages(site):
    """
    The pages of the menu in the language being read (the children of the
    site's root page there), kept until staff publish (site_core.content_cache).
    """
    return list(site.root_page.localized.get_children().live().public().in_menu())


@register.simple_tag(takes_context=True)
def sibling_pages(context, page, limit=6):
    """
    ``{% sibling_pages page as related %}``: up to ``limit`` live, public pages
    beside ``page``, in the order staff give them, for a sidebar's "More" list;
    kept until staff publish (``site_core.content_cache``).
    """
    return remember(
        context.get("request"),
        "siblings",
        lambda: list(page.get_siblings(inclusive=False).live().public()[:limit]),
        page.pk,
        limit,
    )
