"""The default, human output: ``path:line:col: CODE [severity] message [name]`` and a summary line.

The severity is in the line (not only in its colour) so that a log, a pipe or a screen reader
carries it; the fields stay separable with ``^(.+?):(\d+):(\d+): (\w+) \[(\w+)\] (.*) \[([\w-]+)\]$``.
"""

from __future__ import annotations

from collections import Counter

from gnnlint.reporters.base import Reporter, RunReport

_SEVERITY_COLOR = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;34m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


class TextReporter(Reporter):
    name = "text"
    description = "path:line:col: CODE [severity] message [name], then a summary (the default)"

    def _paint(self, text: str, style: str) -> str:
        return f"{style}{text}{_RESET}" if self.color else text

    def write(self, report: RunReport) -> None:
        out = self.stream
        for d in report.diagnostics:
            code = self._paint(d.code, _SEVERITY_COLOR[d.severity])
            severity = self._paint(f"[{d.severity}]", _SEVERITY_COLOR[d.severity])
            confirmed = f" (confirmed: {d.confirmed})" if d.confirmed else ""
            name = self._paint(f"[{d.name}]", _DIM)
            out.write(f"{self._paint(report.location(d), _BOLD)}: {code} {severity} {d.message}{confirmed} {name}\n")
        if report.statistics and report.diagnostics:  # asked for, so printed under -q too
            out.write("\n")
            names = {d.code: d.name for d in report.diagnostics}
            for code, count in sorted(Counter(d.code for d in report.diagnostics).items()):
                out.write(f"{count:>6}  {code}  {names[code]}\n")
        if report.quiet:
            return
        if report.fixed:
            out.write(f"Fixed {report.fixed} problem{'s' if report.fixed != 1 else ''}.\n")
        fixable = sum(1 for d in report.diagnostics if d.fix == "safe")
        if fixable:
            out.write(f"{fixable} fixable with --fix.\n")
        counts = report.counts()
        total = sum(counts.values())
        files = f"{report.files_checked} file{'s' if report.files_checked != 1 else ''}"
        if total:
            parts = ", ".join(f"{n} {sev}{'s' if n != 1 and sev != 'info' else ''}" for sev, n in counts.items() if n)
            out.write(f"Found {total} problem{'s' if total != 1 else ''} ({parts}) in {files}.\n")
        else:
            out.write(f"All checks passed: {files}, no problems.\n")
