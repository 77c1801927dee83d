"""The benchmark harness works (a smoke run in quick mode, no peers), and the static path stays light."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

HEAVY = ("torch", "tensorflow", "keras", "jax")


def test_quick_run_writes_a_well_formed_results_file(tmp_path):
    # --json into a folder that does not exist yet (as bench/out/ is in a fresh clone)
    output, raw = tmp_path / "RESULTS.md", tmp_path / "out" / "results.json"
    # The fixtures and gnnlint's own sources are the corpora: no framework needs to be installed.
    # The fixtures come first: the target corpus's one-file runs must lint a GNN program (one of
    # gnnlint's own modules may hold nothing any rule reads, and then libcst is never loaded).
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--no-peers",
         "--corpus", f"fixtures={REPO / 'fixtures'}", "--corpus", f"gnnlint={REPO / 'gnnlint'}",
         "--quick-files", "4", "--scaling-repeats", "0", "--one-file-repeats", "1",
         "--gnnlint-python", sys.executable, "--work-dir", str(tmp_path),
         "--output", str(output), "--json", str(raw)],
        capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = output.read_text(encoding="utf-8")
    for heading in ("# gnnlint benchmark results", "## Machine", "## Targets", "## Whole-tree runs, cold",
                    "### gnnlint: 4 files", "### fixtures: 4 files", "## Warm run", "## One file",
                    "## Scaling", "## How this was measured"):
        assert heading in text, heading
    assert "Quick mode" in text
    assert "Load average" in text
    # Every table row has as many cells as its header.
    tables: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("|"):
            if tables and tables[-1]:
                tables[-1].append(line)
            else:
                tables.append([line])
        elif tables and tables[-1]:
            tables.append([])
    for table in filter(None, tables):
        widths = {row.count(" | ") for row in table}
        assert len(widths) == 1, table
    data = json.loads(raw.read_text(encoding="utf-8"))
    if Path("/proc/stat").exists():  # what else used the CPU, which the load average cannot tell
        assert 0 <= data["meta"]["others_cpu_share"] <= 1
        assert "Other processes (and the hypervisor's other guests) used" in text
    cold = data["corpora"]["fixtures"]["series"]["gnnlint"]
    assert cold["error"] is None and len(cold["runs"]) == 1
    run = cold["runs"][0]
    assert run["wall_s"] > 0 and run["cpu_s"] > 0 and run["maxrss_mb"] > 0
    assert data["warm"]["same_findings"]
    assert data["imports"]["heavy"] == []
    # The first run after install is timed once, and leaves libcst's dataclass code for the others.
    assert len(data["one_file"]["first_run"]["runs"]) == 1 and "first run after install" in text
    assert Path(data["meta"]["gnnlint"]["dataclass_code"]).is_file()
    # The scratch folder (copies of the corpora) is cleaned up.
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("gnnlint-bench-")]
    _ruff_target_is_judged_on_the_issues_command(data, tmp_path)
    _other_work_on_the_machine_is_reported(data, tmp_path)


def _render_saved_run(data: dict, tmp_path) -> str:
    """RESULTS.md as `bench/run.py --render` writes it from a saved (here: edited) run."""
    saved, output = tmp_path / "saved.json", tmp_path / "RESULTS-rendered.md"
    saved.write_text(json.dumps(data), encoding="utf-8")
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--render", str(saved),
                           "--output", str(output)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return output.read_text(encoding="utf-8")


def _other_work_on_the_machine_is_reported(data: dict, tmp_path) -> None:
    """Other processes' share of the CPU, not the load average (which counts the tools themselves),
    decides whether the results call the machine busy."""
    data["meta"]["load"].update(median=2.0, max=2.0)  # both cores busy with the measured tools
    for share, busy in ((0.03, False), (0.30, True)):
        data["meta"]["others_cpu_share"] = share
        text = _render_saved_run(data, tmp_path)
        assert f"used {share:.0%} of this machine's CPU" in text
        assert ("busy with other work" in text) is busy


def _ruff_target_is_judged_on_the_issues_command(data: dict, tmp_path) -> None:
    """The 5x-ruff target is judged against ruff's default output (the issue's command); the concise
    output is shown beside it for reference, from a saved run re-rendered with --render."""
    target = data["meta"]["target_corpus"]
    series = data["corpora"][target]["series"]
    gnnlint_wall = series["gnnlint"]["median"]["wall_s"]
    for tool, factor in (("ruff-default", 4.0), ("ruff", 10.0)):  # gnnlint 4x and 10x slower
        fake = json.loads(json.dumps(series["gnnlint"]))
        fake["median"]["wall_s"] = gnnlint_wall / factor
        fake["command"] = ["ruff", "check", "--select", "ALL"]
        series[tool] = fake
    text = _render_saved_run(data, tmp_path)
    rows = [line for line in text.splitlines() if line.startswith(f"| cold run on {target} vs `ruff")]
    assert len(rows) == 2, rows
    default, concise = rows
    assert "default output" in default and "= 4.0x | ≤ 5x ruff's wall time | met |" in default
    assert "concise" in concise and "= 10.0x | ≤ 5x ruff's wall time | for reference (beyond 5x) |" in concise


def test_one_file_run_imports_neither_torch_nor_tensorflow(tmp_path):
    target = tmp_path / "model.py"
    target.write_text(textwrap.dedent("""\
        import torch
        import tensorflow as tf
        from torch_geometric.nn import GCNConv

        def normalise(x):
            return x / x.max()
    """), encoding="utf-8")
    report = tmp_path / "modules.json"
    code = textwrap.dedent(f"""\
        import atexit, json, runpy, sys
        def dump():
            with open({str(report)!r}, "w") as handle:
                json.dump(sorted(sys.modules), handle)
        atexit.register(dump)
        sys.argv = ["gnnlint", "--no-cache", {str(target)!r}]
        runpy.run_module("gnnlint", run_name="__main__", alter_sys=True)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode in (0, 1), done.stderr
    assert "model.py" in done.stdout  # it really linted the file (x / x.max() is a finding)
    modules = json.loads(report.read_text(encoding="utf-8"))
    assert "gnnlint.engine" in modules
    heavy = [name for name in modules if name.split(".")[0] in HEAVY]
    assert heavy == [], heavy
