"""The runtime probe: run the user's model once (one forward and one backward pass) on small stress
graphs in a separate process and measure what the static pass can only suspect.

Importing this package imports neither torch nor tensorflow: the child process does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from gnnlint.probe.case import ProbeCase

if TYPE_CHECKING:
    from gnnlint.diagnostics import Diagnostic
    from gnnlint.discovery import Excluder
    from gnnlint.probe.runner import FileResult

__all__ = ["ProbeCase", "ProbeRun", "confirm", "probe_paths", "run_probe"]


@dataclasses.dataclass
class ProbeRun:
    results: list[FileResult]  # one per probed file
    measured: list[Diagnostic]  # every finding the measurements support (what confirms static findings)
    findings: list[Diagnostic]  # those the user's selection, per-file-ignores and noqa keep

    def write_report(self, path: str, static: Sequence[Diagnostic] = ()) -> None:
        """The HTML report; ``static`` findings marked confirmed are listed in its summary."""
        from gnnlint.probe.report import write_report

        write_report(path, self.results, self.findings, static)


def probe_paths(paths: Sequence[str], *, device: str = "cpu", timeout: float = 60.0, memory_mb: int | None = 4096,
                progress: Callable[[str], None] | None = None, excluder: Excluder | None = None,
                keep: Callable[[Diagnostic], bool] | None = None,
                on_file: Callable[[FileResult, list[Diagnostic]], None] | None = None,
                static: Sequence[Diagnostic] = ()) -> ProbeRun:
    """Probe every .py file under ``paths`` (discovered as the static pass does, ``excluder`` applied)
    that imports torch, tensorflow, keras or spektral.

    Each file runs in its own child process limited to ``timeout`` seconds and ``memory_mb`` of address
    space; a crash, hang or out-of-memory there becomes a GNN808 finding and the others carry on.
    ``keep`` decides which findings are reported (and listed in the HTML report); ``on_file`` hears of
    each file as it finishes, with its kept findings. The expressions of ``static`` findings that are
    value hazards are watched while the file runs; those that produce NaN/Inf are marked confirmed.
    """
    from gnnlint.probe.analysis import file_findings
    from gnnlint.probe.confirm import confirm_watched, watch_targets
    from gnnlint.probe.runner import candidate_files, probe_files

    measured: dict[str, list[Diagnostic]] = {}
    kept: dict[str, list[Diagnostic]] = {}

    def done(result: FileResult) -> None:
        found = measured[result.path] = file_findings(result)
        kept[result.path] = [d for d in found if keep is None or keep(d)]
        shown = {id(d) for d in kept[result.path]}
        for dropped in (d for d in found if id(d) not in shown):
            forget = getattr(dropped, "_probe_forget", None)
            if forget is not None:
                forget()  # the HTML report lists what the user sees
        if on_file is not None:
            on_file(result, kept[result.path])

    files = candidate_files(paths, excluder)
    watch, watched = watch_targets(list(static), files)
    results = probe_files(files, device=device, timeout=timeout, memory_mb=memory_mb, progress=progress,
                          on_done=done, watch=watch)
    confirm_watched(watched, results)
    every = sorted((d for found in measured.values() for d in found), key=lambda d: d.sort_key())
    shown = sorted((d for found in kept.values() for d in found), key=lambda d: d.sort_key())
    return ProbeRun(results, every, shown)


def run_probe(paths: Sequence[str], *, device: str = "cpu", timeout: float = 60.0,
              memory_mb: int | None = 4096, progress: Callable[[str], None] | None = None,
              html_report: str | None = None) -> list[Diagnostic]:
    """The Python API: probe ``paths`` and return every finding, sorted (see ``probe_paths``)."""
    run = probe_paths(paths, device=device, timeout=timeout, memory_mb=memory_mb, progress=progress)
    if html_report:
        run.write_report(html_report)
    return run.findings


def confirm(static: list[Diagnostic], probe: list[Diagnostic]) -> None:
    """Mark, in place, the static findings that the probe's measurements corroborate."""
    from gnnlint.probe.confirm import confirm as _confirm

    _confirm(static, probe)
