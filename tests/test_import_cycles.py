"""
No module imports itself back through a loop, in any of the project's packages.

The one loop allowed is Wagtail's own lazy idiom: a form page names its
submissions list view inside ``get_submissions_list_view_class``, and that view
module imports the models.
"""

import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"][
    "root_packages"
]
# (importer, imported) of the lazy import inside get_submissions_list_view_class.
WAGTAIL_IDIOM = ("legal_forum.models.applications", "legal_forum.views.listing")


def loops(graph):
    """Each direct import a -> b for which b leads back to a."""
    found = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if graph.chain_exists(importer=imported, imported=module):
                back = graph.find_shortest_chain(importer=imported, imported=module)
                found.append((module, imported, back))
    return found


def build_graph():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_no_module_imports_itself_back():
    graph = build_graph()
    importer, imported = WAGTAIL_IDIOM
    assert graph.direct_import_exists(importer=importer, imported=imported)
    graph.remove_import(importer=importer, imported=imported)
    assert loops(graph) == []


def test_the_check_sees_a_loop():
    graph = build_graph()
    graph.add_import(importer="site_core.blocks", imported="site_core.api.content")
    graph.add_import(importer="site_core.api.content", imported="site_core.blocks")
    assert ("site_core.blocks", "site_core.api.content") in {
        (importer, imported) for importer, imported, _back in loops(graph)
    }
