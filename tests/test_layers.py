"""The layers hold: the import contracts in pyproject.toml fail on an upward import.

``make lint`` runs ``lint-imports``; these tests run it on a copy of the package with one
bad module added, to show each contract really breaks. They also check what import-linter
cannot see: a private name (``_helper``) imported from another app.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
PACKAGE = REPOSITORY / "commissioning"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# One bad module per contract: where it goes, what it imports, the contract that breaks.
BAD_MODULES = {
    "domain/upward.py": (
        "from commissioning.programmes import models\n",
        "Nothing imports upward",
    ),
    "reading/framework.py": ("import django.db\n", "import no Django and no app"),
    "core/upward.py": ("from commissioning.reports import asof\n", "Nothing imports upward"),
    "partnership/borrowed.py": (
        "from commissioning.programmes.views import editing\n",
        "views and forms are its own",
    ),
    "core/judges.py": (
        "from commissioning.access import rules\n",
        "do not read the access rules",
    ),
    "access/pages.py": (
        "from commissioning.finance import views\n",
        "access rules stand on the apps' models",
    ),
    "reports/borrowed.py": ("from commissioning.plans._hidden import x\n", "private module"),
    "plans/_hidden.py": ("x = 1\n", None),
}


def copy_of_the_package(destination: Path) -> Path:
    """The project's Python files and import contracts, copied to ``destination``."""
    shutil.copytree(
        PACKAGE,
        destination / "commissioning",
        ignore=shutil.ignore_patterns("__pycache__", "templates", "static", "*.pyc"),
    )
    shutil.copy(REPOSITORY / "pyproject.toml", destination)
    return destination


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run ``lint-imports`` on the package under ``root`` (it comes first on the path)."""
    environment = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "240"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copies(tmp_path_factory):
    """A clean copy and a copy with the bad modules added, each checked once."""
    clean = copy_of_the_package(tmp_path_factory.mktemp("clean"))
    bad = copy_of_the_package(tmp_path_factory.mktemp("bad"))
    for path, (source, _) in BAD_MODULES.items():
        (bad / "commissioning" / path).write_text(source)
    return lint_imports(clean), lint_imports(bad)


def test_the_project_keeps_its_contracts(copies):
    clean, _ = copies
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "0 broken" in clean.stdout


@pytest.mark.parametrize(
    ("path", "contract"),
    [(path, contract) for path, (_, contract) in BAD_MODULES.items() if contract],
)
def test_a_bad_import_breaks_its_contract(copies, path, contract):
    _, bad = copies
    assert bad.returncode != 0
    module = "commissioning." + path.removesuffix(".py").replace("/", ".")
    broken = bad.stdout.split("Broken contracts", 1)[-1]
    assert module in broken, bad.stdout
    assert contract in broken


def private_names_from_other_apps() -> list[str]:
    """Every ``from commissioning.<app>… import _name`` made outside that app."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = path.relative_to(PACKAGE).parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or not node.module:
                continue
            parts = node.module.split(".")
            if parts[0] != "commissioning" or len(parts) < 2 or parts[1] == here:
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    where = path.relative_to(REPOSITORY)
                    found.append(f"{where}:{node.lineno} imports {node.module}.{alias.name}")
    return found


def test_no_app_imports_another_apps_private_names():
    assert private_names_from_other_apps() == []


def test_the_private_name_check_sees_one(tmp_path, monkeypatch):
    # The check above would pass vacuously if it looked at nothing: show it finds one.
    package = tmp_path / "commissioning"
    (package / "reports").mkdir(parents=True)
    (package / "reports" / "peek.py").write_text(
        "from commissioning.plans.presenters import _warning_text\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", package)
    monkeypatch.setattr(sys.modules[__name__], "REPOSITORY", tmp_path)
    assert private_names_from_other_apps() == [
        "commissioning/reports/peek.py:1 imports commissioning.plans.presenters._warning_text"
    ]
