"""The Python API finds what the command line prints: same configuration discovery, defaults,
info filtering, exclude and per-file-ignores (issue 19)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import gnnlint
from tests.conftest import REPO, run_gnnlint

FIXTURES = ["dgl_gcn_builtin_clean.py", "pyg_link_prediction_log_sigmoid.py", "amp_training_loop_fp16_no_scaler.py",
            "keras_gcn_functional_raw_adjacency.py"]
BAD = "import numpy as np\nX = np.ones((4, 4))\nX = X / np.max(X)\n"


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    for name in FIXTURES:
        shutil.copy(REPO / "fixtures" / "corpus" / name, tmp_path / "src" / name)
    (tmp_path / "src" / "scaled.py").write_text(BAD)
    (tmp_path / "legacy").mkdir()
    (tmp_path / "legacy" / "old.py").write_text(BAD)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.gnnlint]\nextend-exclude = ["legacy"]\n'
        '[tool.gnnlint.per-file-ignores]\n"src/scaled.py" = ["max-scaling"]\n')
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _key(path: str, line: int, code: str) -> tuple[str, int, str]:
    return (Path(path).as_posix(), line, code)


def test_lint_paths_returns_what_the_cli_prints(project):
    shown = json.loads(run_gnnlint("--no-cache", "--output-format", "json", "src", cwd=project).stdout)
    expected = sorted(_key(d["path"], d["line"], d["code"]) for d in shown["diagnostics"])
    found = sorted(_key(d.path, d.line, d.code) for d in gnnlint.lint_paths(["src"]))
    assert found == expected and len(found) >= 2
    assert all(d.severity != "info" for d in gnnlint.lint_paths(["src"]))  # advice stays off unless selected


def test_lint_paths_honours_the_configured_exclude_and_per_file_ignores(project):
    assert gnnlint.lint_paths(["."]) == gnnlint.lint_paths(["src"])  # legacy/ is excluded
    assert not [d for d in gnnlint.lint_paths(["src"]) if d.code == "GNN301"]


def test_lint_source_uses_the_configuration_too(project):
    assert [d.code for d in gnnlint.lint_source(BAD, "src/other.py")] == ["GNN301"]
    assert gnnlint.lint_source(BAD, "src/scaled.py") == []  # per-file-ignores
    (project / "pyproject.toml").write_text('[tool.gnnlint]\nignore = ["GNN3"]\n')
    assert gnnlint.lint_source(BAD, "src/other.py") == []  # a changed configuration is read again


def test_an_explicit_config_file_is_used(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "gnnlint.toml"
    other.write_text('select = ["GNN2"]\n')
    assert gnnlint.lint_source(BAD, "x.py", config=other) == []
