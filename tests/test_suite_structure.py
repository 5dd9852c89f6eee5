"""
No module of the suite (or of bench/) imports a test module: what tests share
lives in conftest.py fixtures or in helper modules such as tests/questions.py.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ["tests", "bench"]


def is_test_module(name):
    parts = name.split(".")
    return parts[0] == "tests" and parts[-1].startswith("test_")


def imported_test_modules(source, module=None):
    """The ``tests.test_*`` modules ``source`` imports, with their line numbers."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the importing package
                package = (module or "").split(".")[: -node.level]
                base = ".".join([*package, node.module or ""]).strip(".")
            else:
                base = node.module or ""
            names = [base]
            if (ROOT / base.replace(".", "/")).is_dir():  # a package: names modules
                names += [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in names if is_test_module(name)]
    return found


def python_files():
    for folder in CHECKED:
        yield from sorted((ROOT / folder).rglob("*.py"))


def module_name(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_no_module_imports_a_test_module():
    offences = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in python_files()
        for line, name in imported_test_modules(path.read_text(), module_name(path))
    ]
    assert not offences, (
        "Share fixtures through tests/conftest.py and helpers through a module "
        "not named test_*:\n" + "\n".join(offences)
    )


@pytest.mark.parametrize(
    "source",
    [
        "from tests.test_applications import QUESTIONS",
        "import tests.test_api_pages",
        "import tests.test_api_pages as pages",
        "from tests import test_api_pages",
        "from . import test_api_pages",
        "from .test_api_pages import ApiContent",
        "def helper():\n    from tests.browser.test_quick_exit import open_home",
    ],
)
def test_the_check_sees_every_way_of_importing_one(source):
    assert imported_test_modules(source, "tests.helper")


@pytest.mark.parametrize(
    "source",
    [
        "from tests.questions import QUESTIONS",
        "from tests import auth, factories",
        "import pytest",
        "from tests.factories import test_like_name",
    ],
)
def test_helpers_and_libraries_are_allowed(source):
    assert not imported_test_modules(source, "tests.helper")
