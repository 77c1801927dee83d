"""The README's pre-commit snippets work as written: the remote one names a revision that exists,
the local one runs gnnlint through pre-commit for real."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.test_precommit import git, run_hooks


def _snippets() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## pre-commit", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.DOTALL)


def test_the_remote_snippet_names_a_revision_that_exists():
    (remote,) = [s for s in _snippets() if "repo: https://" in s]
    rev = re.search(r"rev: (\S+)", remote).group(1)
    tags = subprocess.run(["git", "tag"], cwd=REPO, capture_output=True, text=True).stdout.split()
    assert rev == "main" or rev in tags, f"rev {rev} is neither the main branch nor a tag"


@pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs a git repository")
def test_the_local_snippet_runs_gnnlint(tmp_path, tmp_path_factory, monkeypatch):
    (local,) = [s for s in _snippets() if "repo: local" in s]
    git("init", "-q", cwd=tmp_path)
    (tmp_path / ".pre-commit-config.yaml").write_text(local)
    (tmp_path / "feats.py").write_text("import numpy as np\nX = np.ones(3)\nX = X / np.max(X)\n")
    git("add", ".", cwd=tmp_path)
    home = tmp_path_factory.mktemp("pre-commit-home")
    monkeypatch.setenv("PATH", f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ['PATH']}")  # the venv's gnnlint
    result = run_hooks(tmp_path, home)
    assert result.returncode == 1 and "feats.py:3:5: GNN301" in result.stdout, result.stdout + result.stderr
