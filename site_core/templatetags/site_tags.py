"""Template tags every public page uses."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The home page's live, public children that staff marked 'Show in menus'."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = current.path if current is not None else ""
    items = []
    for menu_page in site.root_page.get_children().live().public().in_menu():
        if menu_page.path == current_path:
            state = "page"
        elif current_path.startswith(menu_page.path):
            state = "true"  # a page inside this section
        else:
            state = ""
        items.append({"page": menu_page, "current": state})
    return {"items": items, "request": request}
