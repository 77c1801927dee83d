"""Issue 19: ``mypy --strict`` passes on the package (``[tool.mypy]`` in pyproject.toml).

The public plugin API (``Rule``, ``hookimpl``, ``Diagnostic``, ``ProbeCase``) ships ``py.typed``, so
its annotations are a promise to plugin authors; this keeps them, and the rest of the package,
checked: a type error anywhere in ``gnnlint/`` fails the test suite.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

PUBLIC_API = ("gnnlint/__init__.py", "gnnlint/rule.py", "gnnlint/hookspecs.py", "gnnlint/diagnostics.py",
              "gnnlint/probe/case.py", "gnnlint/api.py", "gnnlint/testing.py")
# Typed packages the checked code imports: without them mypy reports missing imports, not our errors.
# (``./dev test``, which CI runs, installs them all.)
TYPED_DEPENDENCIES = ("mypy", "libcst", "pluggy", "numpy", "torch", "pygls", "lsprotocol")


def _mypy_config() -> dict:
    return tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]


def test_the_package_and_its_public_api_are_type_checked():
    config = _mypy_config()
    assert config["strict"] is True
    files = config["files"]
    for entry in files:
        assert (REPO / entry).exists(), f"[tool.mypy] files lists {entry}, which does not exist"
    for public in PUBLIC_API:
        assert any(public == entry or public.startswith(entry.rstrip("/") + "/") for entry in files), \
            f"the public API module {public} must stay type-checked"


def test_mypy_strict_passes():
    missing = [name for name in TYPED_DEPENDENCIES if importlib.util.find_spec(name) is None]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (`./dev test` installs everything mypy needs)")
    result = subprocess.run([sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml")],
                            cwd=REPO, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, f"mypy --strict found errors:\n{result.stdout}{result.stderr}"
