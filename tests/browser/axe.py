"""axe-core in the browser, run with the rules the site is held to."""

from axe_playwright_python.sync_playwright import Axe

from site_core.accessibility import WCAG_22_AA

AXE = Axe()


def axe_violations(page):
    """What axe-core finds on the page: (rule, [elements]) for each broken rule."""
    results = AXE.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_22_AA},
            "resultTypes": ["violations"],
        },
    )
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results.response["violations"]
    ]
