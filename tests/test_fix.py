"""--fix, --unsafe-fixes and --diff through the real CLI, with a plugin rule that offers fixes."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.conftest import run_gnnlint

FIXING_PLUGIN = '''
import libcst as cst
import gnnlint

class PrintCall(gnnlint.Rule):
    code = "ZZZ001"
    name = "print-call"
    message = "print call"

    def visit_Call(self, node):
        if isinstance(node.func, cst.Name) and node.func.value == "print":
            self.report(node, replacement=node.with_changes(func=cst.Name("log")))

class ExitCall(gnnlint.Rule):
    code = "ZZZ002"
    name = "exit-call"
    message = "exit call"

    def visit_Call(self, node):
        if isinstance(node.func, cst.Name) and node.func.value == "exit":
            self.report(node, replacement=node.with_changes(func=cst.Name("stop")), fix_safe=False)

@gnnlint.hookimpl
def gnnlint_register_rules():
    return [PrintCall, ExitCall]
'''

SOURCE = "# keep this comment\nprint( 'a' ,  1 )  # and this one\nexit(3)\nx = [print(i) for i in range(2)]\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gnnlint]\nplugins = ['fixing']\nselect = ['ZZZ']\n")
    (tmp_path / "fixing.py").write_text(FIXING_PLUGIN)
    (tmp_path / "m.py").write_text(SOURCE)
    return tmp_path


def test_fix_applies_safe_fixes_only_and_keeps_formatting(project):
    result = run_gnnlint("m.py", "--fix", cwd=project)
    assert (project / "m.py").read_text() == ("# keep this comment\nlog( 'a' ,  1 )  # and this one\nexit(3)\n"
                                              "x = [log(i) for i in range(2)]\n")
    assert result.returncode == 1  # the unsafe finding remains
    assert "Fixed 2 problems." in result.stdout and "m.py:3:1: ZZZ002" in result.stdout
    assert "ZZZ001" not in result.stdout


def test_unsafe_fixes_apply_the_rest_and_fixing_is_idempotent(project):
    result = run_gnnlint("m.py", "--fix", "--unsafe-fixes", cwd=project)
    fixed = (project / "m.py").read_text()
    assert "stop(3)" in fixed and "print" not in fixed and result.returncode == 0
    again = run_gnnlint("m.py", "--fix", "--unsafe-fixes", cwd=project)
    assert (project / "m.py").read_text() == fixed and again.returncode == 0


def test_diff_prints_and_writes_nothing(project):
    result = run_gnnlint("m.py", "--diff", cwd=project)
    assert result.returncode == 1
    assert "--- a/m.py\n+++ b/m.py\n" in result.stdout
    assert "-print( 'a' ,  1 )  # and this one\n+log( 'a' ,  1 )  # and this one\n" in result.stdout
    assert (project / "m.py").read_text() == SOURCE


def test_nothing_is_written_without_fix(project):
    run_gnnlint(".", cwd=project)
    assert (project / "m.py").read_text() == SOURCE


def test_a_file_that_does_not_parse_is_never_touched(project):
    broken = "print('a')\ndef f(:\n"
    (project / "broken.py").write_text(broken)
    run_gnnlint(".", "--fix", "--unsafe-fixes", cwd=project)
    assert (project / "broken.py").read_text() == broken


def test_fix_keeps_file_mode_and_encoding(project):
    latin = "# -*- coding: latin-1 -*-\nname = 'caf\xe9'\nprint(name)\n"
    (project / "latin.py").write_bytes(latin.encode("latin-1"))
    (project / "latin.py").chmod(0o750)
    run_gnnlint("latin.py", "--fix", cwd=project)
    assert (project / "latin.py").read_bytes() == latin.replace("print", "log").encode("latin-1")
    assert (project / "latin.py").stat().st_mode & 0o777 == 0o750
    assert not list(project.glob(".latin.py.*"))  # no temporary file left behind


def test_notebook_fix_keeps_layout_outputs_and_metadata(project):
    notebook = {
        "cells": [
            {"cell_type": "code", "execution_count": 1, "metadata": {"tags": ["x"]},
             "outputs": [{"output_type": "stream", "name": "stdout", "text": ["a\n"]}],
             "source": ["%matplotlib inline\n", "print('a')"]},
            {"cell_type": "markdown", "metadata": {}, "source": ["print('not code')"]},
            {"cell_type": "code", "execution_count": 2, "metadata": {}, "outputs": [],
             "source": ["!ls\n", "for i in range(2):\n", "    print(i)\n"]},
        ],
        "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5,
    }
    text = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
    (project / "nb.ipynb").write_text(text)
    listed = run_gnnlint("nb.ipynb", cwd=project)
    assert "nb.ipynb:cell 1:line 2:col 1: ZZZ001" in listed.stdout
    assert "nb.ipynb:cell 3:line 3:col 5: ZZZ001" in listed.stdout
    run_gnnlint("nb.ipynb", "--fix", cwd=project)
    expected = json.loads(text)
    expected["cells"][0]["source"] = ["%matplotlib inline\n", "log('a')"]
    expected["cells"][2]["source"] = ["!ls\n", "for i in range(2):\n", "    log(i)\n"]
    assert (project / "nb.ipynb").read_text() == json.dumps(expected, indent=1, ensure_ascii=False) + "\n"


def test_catalogue_fix_cases_are_checked(tmp_path):
    """x.py / x.fixed.py pairs in a rule's cases/ must match what the fix produces."""
    import importlib.util
    import sys

    from gnnlint.testing import check_rule_catalogue

    (tmp_path / "fixing.py").write_text(FIXING_PLUGIN)
    spec = importlib.util.spec_from_file_location("fixing_for_test", tmp_path / "fixing.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["fixing_for_test"] = module
    spec.loader.exec_module(module)
    folder = tmp_path / "ZZZ001-print-call"
    (folder / "cases").mkdir(parents=True)
    (folder / "README.md").write_text(textwrap.dedent("""\
        # ZZZ001 print-call
        ## What it does
        ## Why is this bad?
        ## Example
        ```python
        print(1)  # warning: [print-call]
        ```
        ## Use instead
        ```python
        log(1)
        ```
        ## References
        """))
    (folder / "cases" / "a.py").write_text("print(2)  # warning: [print-call]\n")
    (folder / "cases" / "a.fixed.py").write_text("log(2)  # warning: [print-call]\n")
    assert check_rule_catalogue(module.PrintCall, tmp_path) == []
    (folder / "cases" / "a.fixed.py").write_text("print(2)\n")
    assert any("does not produce a.fixed.py" in p for p in check_rule_catalogue(module.PrintCall, tmp_path))


def test_fixing_the_seed_programs_end_to_end(tmp_path):
    """The built-in fixes on realistic programs: every fixed file still parses, fixes remove their
    findings, and a second --fix changes nothing."""
    import ast
    import shutil

    from tests.conftest import REPO

    for bad in sorted((REPO / "fixtures" / "seeds").glob("*_bad.py")):
        shutil.copy(bad, tmp_path / bad.name)
    before = {p.name: p.read_text() for p in tmp_path.glob("*.py")}
    first = run_gnnlint(".", "--select", "ALL", "--fix", "--unsafe-fixes", "--no-cache", cwd=tmp_path)
    assert first.returncode in (0, 1), first.stderr
    assert "Fixed " in first.stdout
    after = {p.name: p.read_text() for p in tmp_path.glob("*.py")}
    assert after != before
    for text in after.values():
        ast.parse(text)
    second = run_gnnlint(".", "--select", "ALL", "--fix", "--unsafe-fixes", "--no-cache", cwd=tmp_path)
    assert {p.name: p.read_text() for p in tmp_path.glob("*.py")} == after
    assert "Fixed " not in second.stdout
