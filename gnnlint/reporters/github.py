"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request."""

from __future__ import annotations

from gnnlint.reporters.base import Reporter, RunReport

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    name = "github"
    description = "GitHub Actions annotations (::error file=...::message)"

    def write(self, report: RunReport) -> None:
        for d in report.diagnostics:
            properties = [f"file={_escape_property(d.path)}", f"line={d.line}", f"col={d.column}"]
            if d.end_line is not None:
                properties.append(f"endLine={d.end_line}")
            if d.end_column is not None and d.end_line == d.line:
                properties.append(f"endColumn={d.end_column}")
            where = f"cell {d.cell}, " if d.cell is not None else ""
            properties.append(f"title={_escape_property(f'{d.code} {d.name}')}")
            confirmed = f" (confirmed: {d.confirmed})" if d.confirmed else ""
            message = f"{where}{d.message}{confirmed}"
            self.stream.write(f"::{_LEVEL[d.severity]} {','.join(properties)}::{_escape_data(message)}\n")
