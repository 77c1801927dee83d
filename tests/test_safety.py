"""gnnlint reads; it never writes to a user's files or runs their code unless asked."""

from __future__ import annotations

import hashlib
import json

from tests.conftest import run_gnnlint

SIDE_EFFECT = ("import pathlib\npathlib.Path('RAN').write_text('the module was executed')\n"
               "import numpy as np\nX = X / np.max(X)\n")


def snapshot(root):
    return {p.relative_to(root).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in root.rglob("*") if p.is_file() and ".gnnlint_cache" not in p.parts}


def make_project(root):
    (root / "pkg").mkdir()
    (root / "pkg" / "model.py").write_text(SIDE_EFFECT)
    (root / "broken.py").write_text("def f(:\n")
    (root / "nb.ipynb").write_text(json.dumps({"cells": [
        {"cell_type": "code", "source": ["import os\n", "os.system('touch RAN_NOTEBOOK')\n"], "metadata": {},
         "outputs": []}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    (root / "pyproject.toml").write_text("[tool.gnnlint]\nselect = ['ALL']\n")


def test_linting_writes_nothing_but_the_cache_and_runs_nothing(tmp_path):
    make_project(tmp_path)
    before = snapshot(tmp_path)
    for fmt in ("text", "json", "sarif", "github"):
        run_gnnlint(".", "--output-format", fmt, cwd=tmp_path)
    run_gnnlint(".", "--diff", cwd=tmp_path)
    run_gnnlint(".", "--statistics", "--baseline", "missing.json", cwd=tmp_path)
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "RAN").exists() and not (tmp_path / "RAN_NOTEBOOK").exists()


def test_a_hostile_config_is_data_not_code(tmp_path):
    make_project(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        "[build-system]\nrequires = []\nbuild-backend = \"pkg.model\"\n"
        "[tool.gnnlint]\noutput-format = \"__import__('os').system('touch RAN')\"\n"
        "[tool.gnnlint.per-file-ignores]\n\"$(touch RAN)\" = ['GNN3']\n")
    result = run_gnnlint(".", cwd=tmp_path)
    assert result.returncode == 2 and "unknown output format" in result.stderr
    assert not (tmp_path / "RAN").exists()


def test_the_cache_lives_in_its_own_ignored_folder(tmp_path):
    make_project(tmp_path)
    run_gnnlint(".", cwd=tmp_path)
    cache = tmp_path / ".gnnlint_cache"
    assert (cache / ".gitignore").read_text().splitlines()[-1] == "*"
    assert not [p for p in cache.rglob("*") if p.is_file() and p.name.startswith(".tmp-")]
