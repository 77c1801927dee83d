"""The result cache goes stale when a local plugin's code changes (issue 19)."""

from __future__ import annotations

from tests.conftest import run_gnnlint

PLUGIN = '''
import gnnlint
from tools.words import WORD

class PrintCall(gnnlint.Rule):
    code = "ZZZ001"
    name = "print-call"
    message = "print call"

    def visit_Call(self, node):
        if getattr(node.func, "value", None) == "print":
            self.report(node, f"{WORD} call")

@gnnlint.hookimpl
def gnnlint_register_rules():
    return [PrintCall]
'''


def test_editing_a_local_plugin_or_its_helper_invalidates_the_cache(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.gnnlint]\nplugins = ['tools.lint_rules']\nselect = ['ZZZ']\n")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "__init__.py").write_text("")
    (tmp_path / "tools" / "lint_rules.py").write_text(PLUGIN)
    (tmp_path / "tools" / "words.py").write_text("WORD = 'print'\n")
    (tmp_path / "m.py").write_text("print(1)\n")

    first = run_gnnlint("m.py", cwd=tmp_path)
    assert "m.py:1:1: ZZZ001 [warning] print call" in first.stdout, first.stderr
    assert run_gnnlint("m.py", cwd=tmp_path).stdout == first.stdout  # unchanged: answered from the cache

    (tmp_path / "tools" / "lint_rules.py").write_text(PLUGIN.replace('f"{WORD} call"', 'f"{WORD} statement"'))
    assert "m.py:1:1: ZZZ001 [warning] print statement" in run_gnnlint("m.py", cwd=tmp_path).stdout

    (tmp_path / "tools" / "words.py").write_text("WORD = 'a print'\n")
    assert "m.py:1:1: ZZZ001 [warning] a print statement" in run_gnnlint("m.py", cwd=tmp_path).stdout
