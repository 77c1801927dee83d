"""The finding a rule produces, and the severities it can have."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclasses.dataclass(frozen=True)
class Fix:
    """A replacement of the reported node's source, applied by --fix."""

    title: str
    safe: bool = True


@dataclasses.dataclass
class Diagnostic:
    path: str
    line: int
    column: int
    code: str
    name: str
    message: str
    severity: Severity
    end_line: int | None = None
    end_column: int | None = None
    fix_title: str | None = None
    # "safe" or "unsafe" when the rule offers an automatic fix (--fix / --unsafe-fixes), else None.
    fix: str | None = None
    plugin: str = "gnnlint"
    # Set by the runtime probe when it measured what the static finding suspected.
    confirmed: str | None = None
    # Notebook cell number (1-based) when the file is a notebook; line is then within the cell.
    cell: int | None = None

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (self.path, self.cell or 0, self.line, self.column, self.code)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
