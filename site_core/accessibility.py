"""
The accessibility standard the site is held to: WCAG 2.2 at levels A and AA, as
axe-core tags. The browser tests run axe-core with these tags on every public
page, and the checker in Wagtail's user bar runs the same rules for editors, so
what an editor is told matches what the tests require.
"""

from wagtail.admin.userbar import ContentCheckerItem

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class SiteContentChecker(ContentCheckerItem):
    """Wagtail's accessibility checker, with the site's rules instead of its few."""

    axe_run_only = WCAG_22_AA


def use_site_rules(request, items, page=None):
    """The ``construct_wagtail_userbar`` hook: swap in the site's checker."""
    items[:] = [
        SiteContentChecker(in_editor=item.in_editor)
        if isinstance(item, ContentCheckerItem)
        and not isinstance(item, SiteContentChecker)
        else item
        for item in items
    ]
