"""gnnlint: a linter for graph neural network code.

The public surface for users and plugin authors::

    import gnnlint

    gnnlint.lint_source("x = X / X.max()")          # -> [Diagnostic(...)]
    gnnlint.lint_paths(["src/"])                   # -> [Diagnostic(...)]

    class MyRule(gnnlint.Rule): ...

    @gnnlint.hookimpl
    def gnnlint_register_rules():
        return [MyRule]
"""

from __future__ import annotations

__version__ = "0.1.0"

from gnnlint._lazy_libcst import defer_libcst_import

defer_libcst_import()  # before any module of ours imports it

from gnnlint.diagnostics import Diagnostic, Severity
from gnnlint.engine import LintSettings, lint_source
from gnnlint.hookspecs import hookimpl
from gnnlint.rule import Rule

__all__ = ["Diagnostic", "LintSettings", "ProbeCase", "Rule", "Severity", "__version__", "hookimpl", "lint_paths",
           "lint_source"]


def __getattr__(name: str):
    # ProbeCase lives with the probe; imported on first use so the static path stays light.
    if name == "ProbeCase":
        from gnnlint.probe.case import ProbeCase

        return ProbeCase
    raise AttributeError(f"module 'gnnlint' has no attribute {name!r}")


def lint_paths(paths, settings: LintSettings | None = None) -> list[Diagnostic]:
    """Lint files and directories (recursively, default excludes and .gitignore honoured)."""
    from gnnlint.runner import lint_paths as _lint_paths

    return _lint_paths(paths, settings)
