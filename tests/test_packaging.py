"""The wheel carries what an installed gnnlint needs: py.typed (the plugin API is typed) and the
rule catalogue (for --explain)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO


def test_the_wheel_ships_py_typed_and_the_catalogue(tmp_path):
    pytest.importorskip("hatchling", reason="hatchling (the build backend) is in the dev extra")
    built = subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("gnnlint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gnnlint/py.typed" in names
    assert "gnnlint/catalogue/GNN301-max-scaling/README.md" in names
