"""Files from paths: recursion, default excludes, virtualenvs, .gitignore, odd entries."""

from __future__ import annotations

import os

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
