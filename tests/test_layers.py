"""
The layer contract in pyproject.toml holds for the code as it is, and it really
fails when a lower layer imports a higher one: checked on a copy of the packages,
once as they are and once with one wrong import added.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture
def tree(tmp_path):
    """The project's packages and its pyproject.toml, copied (Python files only)."""
    for package in CONFIG["root_packages"]:
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.txt"),
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def lint(tree):
    environment = os.environ | {"PYTHONPATH": str(tree)}
    return subprocess.run(  # noqa: S603 - the venv's own lint-imports
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_code_keeps_its_layers(tree):
    result = lint(tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import"),
    [
        ("site_core/blocks.py", "import legal_forum.models"),
        ("events/views.py", "from home import models"),
        ("legal_forum/views/listing.py", "import starter_content"),
        ("starter_content/__init__.py", "import mysistershouse.urls"),
    ],
)
def test_a_wrong_import_breaks_the_contract(tree, module, wrong_import):
    path = tree / module
    path.write_text(path.read_text() + f"\n{wrong_import}  # noqa\n")
    result = lint(tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    importer = module.split("/")[0]
    assert f"{importer} is not allowed to import" in result.stdout
