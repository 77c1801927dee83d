"""Imported as a library, gnnlint leaves the process as it found it: the command line's speed-ups
(a placeholder libcst, dataclasses' patched exec, the unvalidated parse) are never switched on, and
several threads can lint at once. Each check runs in a fresh interpreter: the question is what
importing gnnlint does to a process."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)


def test_import_gnnlint_patches_neither_libcst_nor_dataclasses():
    done = _python("""
        import dataclasses, sys, types
        import gnnlint, gnnlint.cli
        from gnnlint import Rule, hookimpl, lint_source
        module = sys.modules.get("libcst")
        assert module is None or type(module) is types.ModuleType, type(module)
        assert "exec" not in vars(dataclasses)
        import libcst
        assert type(libcst) is types.ModuleType and hasattr(libcst, "Module")
        validate = libcst.CSTNode.__post_init__
        assert lint_source("y = x / x.max()\\n")[0].code == "GNN301"
        assert libcst.CSTNode.__post_init__ is validate
        print("ok")
    """)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_threads_importing_and_linting_at_once_get_the_serial_results():
    done = _python("""
        from concurrent.futures import ThreadPoolExecutor

        SOURCES = [
            "y = x / x.max()\\n",
            "import numpy as np\\nX = np.ones((4, 4))\\nX = X / np.max(X)\\n",
            "import torch\\nfrom torch import nn\\nw = nn.Parameter(torch.empty(3, 3))\\nnn.init.uniform_(w)\\n",
            "import torch\\nloss = torch.log(torch.softmax(z, dim=-1))\\n",
            "def f(:\\n",
            "x = 1\\n",
        ] * 4

        def lint(source):
            import gnnlint  # the first import happens in the pool, in several threads at once

            return [(d.line, d.column, d.code, d.message) for d in gnnlint.lint_source(source)]

        with ThreadPoolExecutor(max_workers=8) as pool:
            concurrent = list(pool.map(lint, SOURCES))
        serial = [lint(source) for source in SOURCES]
        assert concurrent == serial, (concurrent, serial)
        assert sum(bool(found) for found in serial) >= 4 * 4, serial  # the hazards were found
        print("ok")
    """)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
