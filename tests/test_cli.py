"""The command line as a user drives it: exit codes, selection, output, stdin, explain, list-rules."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_gnnlint

BAD = "import numpy as np\nX = np.ones((4, 4))\nX = X / np.max(X)\n"
UNIFORM = "import torch\nfrom torch import nn\nw = nn.Parameter(torch.empty(3, 3))\nnn.init.uniform_(w)\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "init.py").write_text(UNIFORM)
    (tmp_path / "clean.py").write_text("import numpy as np\nX = np.ones(3) / 255.0\n")
    return tmp_path


def test_findings_are_printed_as_path_line_col_code_severity_message_name(project):
    result = run_gnnlint(".", cwd=project)
    assert result.returncode == 1
    assert "bad.py:3:5: GNN301 [warning] `X / np.max(X)` scales `X` by its global maximum" in result.stdout
    assert "init.py:4:1: GNN201" in result.stdout and "[positive-uniform-init]" in result.stdout
    assert "Found 2 problems (1 error, 1 warning) in 3 files." in result.stdout


def test_clean_run_exits_zero_with_a_summary(project):
    result = run_gnnlint("clean.py", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "All checks passed: 1 file, no problems." in result.stdout


def test_default_path_is_the_current_directory(project):
    assert run_gnnlint(cwd=project).returncode == 1


@pytest.mark.parametrize("fail_on, expected", [("error", 1), ("warning", 1), ("info", 1)])
def test_fail_on(project, fail_on, expected):
    assert run_gnnlint(".", "--fail-on", fail_on, cwd=project).returncode == expected


def test_fail_on_error_ignores_warnings(project):
    assert run_gnnlint("bad.py", "--fail-on", "error", cwd=project).returncode == 0
    assert run_gnnlint("bad.py", "--fail-on", "warning", cwd=project).returncode == 1


def test_exit_zero_turns_only_findings_into_success(project):
    assert run_gnnlint(".", "--exit-zero", cwd=project).returncode == 0
    assert run_gnnlint("missing.py", "--exit-zero", cwd=project).returncode == 2


def test_select_ignore_and_extend_select(project):
    only_init = run_gnnlint(".", "--select", "GNN2", cwd=project)
    assert "GNN201" in only_init.stdout and "GNN301" not in only_init.stdout
    ignored = run_gnnlint(".", "--ignore", "GNN201,GNN3", cwd=project)
    assert ignored.returncode == 0 and "GNN" not in ignored.stdout.split("All checks")[0]
    extended = run_gnnlint("bad.py", "--select", "GNN2", "--extend-select", "GNN301", cwd=project)
    assert "GNN301" in extended.stdout
    everything = run_gnnlint(".", "--select", "ALL", cwd=project)
    assert "GNN201" in everything.stdout and "GNN301" in everything.stdout


def test_unknown_code_is_a_usage_error_with_a_suggestion(project):
    result = run_gnnlint(".", "--select", "GNN3O1", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "gnnlint: error: select: unknown rule code 'GNN3O1'; did you mean 'GNN301'?"


def test_unknown_output_format_is_a_usage_error(project):
    result = run_gnnlint(".", "--output-format", "xml", cwd=project)
    assert result.returncode == 2
    assert "unknown output format 'xml'" in result.stderr and "sarif" in result.stderr


def test_output_file_receives_the_report(project):
    result = run_gnnlint(".", "--output-format", "json", "--output-file", "report.json", cwd=project)
    assert result.returncode == 1 and result.stdout == ""
    document = json.loads((project / "report.json").read_text())
    assert {d["code"] for d in document["diagnostics"]} == {"GNN201", "GNN301"}


def test_statistics_counts_per_code(project):
    result = run_gnnlint(".", "--statistics", cwd=project)
    assert "     1  GNN201  positive-uniform-init" in result.stdout
    assert "     1  GNN301  max-scaling" in result.stdout


def test_stdin_with_a_filename(project):
    result = run_gnnlint("-", "--stdin-filename", "pkg/feats.py", stdin=BAD, cwd=project)
    assert result.returncode == 1
    assert "pkg/feats.py:3:5: GNN301" in result.stdout


def test_syntax_error_is_reported_and_other_files_still_linted(project):
    (project / "broken.py").write_text("def forward(self, x:\n    return x\n")
    result = run_gnnlint(".", cwd=project)
    assert result.returncode == 1
    assert "broken.py:1:" in result.stdout and "GNN900" in result.stdout
    assert "bad.py:3:5: GNN301" in result.stdout


def test_missing_path_is_one_line_error_and_the_rest_is_linted(project):
    result = run_gnnlint("nope.py", "bad.py", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == "gnnlint: error: nope.py: no such file or directory"
    assert "bad.py:3:5: GNN301" in result.stdout


def test_colour_only_on_a_terminal_and_never_with_no_color(project):
    piped = run_gnnlint("bad.py", cwd=project)
    assert "\033[" not in piped.stdout


def test_colour_on_a_pseudo_terminal(project):
    import os
    import pty
    import subprocess
    import sys

    def run(env_extra):
        leader, follower = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | env_extra
        process = subprocess.Popen([sys.executable, "-m", "gnnlint", "bad.py"], cwd=project, stdout=follower,
                                   stderr=subprocess.DEVNULL, env=env)
        process.wait(timeout=60)
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        return b"".join(chunks).decode()

    assert "\033[" in run({})
    assert "\033[" not in run({"NO_COLOR": "1"})


def test_explain_prints_the_catalogue_page(project):
    result = run_gnnlint("--explain", "GNN301", cwd=project)
    assert result.returncode == 0
    assert result.stdout.startswith("# GNN301 max-scaling")
    assert "## Why is this bad?" in result.stdout
    by_name = run_gnnlint("--explain", "max-scaling", cwd=project)
    assert by_name.stdout == result.stdout
    assert run_gnnlint("--explain", "GNN999", cwd=project).returncode == 2


def test_explain_is_a_path_when_given_as_path(project):
    """Options rather than subcommands: `gnnlint rules/` is a directory to lint."""
    (project / "rules").mkdir()
    (project / "rules" / "x.py").write_text(BAD)
    result = run_gnnlint("rules/", cwd=project)
    assert "rules/x.py:3:5: GNN301" in result.stdout


def test_list_rules_table_and_json(project):
    table = run_gnnlint("--list-rules", cwd=project)
    assert table.returncode == 0
    assert any(line.split()[:4] == ["GNN201", "positive-uniform-init", "error", "on"] for line in table.stdout.splitlines())
    assert any(line.split()[:4] == ["GNN902", "unused-noqa", "info", "off"] for line in table.stdout.splitlines())
    rows = json.loads(run_gnnlint("--list-rules", "--output-format", "json", cwd=project).stdout)
    assert {"code": "GNN301", "name": "max-scaling", "severity": "warning", "default": "on"}.items() <= \
        next(r for r in rows if r["code"] == "GNN301").items()


def test_version(project):
    result = run_gnnlint("--version", cwd=project)
    assert result.returncode == 0 and result.stdout.startswith("gnnlint 0.1.0")


def test_module_and_console_script_agree(project):
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).parent / "gnnlint"  # installed next to the interpreter
    result = subprocess.run([str(script), "bad.py"], cwd=project, capture_output=True, text=True)
    assert result.returncode == 1 and "GNN301" in result.stdout
