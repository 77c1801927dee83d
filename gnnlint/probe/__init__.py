"""The runtime probe: run the user's model once (one forward and one backward pass) on small stress
graphs in a separate process and measure what the static pass can only suspect.

Importing this package imports neither torch nor tensorflow: the child process does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from gnnlint.probe.case import ProbeCase

if TYPE_CHECKING:
    from gnnlint.diagnostics import Diagnostic

__all__ = ["ProbeCase", "confirm", "run_probe"]


def run_probe(paths: Sequence[str], *, device: str = "cpu", timeout: float = 60.0,
              memory_mb: int | None = 4096, progress: Callable[[str], None] | None = None,
              html_report: str | None = None) -> list[Diagnostic]:
    """Probe every .py file under ``paths`` that imports torch, tensorflow, keras or spektral.

    Each file runs in its own child process limited to ``timeout`` seconds and ``memory_mb`` of address
    space; a crash, hang or out-of-memory there becomes a GNN808 finding and the others carry on.
    """
    from gnnlint.probe.analysis import case_findings, fatal_finding
    from gnnlint.probe.runner import candidate_files, probe_files

    results = probe_files(candidate_files(paths), device=device, timeout=timeout, memory_mb=memory_mb,
                          progress=progress)
    found: list[Diagnostic] = []
    for result in results:
        for case in result.cases:
            found += case_findings(result.path, case)
        if result.fatal is not None:
            found.append(fatal_finding(result.path, result.fatal))
    if html_report:
        from gnnlint.probe.report import write_report

        write_report(html_report, results)
    found.sort(key=lambda d: d.sort_key())
    return found


def confirm(static: list[Diagnostic], probe: list[Diagnostic]) -> None:
    """Mark, in place, the static findings that the probe's measurements corroborate."""
    from gnnlint.probe.confirm import confirm as _confirm

    _confirm(static, probe)
