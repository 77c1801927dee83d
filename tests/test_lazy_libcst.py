"""libcst is imported only when a file has to be parsed: a run answered from the cache, or over
files no rule could match, skips its import (most of gnnlint's start-up). Each check runs in a
fresh interpreter, since the question is what a process imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

RUN_AND_REPORT = textwrap.dedent("""\
    import atexit, json, runpy, sys
    out = sys.argv[1]
    def report():
        with open(out, "w") as handle:
            json.dump({"libcst_loaded": "libcst._nodes" in sys.modules}, handle)
    atexit.register(report)
    sys.argv = ["gnnlint", *sys.argv[2:]]
    runpy.run_module("gnnlint", run_name="__main__", alter_sys=True)
""")


def _run(tmp_path, *args: str) -> tuple[subprocess.CompletedProcess, bool]:
    report = tmp_path / "report.json"
    done = subprocess.run([sys.executable, "-c", RUN_AND_REPORT, str(report), *args], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path, env={**os.environ, "NO_COLOR": "1"})
    return done, json.loads(report.read_text(encoding="utf-8"))["libcst_loaded"]


def test_a_warm_run_does_not_import_libcst_and_reports_the_same(tmp_path):
    (tmp_path / "model.py").write_text("def scale(x):\n    return x / x.max()\n", encoding="utf-8")
    cold, cold_loaded = _run(tmp_path, "--cache-dir", "cache", "model.py")
    warm, warm_loaded = _run(tmp_path, "--cache-dir", "cache", "model.py")
    assert cold.returncode == warm.returncode == 1, cold.stderr + warm.stderr
    assert "GNN301" in cold.stdout and warm.stdout == cold.stdout
    assert cold_loaded and not warm_loaded


def test_files_no_rule_could_match_are_checked_without_libcst(tmp_path):
    (tmp_path / "plain.py").write_text("def greet(name):\n    print(f'hello {name}')\n", encoding="utf-8")
    (tmp_path / "broken.py").write_text("def f(:\n    pass\n", encoding="utf-8")
    done, loaded = _run(tmp_path, "--no-cache", "plain.py", "broken.py")
    assert "broken.py:1:7: GNN900" in done.stdout  # a syntax error is still found
    assert "plain.py" not in done.stdout
    assert not loaded


def test_libcst_behaves_as_if_imported_normally_after_gnnlint():
    """Plugins and users import libcst themselves, in every form, after gnnlint deferred it."""
    code = textwrap.dedent("""\
        import sys
        import gnnlint
        assert "libcst._nodes" not in sys.modules
        from libcst.metadata import PositionProvider  # a submodule first
        import libcst as cst
        from libcst import Name
        assert cst.Name is Name and cst.metadata.PositionProvider is PositionProvider
        assert cst.parse_module("x = 1\\n").code == "x = 1\\n"
        try:
            cst.no_such_name
        except AttributeError as error:
            assert "no_such_name" in str(error)
        else:
            raise AssertionError("a missing attribute must raise AttributeError")
        print(gnnlint.lint_source("y = x / x.max()\\n")[0].code)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "GNN301"
