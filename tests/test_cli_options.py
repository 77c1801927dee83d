"""Command-line behaviour a ruff user expects (issue 19): fixing, standard input, options."""

from __future__ import annotations

import pytest

from tests.conftest import run_gnnlint
from tests.test_fix import FIXING_PLUGIN, SOURCE

FIXED_SAFE = "# keep this comment\nlog( 'a' ,  1 )  # and this one\nexit(3)\nx = [log(i) for i in range(2)]\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gnnlint]\nplugins = ['fixing']\nselect = ['ZZZ']\n")
    (tmp_path / "fixing.py").write_text(FIXING_PLUGIN)
    (tmp_path / "m.py").write_text(SOURCE)
    return tmp_path


def test_unsafe_fixes_without_fix_rewrites_nothing(project):
    result = run_gnnlint("--unsafe-fixes", "m.py", cwd=project)
    assert (project / "m.py").read_text() == SOURCE
    assert result.returncode == 1 and "m.py:2:1: ZZZ001" in result.stdout and "m.py:3:1: ZZZ002" in result.stdout


def test_fix_from_stdin_writes_the_fixed_source_to_stdout_and_findings_to_stderr(project):
    result = run_gnnlint("--fix", "-", stdin=SOURCE, cwd=project)
    assert result.stdout == FIXED_SAFE
    assert "<stdin>:3:1: ZZZ002" in result.stderr and "internal error" not in result.stderr
    assert result.returncode == 1  # the unsafe finding remains
    unsafe = run_gnnlint("--fix", "--unsafe-fixes", "--stdin-filename", "pkg/m.py", "-", stdin=SOURCE, cwd=project)
    assert unsafe.stdout == FIXED_SAFE.replace("exit(3)", "stop(3)") and unsafe.returncode == 0, unsafe.stderr


def test_fix_from_stdin_with_nothing_to_fix_echoes_the_source(project):
    result = run_gnnlint("--fix", "-", stdin="x = 1\n", cwd=project)
    assert result.stdout == "x = 1\n" and result.returncode == 0


def test_diff_from_stdin_prints_the_diff(project):
    result = run_gnnlint("--diff", "--stdin-filename", "m.py", stdin=SOURCE, cwd=project)
    assert result.returncode == 1, result.stderr
    assert "--- a/m.py\n+++ b/m.py\n" in result.stdout
    assert "-print( 'a' ,  1 )  # and this one\n+log( 'a' ,  1 )  # and this one\n" in result.stdout
    assert run_gnnlint("--diff", "-", stdin="x = 1\n", cwd=project).stdout == ""


def test_stdin_filename_without_paths_reads_stdin(project):
    (project / "other.py").write_text("print(2)\n")
    result = run_gnnlint("--stdin-filename", "pkg/feats.py", stdin="print(1)\n", cwd=project)
    assert "pkg/feats.py:1:1: ZZZ001" in result.stdout
    assert "other.py" not in result.stdout and "m.py" not in result.stdout
