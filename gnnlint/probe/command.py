"""The probe as the command line runs it: progress on standard error, confirmation of the static
findings, and the HTML report. cli.py only wires options to this."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from gnnlint.diagnostics import Diagnostic
    from gnnlint.discovery import Excluder
    from gnnlint.probe.runner import FileResult


def _file_line(result: FileResult, kept: list[Diagnostic]) -> str:
    """One line per probed file, for logs (CI, pre-commit): what ran, what it found, how long it took."""
    labels = [case["label"] for case in result.cases]
    if result.fatal is not None:
        what = "probe failed" + (f" after probing {', '.join(labels)}" if labels else "")
    elif labels:
        what = f"probed {', '.join(labels)}"
    else:
        what = "no model found"
    count = len(kept)
    return f"gnnlint probe: {result.path}: {what}; {count} finding{'s' if count != 1 else ''} ({result.seconds:.1f} s)\n"


def probe_for_cli(paths: Sequence[str], *, device: str, timeout: float, report: str | None,
                  excluder: Excluder | None,
                  keep: Callable[[Diagnostic], bool], static: list[Diagnostic],
                  stderr: TextIO | None = None) -> tuple[list[Diagnostic], list[str]]:
    """The probe findings to report, and the errors (already written to ``stderr``) that make the
    exit status 2. ``static`` findings the measurements corroborate are marked confirmed."""
    from gnnlint.probe import confirm, probe_paths

    stderr = stderr or sys.stderr
    tty = stderr.isatty()

    def show(stage: str) -> None:  # a terminal: one line, rewritten in place
        stderr.write(f"\rgnnlint probe: {stage[:60]:<60}")
        stderr.flush()

    def finished(result: FileResult, kept: list[Diagnostic]) -> None:  # a log: one line per file
        stderr.write(_file_line(result, kept))
        stderr.flush()

    run = probe_paths(paths, device=device, timeout=timeout, progress=show if tty else None, excluder=excluder,
                      keep=keep, on_file=None if tty else finished, static=static)
    if tty:
        stderr.write("\r" + " " * 75 + "\r")
    confirm(static, run.measured)
    errors = []
    if report:
        try:
            run.write_report(report, static)
        except OSError as error:
            errors.append(f"--probe-report {report}: cannot write: {error.strerror or error}")
    for error in errors:  # type: ignore[misc]  # the except clause's name, unbound by now
        stderr.write(f"gnnlint: error: {error}\n")  # type: ignore[misc]
    return run.findings, errors

