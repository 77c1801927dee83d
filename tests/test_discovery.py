"""Files from paths: recursion, default excludes, virtualenvs, .gitignore, odd entries."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from gnnlint.discovery import Excluder, discover, parse_gitignore
from tests.conftest import run_gnnlint

BAD = "import numpy as np\nX = np.ones((4, 4))\nX = X / np.max(X)\n"


def found(root, *paths):
    result = discover([str(root / p) for p in paths] or [str(root)], Excluder([], root))
    return sorted(p.relative_to(root).as_posix() for p in result.files), result.errors


def test_default_excludes_and_virtualenvs(tmp_path):
    for folder in ("pkg", ".git", "build", "__pycache__", ".venv", "myenv", "node_modules"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.py").write_text(BAD)
    (tmp_path / "myenv" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "notes.txt").write_text("hi")
    (tmp_path / "nb.ipynb").write_text("{}")
    files, errors = found(tmp_path)
    assert files == ["nb.ipynb", "pkg/m.py"] and errors == []


def test_a_skipped_build_folder_holding_python_is_said_and_can_be_named(tmp_path):
    """DGL keeps distributed-training source in `graphsage/dist/`: a default exclude must not hide
    it without a word, and naming the folder lints it."""
    (tmp_path / "graphsage" / "dist").mkdir(parents=True)
    (tmp_path / "graphsage" / "dist" / "train_dist.py").write_text(BAD)
    (tmp_path / "graphsage" / "train.py").write_text("x = 1\n")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "notes.txt").write_text("no Python here")
    result = run_gnnlint(str(tmp_path))
    assert result.returncode == 0
    assert result.stderr.count("warning:") == 1 and "graphsage/dist: skipped" in result.stderr
    listed = run_gnnlint("--show-files", str(tmp_path))
    assert listed.stdout.split() == [str(tmp_path / "graphsage" / "train.py")] and "graphsage/dist" in listed.stderr
    named = run_gnnlint(str(tmp_path / "graphsage" / "dist"))
    assert "GNN301" in named.stdout and "warning:" not in named.stderr


def test_gitignore_is_honoured_including_negation_and_anchors(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("generated/\n*_pb2.py\n/top_only.py\n!keep_pb2.py\n")
    for rel in ("generated/a.py", "src/x_pb2.py", "src/keep_pb2.py", "top_only.py", "src/top_only.py", "src/m.py"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    (tmp_path / "src" / ".gitignore").write_text("m.py\n")
    files, _ = found(tmp_path)
    assert files == ["src/keep_pb2.py", "src/top_only.py"]
    # A .gitignore above the linted folder (the repository root's) applies too.
    files, _ = found(tmp_path, "src")
    assert files == ["src/keep_pb2.py", "src/top_only.py"]


def test_gitignore_patterns():
    patterns = parse_gitignore("**/logs\nfoo/**/bar.py\n# comment\n\n")
    assert patterns[0].regex.match("a/b/logs") and patterns[0].regex.match("logs")
    assert patterns[1].regex.match("foo/bar.py") and patterns[1].regex.match("foo/x/y/bar.py")
    assert not patterns[1].regex.match("x/foo/bar.py")


def test_directory_named_like_a_file_and_a_symlink_loop(tmp_path):
    (tmp_path / "x.py").mkdir()
    (tmp_path / "x.py" / "inner.py").write_text(BAD)
    (tmp_path / "loop").mkdir()
    os.symlink(tmp_path / "loop", tmp_path / "loop" / "again")
    files, errors = found(tmp_path)
    assert files == ["x.py/inner.py"] and errors == []


def test_explicit_non_python_file_is_reported_and_skipped(tmp_path):
    (tmp_path / "README.md").write_text("# hi\n")
    files, errors = found(tmp_path, "README.md")
    assert files == [] and errors == [f"{tmp_path / 'README.md'}: not a Python file or notebook, skipped"]


def test_the_cli_lints_what_discovery_finds(tmp_path):
    (tmp_path / ".gitignore").write_text("ignored.py\n")
    (tmp_path / "ignored.py").write_text(BAD)
    (tmp_path / "m.py").write_text(BAD)
    result = run_gnnlint(cwd=tmp_path)
    assert "m.py:3" in result.stdout and "ignored.py" not in result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("pattern", ["foo**bar.py", "a/**/b.py", "**/deep.py", "logs/**", "name\\ ", "trail.py   ",
                                     "*.pyc", "x?z.py", "docs/*.py", "bu*ld/", "[ab]c.py"])
def test_gitignore_patterns_match_as_git_matches_them(tmp_path, pattern):
    """The parser against git itself (`git check-ignore`): `**` is special only as a whole segment,
    an escaped trailing space is kept, unescaped ones are dropped."""
    paths = ["foo/x/bar.py", "fooxbar.py", "a/b.py", "a/x/y/b.py", "deep.py", "q/deep.py", "logs/a/b.py",
             "name ", "name", "trail.py", "m.pyc", "xyz.py", "x/z.py", "docs/a.py", "docs/q/a.py", "build/a.py",
             "ac.py", "cc.py"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text(pattern + "\n")
    patterns = parse_gitignore(pattern + "\n")
    for path in paths:
        by_git = subprocess.run(["git", "-C", str(tmp_path), "check-ignore", "-q", "--no-index", path]).returncode == 0
        parts = path.split("/")
        ours = False
        for p in patterns:
            for depth in range(1, len(parts) + 1):  # the path and each folder above it
                if (not p.dir_only or depth < len(parts)) and p.regex.match("/".join(parts[:depth])):
                    ours = not p.negated
        assert ours == by_git, f"{pattern!r} on {path!r}: git says {by_git}"
