"""Plugins through pluggy: local modules from config, installed entry points, and every way one can fail."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import run_gnnlint

PRINT_CALL = '''
import libcst as cst
import gnnlint

class PrintCall(gnnlint.Rule):
    code = "ZZZ001"
    name = "print-call"
    message = "print call"

    def visit_Call(self, node: cst.Call) -> None:
        if isinstance(node.func, cst.Name) and node.func.value == "print":
            self.report(node)

@gnnlint.hookimpl
def gnnlint_register_rules():
    return [PrintCall]
'''


def project_with(tmp_path, plugin_source: str, module: str = "team_rules"):
    (tmp_path / "pyproject.toml").write_text(f"[tool.gnnlint]\nplugins = ['{module}']\n")
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(plugin_source))
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "m.py").write_text("print('hi')\nimport numpy as np\nX = X / np.max(X)\n")
    return tmp_path


def test_local_plugin_from_config_reports(tmp_path):
    project = project_with(tmp_path, PRINT_CALL)
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 1, result.stderr
    assert "src/m.py:1:1: ZZZ001 [warning] print call [print-call]" in result.stdout
    assert "GNN301" in result.stdout
    listed = run_gnnlint("--list-rules", cwd=project).stdout
    assert any(line.split()[:2] == ["ZZZ001", "print-call"] and line.split()[-1] == "team_rules"
               for line in listed.splitlines())
    assert "plugin team_rules: local module" in run_gnnlint("--version", cwd=project).stdout
    assert run_gnnlint("src", "--ignore", "ZZZ", "--select", "ZZZ001", cwd=project).returncode == 0


def test_plugin_that_raises_while_registering(tmp_path):
    project = project_with(tmp_path, PRINT_CALL.replace("return [PrintCall]", "raise RuntimeError('no rules today')"))
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 2
    assert result.stderr.strip() == ("gnnlint: error: plugin 'team_rules' raised in gnnlint_register_rules: "
                                     "RuntimeError: no rules today")


def test_plugin_that_fails_to_import(tmp_path):
    project = project_with(tmp_path, "import not_a_real_module\n")
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 2
    assert "local plugin 'team_rules' (from config `plugins`) failed to import: ModuleNotFoundError" in result.stderr


def test_two_rules_with_one_code(tmp_path):
    project = project_with(tmp_path, PRINT_CALL.replace("return [PrintCall]", textwrap.dedent('''\
        class Other(PrintCall):
            name = "other-print"
        return [PrintCall, Other]''').replace("\n", "\n    ")))
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 2
    assert "registers ZZZ001 (other-print), but plugin 'team_rules' already registered ZZZ001 (print-call)" in result.stderr


def test_gnn_prefix_is_reserved(tmp_path):
    project = project_with(tmp_path, PRINT_CALL.replace('"ZZZ001"', '"GNN777"'))
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 2 and "GNN777 uses the prefix GNN, reserved for gnnlint" in result.stderr


def test_misspelt_hook_fails_loudly(tmp_path):
    project = project_with(tmp_path, PRINT_CALL.replace("def gnnlint_register_rules", "def gnnlint_register_rule"))
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 2 and "gnnlint_register_rule" in result.stderr


def test_rule_that_raises_while_visiting_is_gnn901_and_the_run_goes_on(tmp_path):
    project = project_with(tmp_path, PRINT_CALL.replace("self.report(node)", "raise ValueError('boom')"))
    (project / "src" / "other.py").write_text("import numpy as np\nY = Y / np.max(Y)\n")
    result = run_gnnlint("src", cwd=project)
    assert result.returncode == 2
    assert ("src/m.py:1:1: GNN901 [error] rule ZZZ001 (print-call) from plugin 'team_rules' raised ValueError: boom "
            "[rule-error]") in result.stdout
    assert "src/m.py:3:5: GNN301" in result.stdout and "src/other.py:2:5: GNN301" in result.stdout


def test_plugin_reporter(tmp_path):
    project = project_with(tmp_path, PRINT_CALL + textwrap.dedent('''
        from gnnlint.reporters.base import Reporter

        class Codes(Reporter):
            name = "codes"

            def write(self, report):
                self.stream.write(" ".join(d.code for d in report.diagnostics) + "\\n")

        @gnnlint.hookimpl
        def gnnlint_register_reporters():
            return [Codes]
    '''))
    result = run_gnnlint("src", "--output-format", "codes", cwd=project)
    assert result.stdout.strip() == "ZZZ001 GNN301"


@pytest.fixture(scope="module")
def installed_plugin(tmp_path_factory):
    """A real distribution declaring the `gnnlint` entry point, built and installed with pip."""
    root = tmp_path_factory.mktemp("dist")
    source = root / "src"
    (source / "gnnlint_team").mkdir(parents=True)
    (source / "gnnlint_team" / "__init__.py").write_text(PRINT_CALL)
    (source / "gnnlint_broken").mkdir()
    (source / "gnnlint_broken" / "__init__.py").write_text("raise ImportError('half-installed')\n")
    (source / "pyproject.toml").write_text(textwrap.dedent('''\
        [build-system]
        requires = ["setuptools"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "gnnlint-team-rules"
        version = "1.2.3"

        [project.entry-points.gnnlint]
        team = "gnnlint_team"

        [tool.setuptools]
        packages = ["gnnlint_team"]
    '''))
    site = root / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                    "--no-index", "--target", str(site), str(source)], check=True, capture_output=True)
    return root, site


def test_entry_point_plugin_from_an_installed_distribution(installed_plugin, tmp_path):
    _, site = installed_plugin
    (tmp_path / "m.py").write_text("print('hi')\n")
    # keeps a PYTHONPATH that points at the gnnlint under test (a git worktree)
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))}
    result = run_gnnlint("m.py", cwd=tmp_path, env=env)
    assert "m.py:1:1: ZZZ001 [warning] print call [print-call]" in result.stdout, result.stderr
    assert "plugin team: gnnlint-team-rules 1.2.3" in run_gnnlint("--version", cwd=tmp_path, env=env).stdout
    disabled = run_gnnlint("m.py", cwd=tmp_path, env=env | {"GNNLINT_DISABLE_PLUGIN_AUTOLOAD": "1"})
    assert disabled.returncode == 0 and "ZZZ001" not in disabled.stdout
    (tmp_path / "pyproject.toml").write_text("[tool.gnnlint]\ndisable-plugins = ['team']\n")
    assert "ZZZ001" not in run_gnnlint("m.py", cwd=tmp_path, env=env).stdout


def test_entry_point_that_fails_to_import_names_the_distribution(installed_plugin, tmp_path):
    root, site = installed_plugin
    dist_info = next(site.glob("gnnlint_team_rules-1.2.3.dist-info"))
    broken_site = tmp_path / "site"
    import shutil

    shutil.copytree(site, broken_site)
    (broken_site / dist_info.name / "entry_points.txt").write_text("[gnnlint]\nteam = gnnlint_broken\n")
    (broken_site / "gnnlint_broken").mkdir()
    (broken_site / "gnnlint_broken" / "__init__.py").write_text("raise ImportError('half-installed')\n")
    (tmp_path / "m.py").write_text("x = 1\n")
    result = run_gnnlint("m.py", cwd=tmp_path, env={"PYTHONPATH": str(broken_site)})
    assert result.returncode == 2
    assert result.stderr.strip() == ("gnnlint: error: plugin 'team' from distribution gnnlint-team-rules 1.2.3 "
                                     "failed to import: ImportError: half-installed")


def test_get_plugin_manager_is_a_factory():
    from gnnlint.plugins import collect_rules, get_plugin_manager

    first, second = get_plugin_manager(autoload=False), get_plugin_manager(autoload=False)
    assert first is not second
    assert [r.code for r in collect_rules(first)] == [r.code for r in collect_rules(second)]
    blocked = get_plugin_manager(autoload=False, blocked=["gnnlint.rules"])
    assert collect_rules(blocked) == []


def test_the_entry_point_look_finds_a_declared_group_and_skips_others(tmp_path, monkeypatch):
    from gnnlint import plugins

    site = tmp_path / "site"
    (site / "other-1.0.dist-info").mkdir(parents=True)
    (site / "other-1.0.dist-info" / "entry_points.txt").write_text("[console_scripts]\nother = other:main\n")
    monkeypatch.setattr(sys, "path", [str(site)])
    assert not plugins._may_declare_entry_points()
    (site / "team_rules-0.1.dist-info").mkdir()
    (site / "team_rules-0.1.dist-info" / "entry_points.txt").write_text("[gnnlint]\nteam = team_rules\n")
    assert plugins._may_declare_entry_points()
    # a zip on the path cannot be looked into cheaply: importlib.metadata decides
    (tmp_path / "bundle.zip").write_bytes(b"PK")
    monkeypatch.setattr(sys, "path", [str(tmp_path / "missing"), str(tmp_path / "bundle.zip")])
    assert plugins._may_declare_entry_points()
