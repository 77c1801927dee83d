"""--write-baseline records today's findings; --baseline reports only new ones."""

from __future__ import annotations

import json

from tests.conftest import run_gnnlint

OLD = "import numpy as np\nX = X / np.max(X)\n"


def test_baseline_hides_old_findings_and_shows_new_ones(tmp_path):
    (tmp_path / "m.py").write_text(OLD)
    written = run_gnnlint(".", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert written.returncode == 0 and "wrote 1 findings to the baseline" in written.stderr
    document = json.loads((tmp_path / "baseline.json").read_text())
    assert document["findings"] == [{"path": "m.py", "code": "GNN301", "cell": None, "line_text": "X = X / np.max(X)"}]
    assert run_gnnlint(".", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0
    # Unrelated lines above: still the same finding.
    (tmp_path / "m.py").write_text("import os\nimport sys\n\n" + OLD)
    assert run_gnnlint(".", "--baseline", "baseline.json", cwd=tmp_path).returncode == 0
    # A new finding (even a copy of the old line) is reported.
    (tmp_path / "m.py").write_text(OLD + "X = X / np.max(X)\nY = Y / Y.max()\n")
    result = run_gnnlint(".", "--baseline", "baseline.json", cwd=tmp_path)
    assert result.returncode == 1
    assert [line.split(": ")[0] for line in result.stdout.splitlines() if "GNN301" in line] == ["m.py:3:5", "m.py:4:5"]


def test_baseline_works_from_another_directory(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text(OLD)
    run_gnnlint("src", "--write-baseline", "baseline.json", cwd=tmp_path)
    assert run_gnnlint(".", "--baseline", "../baseline.json", cwd=tmp_path / "src").returncode == 0


def test_bad_baseline_is_a_one_line_error(tmp_path):
    (tmp_path / "m.py").write_text(OLD)
    (tmp_path / "b.json").write_text("[1, 2]")
    result = run_gnnlint(".", "--baseline", "b.json", cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.startswith("gnnlint: error: baseline b.json: not a gnnlint baseline")
    missing = run_gnnlint(".", "--baseline", "nope.json", cwd=tmp_path)
    assert missing.returncode == 2 and "baseline nope.json: cannot read" in missing.stderr
