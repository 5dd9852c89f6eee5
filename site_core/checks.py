"""
System checks about the site's own address.

Tagged ``database``: Django runs them in ``migrate`` and in
``manage.py check --database default``, never in a plain ``check``, which must
work without a database (a release is checked before it has one).
"""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from wagtail.models import Site

from site_core.site_url import configured_address


@register(Tags.database)
def default_site_follows_site_url(app_configs=None, databases=None, **kwargs):
    """
    Page links, the sitemap and feeds are written from the default Wagtail site;
    the API and emails from SITE_URL. Warn when the two say different addresses.
    """
    if "default" not in (databases or ()):
        return []
    address = configured_address()
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:
        return []  # not migrated yet: migrate makes the table, bootstrap the site
    if site is None or address.matches(site):
        return []
    return [
        Warning(
            f"The default site answers at {site.root_url}, but SITE_URL is "
            f"{address.url}: page links would point at the old address.",
            hint="Run `python manage.py bootstrap_site` to move the default site "
            "to SITE_URL.",
            obj=site,
            id="site_core.W001",
        )
    ]
