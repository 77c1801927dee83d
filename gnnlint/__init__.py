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

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from gnnlint.diagnostics import Diagnostic, Severity
from gnnlint.hookspecs import hookimpl

if TYPE_CHECKING:  # what __getattr__ returns, for type checkers (imported lazily at run time)
    from gnnlint.api import lint_paths, lint_source
    from gnnlint.engine import LintSettings
    from gnnlint.probe.case import ProbeCase
    from gnnlint.rule import Rule

__all__ = ["Diagnostic", "LintSettings", "ProbeCase", "Rule", "Severity", "__version__", "hookimpl", "lint_paths",
           "lint_source"]


def __getattr__(name: str) -> Any:
    # Imported on first use: importing gnnlint (or gnnlint.cli, whose main() first switches on the
    # command line's speed-ups, see gnnlint._speedups) must not import libcst yet.
    if name == "ProbeCase":
        from gnnlint.probe.case import ProbeCase

        return ProbeCase
    if name == "Rule":
        from gnnlint.rule import Rule

        return Rule
    if name == "LintSettings":
        from gnnlint.engine import LintSettings

        return LintSettings
    if name in ("lint_source", "lint_paths"):
        from gnnlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'gnnlint' has no attribute {name!r}")
