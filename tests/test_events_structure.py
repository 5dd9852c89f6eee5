"""
The events app's shape: the shared base imports nothing from it, its modules keep
names that shadow nothing, its models are all importable from ``events.models``,
and it adds its API filter to the pages endpoint from its own side.
"""

import ast
import importlib.util
from pathlib import Path

from django.apps import apps
from wagtail.api.v2.filters import ChildOfFilter

import events.models
from events.api import EventFilter
from site_core.api.views import FieldsFilterExceptAppFilters, PublicPagesAPIViewSet

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    """Every module a Python file imports, by its absolute name."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def site_core_sources():
    """site_core's own Python files, leaving out migrations and settings."""
    for path in sorted((ROOT / "site_core").rglob("*.py")):
        parts = path.relative_to(ROOT / "site_core").parts
        if parts[0] not in {"migrations", "settings"}:
            yield path


def test_site_core_imports_nothing_from_events():
    sources = list(site_core_sources())
    assert len(sources) > 5, "site_core's modules were not found"
    offending = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sources
        for name in imported_modules(path)
        if name == "events" or name.startswith("events.")
    ]
    assert offending == []


def test_the_calendar_module_does_not_shadow_the_standard_library():
    assert importlib.util.find_spec("events.ical") is not None
    assert importlib.util.find_spec("events.calendar") is None


def test_every_events_model_is_importable_from_events_models():
    models = apps.get_app_config("events").get_models()
    for model in models:
        assert getattr(events.models, model.__name__) is model
        assert model._meta.app_label == "events"


def test_the_pages_endpoint_takes_the_events_filter_from_the_events_app():
    view = PublicPagesAPIViewSet()
    backends = view.filter_backends
    # Where it ran before it moved: after the field filters, before the tree ones.
    assert backends[0] is FieldsFilterExceptAppFilters
    assert 0 < backends.index(EventFilter) < backends.index(ChildOfFilter)
    assert {"when", "category"} <= view.known_query_parameters
