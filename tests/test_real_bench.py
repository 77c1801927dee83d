"""bench/real.py: sites are read from a snapshot at their commit, linted, and scored per split."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import REPO

HAZARD = """\
from torch_geometric.utils import degree

deg = degree(edge_index[1], num_nodes)

norm = deg.pow(-0.5)


safe = deg.clamp(min=1).pow(-0.5)
"""


def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@t", "PATH": "/usr/bin:/bin"})


def test_sites_are_scored_from_the_snapshot_at_their_commit(tmp_path):
    repo = tmp_path / "mirror" / "someone+gnn" / "repo"
    repo.mkdir(parents=True)
    _git("init", "-q", cwd=repo)
    (repo / "norm.py").write_text(HAZARD)
    _git("add", "norm.py", cwd=repo)
    _git("commit", "-qm", "first", cwd=repo)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True).stdout.strip()
    # A later commit guards the hazard: the site must still be read at its own commit.
    (repo / "norm.py").write_text(HAZARD.replace("deg.pow(-0.5)", "deg.clamp(min=1).pow(-0.5)", 1))
    _git("commit", "-qam", "fix", cwd=repo)
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "someone__gnn.toml").write_text(textwrap.dedent(f"""\
        [repo]
        name = "someone/gnn"
        commit = "{commit}"

        [[site]]
        path = "norm.py"
        line = 5
        code = "GNN102"
        verdict = "hazard"
        why = "inverse square root of a degree with no guard"

        [[site]]
        path = "norm.py"
        line = 9
        code = "GNN102"
        verdict = "guard"
        why = "clamped"

        [[site]]
        path = "missing.py"
        line = 1
        code = "GNN102"
        verdict = "hazard"
        why = "a file the snapshot does not have"
        """))
    output = tmp_path / "REAL.md"
    done = subprocess.run([sys.executable, str(REPO / "bench" / "real.py"), "--sites", str(sites),
                           "--mirror", str(tmp_path / "mirror"), "--work", str(tmp_path / "work"),
                           "--output", str(output)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    text = output.read_text()
    rows = [line for line in text.splitlines() if line.startswith("| **all**")]
    # Both sites land in one split or the other; together: one hazard found, one guard quiet.
    totals = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
    assert sum(int(t[1]) for t in totals) == 1 and sum(int(t[2]) for t in totals) == 1
    assert sum(int(t[4]) for t in totals) == 1 and sum(int(t[5]) for t in totals) == 0
    assert "missing.py" in text  # reported as not scored, not silently dropped
