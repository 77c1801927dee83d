"""Command-line behaviour a ruff user expects (issue 19): fixing, standard input, options."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_gnnlint
from tests.test_cli import BAD, UNIFORM
from tests.test_fix import SOURCE, project  # noqa: F401  (the project fixture: the fixing plugin, m.py)

FIXED_SAFE = "# keep this comment\nlog( 'a' ,  1 )  # and this one\nexit(3)\nx = [log(i) for i in range(2)]\n"


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


@pytest.fixture
def hazards(tmp_path):
    (tmp_path / "bad.py").write_text(BAD)
    (tmp_path / "init.py").write_text(UNIFORM)
    return tmp_path


def test_a_mistyped_option_gets_a_suggestion(hazards):
    result = run_gnnlint("--selct", "GNN3", ".", cwd=hazards)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "gnnlint: error: unrecognized arguments: --selct (did you mean --select?)"


@pytest.mark.parametrize("option", ["--select", "--extend-select"])
def test_rules_are_selected_by_name_as_explain_takes_them(hazards, option):
    result = run_gnnlint(option, "max-scaling", "--no-cache", ".", cwd=hazards)
    assert result.returncode == 1, result.stderr
    assert "bad.py:3:5: GNN301" in result.stdout
    assert ("GNN201" in result.stdout) == (option == "--extend-select")


def test_rules_are_ignored_by_name_on_the_command_line_and_in_config(hazards):
    ignored = run_gnnlint("--ignore", "max-scaling,positive-uniform-init", "--no-cache", ".", cwd=hazards)
    assert ignored.returncode == 0 and "GNN" not in ignored.stdout, ignored.stdout + ignored.stderr
    (hazards / "pyproject.toml").write_text('[tool.gnnlint]\nselect = ["max-scaling", "GNN2"]\n'
                                            '[tool.gnnlint.per-file-ignores]\n"init.py" = ["positive-uniform-init"]\n')
    configured = run_gnnlint("--no-cache", ".", cwd=hazards)
    assert "bad.py:3:5: GNN301" in configured.stdout and "GNN201" not in configured.stdout, configured.stderr


def test_a_misspelt_rule_name_is_a_usage_error_with_a_suggestion(hazards):
    result = run_gnnlint("--select", "max-scalng", ".", cwd=hazards)
    assert result.returncode == 2
    assert result.stderr.strip() == "gnnlint: error: select: unknown rule name 'max-scalng'; did you mean 'max-scaling'?"


def test_a_closed_pipe_ends_the_run_quietly(tmp_path):
    import os
    import subprocess
    import sys

    # Far more output than a pipe buffer holds, so that writing hits the closed pipe.
    (tmp_path / "many.py").write_text("import numpy as np\n" + "X = X / np.max(X)\n" * 1500)
    process = subprocess.Popen([sys.executable, "-m", "gnnlint", "--no-cache", "many.py"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "NO_COLOR": "1"})
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=120)
    assert first.startswith(b"many.py:2:5: GNN301")
    assert stderr == "" and process.returncode == 0


def test_text_lines_carry_the_severity_and_stay_parseable(hazards):
    import re

    line = re.compile(r"^(.+?):(\d+):(\d+): (\w+) \[(\w+)\] (.*) \[([\w-]+)\]$")  # as the README documents
    result = run_gnnlint("--no-cache", ".", cwd=hazards)
    parsed = [line.match(text).groups() for text in result.stdout.splitlines()[:-1]]
    assert {(p[0], p[1], p[3], p[4], p[6]) for p in parsed} == {
        ("bad.py", "3", "GNN301", "warning", "max-scaling"), ("init.py", "4", "GNN201", "error", "positive-uniform-init")}


def test_disable_plugins_naming_no_plugin_is_a_warning(hazards):
    (hazards / "pyproject.toml").write_text("[tool.gnnlint]\ndisable-plugins = ['team-rulez']\n")
    result = run_gnnlint("--no-cache", "bad.py", cwd=hazards)
    assert result.stderr == ("gnnlint: warning: disable-plugins: 'team-rulez' is not the name of any plugin here "
                             "(see --version)\n")
    assert result.returncode == 1 and "GNN301" in result.stdout  # the run goes on


def test_disable_plugins_naming_a_plugin_blocks_it_quietly(project):
    (project / "pyproject.toml").write_text(
        "[tool.gnnlint]\nplugins = ['fixing']\ndisable-plugins = ['fixing']\nselect = ['GNN']\n")
    result = run_gnnlint("--no-cache", "m.py", cwd=project)
    assert result.stderr == "" and "ZZZ" not in result.stdout


@pytest.fixture
def configured(hazards):
    (hazards / "legacy").mkdir()
    (hazards / "legacy" / "old.py").write_text(BAD)
    (hazards / "pyproject.toml").write_text('[tool.gnnlint]\nextend-exclude = ["legacy"]\nignore = ["GNN2"]\n'
                                            '[tool.gnnlint.options.GNN404]\n')
    return hazards


def test_quiet_prints_the_findings_and_nothing_else(configured):
    (configured / "noqa.py").write_text("x = 1  # noqa: GNN999\n")  # a warning on stderr without -q
    result = run_gnnlint("-q", "--no-cache", ".", cwd=configured)
    assert result.returncode == 1 and result.stderr == ""
    assert result.stdout.splitlines() == [line for line in result.stdout.splitlines() if ": GNN301 [warning]" in line]
    assert len(result.stdout.splitlines()) == 1
    counted = run_gnnlint("-q", "--statistics", "--no-cache", ".", cwd=configured)  # asked for: still shown
    assert counted.stdout.splitlines()[-1] == "     1  GNN301  max-scaling"
    clean = run_gnnlint("-q", "--no-cache", "noqa.py", cwd=configured)
    assert clean.returncode == 0 and clean.stdout == "" and clean.stderr == ""


def test_verbose_says_what_was_used_on_stderr(configured):
    result = run_gnnlint("-v", "--no-cache", ".", cwd=configured)
    assert f"gnnlint: configuration: {configured / 'pyproject.toml'}" in result.stderr
    assert "gnnlint: 2 files to lint; cache: off" in result.stderr  # legacy/ is excluded
    assert "GNN301" in result.stdout and "GNN301" in result.stderr.split("rules enabled: ")[1]


def test_show_settings_prints_the_resolved_configuration(configured):
    result = run_gnnlint("--show-settings", "--select", "GNN2,max-scaling", cwd=configured)
    assert result.returncode == 0, result.stderr
    shown = dict(line.split(": ", 1) for line in result.stdout.splitlines())
    assert shown["config-file"] == str(configured / "pyproject.toml")
    assert json.loads(shown["rules"]) == ["GNN301"]  # GNN2 selected on the command line, ignored in config
    assert "legacy" in json.loads(shown["exclude"]) and ".git" in json.loads(shown["exclude"])
    as_json = json.loads(run_gnnlint("--show-settings", "--output-format", "json", cwd=configured).stdout)
    assert "GNN201" not in as_json["rules"] and "GNN301" in as_json["rules"] and as_json["fail_on"] == "warning"


def test_show_files_lists_what_would_be_linted(configured):
    result = run_gnnlint("--show-files", cwd=configured)
    assert result.returncode == 0 and result.stdout.splitlines() == ["bad.py", "init.py"]


def test_isolated_ignores_the_configuration(configured):
    assert run_gnnlint("--isolated", "--show-files", cwd=configured).stdout.splitlines() == \
        ["bad.py", "init.py", "legacy/old.py"]
    result = run_gnnlint("--isolated", "--no-cache", "init.py", cwd=configured)
    assert "GNN201" in result.stdout  # the configured ignore no longer applies
    both = run_gnnlint("--isolated", "--config", "pyproject.toml", cwd=configured)
    assert both.returncode == 2 and both.stderr.strip() == "gnnlint: error: --config and --isolated cannot be combined"
