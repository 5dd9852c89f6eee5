"""
The legal_forum app has no import cycles: the models import neither the
submission pipeline, the rate limit, the email outbox nor the views that use
them, and no module dodges a loop with ``apps.get_model`` or an import inside a
function. Also: POSTs reach the pipeline through Wagtail's serving hooks in the
same order as a page's own ``serve()`` would, after its view restrictions.
"""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from wagtail.models import PageViewRestriction

from legal_forum.models import ApplicationSubmission
from tests.factories import ApplicationFormFieldFactory, ApplicationFormPageFactory

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "legal_forum"

# What the models must never load: everything that imports them.
NOT_FOR_MODELS = {
    "legal_forum.submissions",
    "legal_forum.ratelimit",
    "legal_forum.outbox",
    "legal_forum.serve",
    "legal_forum.api",
    "legal_forum.views",
    "legal_forum.wagtail_hooks",
}

# Wagtail's own lazy idiom: FormMixin looks up the listing view class this way.
LAZY_IMPORTS_ALLOWED = {
    ("legal_forum.models.applications", "get_submissions_list_view_class"),
    # Django's idiom: an app's models are imported once the apps are ready.
    ("legal_forum.apps", "ready"),
}

# Ways to load a module at run time, and so to hide a loop from import order.
DYNAMIC_LOADERS = {"get_model", "import_module", "import_string", "__import__"}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def app_modules():
    """{module name: parsed source} for legal_forum, migrations aside."""
    return {
        module_name(path): ast.parse(path.read_text(), filename=str(path))
        for path in sorted(APP.rglob("*.py"))
        if "migrations" not in path.relative_to(APP).parts
    }


MODULES = app_modules()
PACKAGES = {module_name(path) for path in APP.rglob("__init__.py")}


def imported_names(name, node):
    """The dotted names an import statement in module ``name`` may load."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:  # relative: from the module's package, up level - 1 more
        package = name if name in PACKAGES else name.rpartition(".")[0]
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, base] if base else anchor)
    # `from legal_forum import views` loads a module; `from x import Y` a name.
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


def top_level_imports(name, tree):
    """The legal_forum modules that loading module ``name`` loads directly."""
    found = set()
    pending = list(ast.iter_child_nodes(tree))
    while pending:
        node = pending.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            continue  # runs later, if ever: see test_no_module_loads_another_lazily
        pending += ast.iter_child_nodes(node)
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.update(
                target for target in imported_names(name, node) if target in MODULES
            )
    found.discard(name)
    return found


def import_graph():
    return {name: top_level_imports(name, tree) for name, tree in MODULES.items()}


def reachable(graph, start):
    seen, pending = set(), [start]
    while pending:
        for target in graph[pending.pop()]:
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def test_the_app_has_no_import_cycles():
    graph = import_graph()
    assert graph["legal_forum.models"] >= {"legal_forum.models.applications"}
    cycles = sorted(name for name in graph if name in reachable(graph, name))
    assert cycles == []


def test_models_do_not_import_what_uses_them():
    graph = import_graph()
    for name in graph:
        if name.startswith("legal_forum.models"):
            assert not reachable(graph, name) & NOT_FOR_MODELS, name
    for name in ("legal_forum.panels", "legal_forum.api_fields"):
        assert not any(
            target.startswith("legal_forum.models") for target in reachable(graph, name)
        ), name


# Notes what is loaded once Django has imported legal_forum's models. Later, in
# the ready() phase, Wagtail loads every app's wagtail_hooks, which may import all.
AFTER_THE_MODELS = """
import json, sys
import django
from django.apps.config import AppConfig

loaded = []
import_models = AppConfig.import_models

def import_and_note(self):
    import_models(self)
    if self.name == "legal_forum":
        loaded.extend(name for name in sys.modules if name.startswith("legal_forum"))

AppConfig.import_models = import_and_note
django.setup()
print(json.dumps(sorted(loaded)))
"""


def test_loading_the_models_loads_no_pipeline():
    """The same, as Python sees it: what is loaded once the models are."""
    environment = os.environ | {"DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", AFTER_THE_MODELS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout.splitlines()[-1]))
    assert "legal_forum.models.applications" in loaded
    assert loaded & NOT_FOR_MODELS == set()


def lazy_loading(name, tree):
    """(function, what) for each import or dynamic load inside a function body."""
    found = []  # a nested function's are listed under it and under its host
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom):
                if (name, function.name) not in LAZY_IMPORTS_ALLOWED:
                    found.append((function.name, ast.unparse(node)))
            elif isinstance(node, ast.Call):
                callee = node.func
                called = getattr(callee, "attr", None) or getattr(callee, "id", None)
                if called in DYNAMIC_LOADERS:
                    found.append((function.name, ast.unparse(node)))
    return found


def test_no_module_loads_another_lazily():
    found = {
        name: lazy_loading(name, tree)
        for name, tree in MODULES.items()
        if lazy_loading(name, tree)
    }
    assert found == {}


def test_the_lazy_loading_check_sees_what_it_forbids():
    tree = ast.parse(
        "def send(pk):\n"
        "    from legal_forum.models import SubmissionEmail\n"
        "def receive(request):\n"
        "    model = apps.get_model('legal_forum', 'ApplicationFormPage')\n"
    )
    assert [function for function, _what in lazy_loading("x", tree)] == [
        "send",
        "receive",
    ]


@pytest.mark.django_db
def test_a_restricted_form_takes_no_application_before_its_restriction(client, home):
    """The serving hook sits inside Wagtail's view restrictions, as serve() does."""
    page = ApplicationFormPageFactory(parent=home, slug="apply")
    ApplicationFormFieldFactory(page=page, label="Full name")
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.post(page.url, {"full_name": "Ada Lovelace"})
    assert "wagtailcore/password_required.html" in [t.name for t in response.templates]
    assert not ApplicationSubmission.objects.exists()

    session = client.session
    session[PageViewRestriction.passed_view_restrictions_session_key] = [restriction.pk]
    session.save()
    response = client.post(page.url, {"full_name": "Ada Lovelace"})
    assert response.status_code == 302
    assert ApplicationSubmission.objects.get().form_data == {
        "full_name": "Ada Lovelace"
    }
