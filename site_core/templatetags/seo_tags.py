"""Full addresses for the sharing tags (see site_core.seo for where they come from)."""

from django import template

from site_core import seo

register = template.Library()


@register.filter
def full_file_url(url):
    """``{{ rendition.url|full_file_url }}``: the address with scheme and host."""
    return seo.file_url(url) if url else ""
