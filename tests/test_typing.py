"""Issue 19: the modules listed under ``[tool.mypy] files`` in pyproject.toml pass ``mypy --strict``.

The public plugin API (``Rule``, ``hookimpl``, ``Diagnostic``, ``ProbeCase``) ships ``py.typed``, so
its annotations are a promise to plugin authors; this keeps them, and every module already listed,
checked. A module joins the list once it passes (the aim is the whole package).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


def _mypy_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_checked_modules_exist_and_the_public_api_is_among_them():
    config = _mypy_config()
    assert config["strict"] is True
    files = config["files"]
    for entry in files:
        assert (REPO / entry).exists(), f"[tool.mypy] files lists {entry}, which does not exist"
    for public in ("gnnlint/__init__.py", "gnnlint/rule.py", "gnnlint/hookspecs.py", "gnnlint/diagnostics.py",
                   "gnnlint/probe/case.py", "gnnlint/api.py", "gnnlint/testing.py"):
        assert public in files, f"the public API module {public} must stay type-checked"


def test_mypy_strict_passes():
    pytest.importorskip("mypy", reason="mypy is not installed (`pip install -e .[dev]` installs it)")
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml")],
                            cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"mypy --strict found errors:\n{result.stdout}{result.stderr}"
