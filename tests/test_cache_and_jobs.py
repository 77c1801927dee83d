"""The result cache and the process pool never change what is reported."""

from __future__ import annotations

from tests.conftest import run_gnnlint

BAD = "import numpy as np\nX = np.ones((4, 4))\nX = X / np.max(X)\n"


def make_tree(root, count=40):
    for i in range(count):
        folder = root / f"pkg{i % 5}"
        folder.mkdir(exist_ok=True)
        (folder / f"m{i}.py").write_text(BAD if i % 3 == 0 else f"x{i} = {i}\n")


def test_jobs_do_not_change_results(tmp_path):
    make_tree(tmp_path)
    serial = run_gnnlint(".", "-j", "1", "--no-cache", cwd=tmp_path)
    parallel = run_gnnlint(".", "-j", "2", "--no-cache", cwd=tmp_path)
    assert serial.stdout == parallel.stdout and serial.returncode == parallel.returncode == 1
    assert serial.stdout.count("GNN301") == 14


def test_warm_cache_gives_the_same_report_and_follows_edits(tmp_path):
    make_tree(tmp_path, 10)
    cold = run_gnnlint(".", cwd=tmp_path)
    assert (tmp_path / ".gnnlint_cache" / ".gitignore").read_text().strip().endswith("*")
    warm = run_gnnlint(".", cwd=tmp_path)
    assert warm.stdout == cold.stdout
    (tmp_path / "pkg0" / "m0.py").write_text("x = 1\n")
    edited = run_gnnlint(".", cwd=tmp_path)
    assert edited.stdout.count("GNN301") == cold.stdout.count("GNN301") - 1


def test_cache_key_includes_the_selection(tmp_path):
    make_tree(tmp_path, 6)
    assert "GNN301" in run_gnnlint(".", cwd=tmp_path).stdout
    assert "GNN301" not in run_gnnlint(".", "--ignore", "GNN301", cwd=tmp_path).stdout
    assert "GNN301" in run_gnnlint(".", cwd=tmp_path).stdout


def test_no_cache_writes_nothing(tmp_path):
    make_tree(tmp_path, 3)
    run_gnnlint(".", "--no-cache", cwd=tmp_path)
    assert not (tmp_path / ".gnnlint_cache").exists()


def test_a_corrupt_cache_entry_is_ignored(tmp_path):
    make_tree(tmp_path, 3)
    first = run_gnnlint(".", cwd=tmp_path).stdout
    for entry in (tmp_path / ".gnnlint_cache").rglob("*"):
        if entry.is_file() and entry.name != ".gitignore":
            entry.write_text("{not json")
    assert run_gnnlint(".", cwd=tmp_path).stdout == first
