"""Speed-ups that change how this process imports and parses, so only the command line switches
them on (``enable()``, from ``gnnlint.cli.main``): it owns its process and runs one thread. Imported
as a library (an editor server, a notebook, a test run, several threads linting at once) gnnlint
leaves ``sys.modules``, ``dataclasses`` and libcst's classes as they are and parses normally.

- ``libcst`` is imported on first use (``gnnlint._lazy_libcst``), reusing the code compiled for
  its dataclasses on an earlier run (``gnnlint._dataclass_code``);
- the parse skips libcst's per-node re-validation (``gnnlint.engine._parse_unvalidated``), which
  swaps ``CSTNode.__post_init__`` for the whole process while a file is parsed.
"""

from __future__ import annotations

# Read by the engine at each parse; forked workers inherit it.
unvalidated_parse = False


def enable() -> None:
    """Switch the speed-ups on; call before anything imports libcst."""
    global unvalidated_parse
    from gnnlint._lazy_libcst import defer_libcst_import

    defer_libcst_import()
    unvalidated_parse = True
