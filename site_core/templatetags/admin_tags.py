"""Small helpers for the admin's own templates."""

from django import template
from wagtail.admin.auth import user_has_any_page_permission

register = template.Library()


@register.filter
def works_with_pages(user):
    """Whether the user may do anything with pages (and so search them)."""
    return user_has_any_page_permission(user)
