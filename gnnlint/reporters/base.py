"""What every reporter receives, and the base class output formats derive from."""

from __future__ import annotations

import dataclasses
from typing import ClassVar, TextIO

from gnnlint.diagnostics import Diagnostic
from gnnlint.rule import Rule


@dataclasses.dataclass
class RunReport:
    diagnostics: list[Diagnostic]
    files_checked: int
    rules: dict[str, type[Rule]]  # every registered rule, by code
    enabled: tuple[str, ...]  # codes of the rules that ran
    version: str
    statistics: bool = False
    fixed: int = 0  # findings removed by --fix in this run
    quiet: bool = False  # -q: the findings and nothing else (no summary lines)

    def counts(self) -> dict[str, int]:
        counts = {"error": 0, "warning": 0, "info": 0}
        for diagnostic in self.diagnostics:
            counts[diagnostic.severity] += 1
        return counts

    def location(self, diagnostic: Diagnostic) -> str:
        if diagnostic.cell is not None:
            return f"{diagnostic.path}:cell {diagnostic.cell}:line {diagnostic.line}:col {diagnostic.column}"
        return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"


class Reporter:
    """Subclass with a unique ``name`` (the ``--output-format`` value) and implement ``write``."""

    name: ClassVar[str]
    description: ClassVar[str] = ""

    def __init__(self, stream: TextIO, *, color: bool = False) -> None:
        self.stream = stream
        self.color = color

    def write(self, report: RunReport) -> None:
        raise NotImplementedError
