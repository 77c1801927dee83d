"""Baselines: record today's findings, then report only new ones.

A finding is identified by its file, code, notebook cell and the text of its line (whitespace
trimmed), not by its line number, so it keeps matching its entry when unrelated lines are added
above it. Identical entries are counted, so a second copy of a baselined line is still new.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from gnnlint.diagnostics import Diagnostic

VERSION = 1


class BaselineError(ValueError):
    pass


class SourceLines:
    """The text of reported lines, each file read once (notebook lines are looked up by cell)."""

    def __init__(self) -> None:
        self._files: dict[tuple[str, int | None], list[str]] = {}

    def line(self, diagnostic: Diagnostic) -> str:
        key = (diagnostic.path, diagnostic.cell)
        if key not in self._files:
            self._files[key] = self._read(diagnostic.path, diagnostic.cell)
        lines = self._files[key]
        return lines[diagnostic.line - 1].strip() if 0 < diagnostic.line <= len(lines) else ""

    @staticmethod
    def _read(path: str, cell: int | None) -> list[str]:
        try:
            data = Path(path).read_bytes()
        except OSError:
            return []
        if cell is not None:
            try:
                cells = json.loads(data.decode("utf-8-sig")).get("cells", [])
                source = cells[cell - 1].get("source", "")
                return ("".join(source) if isinstance(source, list) else source).splitlines()
            except (ValueError, IndexError, AttributeError, UnicodeDecodeError):
                return []
        return data.decode("utf-8", errors="replace").splitlines()


def _relative(path: str, anchor: Path) -> str:
    try:
        return Path(path).resolve().relative_to(anchor).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _key(diagnostic: Diagnostic, anchor: Path, lines: SourceLines) -> str:
    return json.dumps([_relative(diagnostic.path, anchor), diagnostic.code, diagnostic.cell, lines.line(diagnostic)])


def write_baseline(file: str, diagnostics: list[Diagnostic]) -> None:
    anchor = Path(file).resolve().parent
    lines = SourceLines()
    entries = []
    for diagnostic in diagnostics:
        path, code, cell, text = json.loads(_key(diagnostic, anchor, lines))
        entries.append({"path": path, "code": code, "cell": cell, "line_text": text})
    document = {"gnnlint_baseline": VERSION, "findings": entries}
    from gnnlint.fix import write_atomically  # fix.py brings difflib: only when writing

    write_atomically(file, (json.dumps(document, indent=1) + "\n").encode("utf-8"))


def only_new(file: str, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    try:
        document = json.loads(Path(file).read_text(encoding="utf-8"))
        entries = document["findings"]
        if document.get("gnnlint_baseline") != VERSION:
            raise KeyError("gnnlint_baseline")
        known = Counter(json.dumps([e["path"], e["code"], e["cell"], e["line_text"]]) for e in entries)
    except OSError as error:
        raise BaselineError(f"baseline {file}: cannot read: {error.strerror or error}") from None
    except (ValueError, KeyError, TypeError) as error:
        raise BaselineError(f"baseline {file}: not a gnnlint baseline ({error})") from None
    anchor = Path(file).resolve().parent
    lines = SourceLines()
    new = []
    for diagnostic in diagnostics:
        key = _key(diagnostic, anchor, lines)
        if known[key] > 0:
            known[key] -= 1
        else:
            new.append(diagnostic)
    return new
