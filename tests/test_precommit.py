"""The repository's pre-commit hook, run for real by pre-commit on a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.skipif(not (REPO / ".git").exists(), reason="needs the gnnlint git repository")


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t"})


@pytest.fixture(scope="module")
def precommit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def repo(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    git("init", "-q", cwd=tmp_path)
    (tmp_path / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {REPO}\n    rev: {head}\n    hooks:\n      - id: gnnlint\n")
    (tmp_path / "README.md").write_text("hello\n")
    git("add", ".pre-commit-config.yaml", "README.md", cwd=tmp_path)
    git("commit", "-q", "-m", "init", cwd=tmp_path)
    return tmp_path


def run_hooks(repo, home):
    executable = Path(sys.executable).parent / "pre-commit"
    command = [str(executable)] if executable.exists() else [shutil.which("pre-commit") or "pre-commit"]
    return subprocess.run([*command, "run"], cwd=repo, capture_output=True, text=True, timeout=900,
                          env={**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"})


def test_staged_bad_file_fails_good_passes_and_nothing_staged_passes(repo, precommit_home):
    nothing = run_hooks(repo, precommit_home)
    assert nothing.returncode == 0, nothing.stdout + nothing.stderr
    assert "(no files to check)" in nothing.stdout

    (repo / "model.py").write_text("import numpy as np\nX = np.ones((3, 3))\nX = X / np.max(X)\n")
    git("add", "model.py", cwd=repo)
    bad = run_hooks(repo, precommit_home)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "model.py:3:5: GNN301" in bad.stdout

    (repo / "model.py").write_text("import numpy as np\nX = np.ones((3, 3))\nX = (X - X.mean(0)) / (X.std(0) + 1e-8)\n")
    git("add", "model.py", cwd=repo)
    good = run_hooks(repo, precommit_home)
    assert good.returncode == 0, good.stdout + good.stderr
