"""Jupyter notebooks: the code cells are joined into one source (so an import in cell 1 resolves a
name in cell 5), magics and shell escapes blanked out, and findings mapped back to cell and line.
``--fix`` writes the cells back, keeping the notebook's JSON layout, outputs and metadata."""

from __future__ import annotations

import dataclasses
import json
import re
from bisect import bisect_right
from typing import Any

from gnnlint.diagnostics import Diagnostic
from gnnlint.engine import LintSettings, lint_source, unreadable

_MAGIC_PREFIXES = ("%", "!", "?")


class NotebookError(ValueError):
    pass


@dataclasses.dataclass
class _Cell:
    index: int  # position among all cells (0-based)
    start: int  # first line in the joined source (1-based)
    original: list[str]  # the cell's lines as written, magics included


@dataclasses.dataclass
class JoinedNotebook:
    notebook: dict[str, Any]
    source: str
    cells: list[_Cell]

    def locate(self, line: int) -> tuple[int, int] | None:
        """(1-based cell number, line within the cell) of a joined line."""
        index = bisect_right([c.start for c in self.cells], line) - 1
        if index < 0:
            return None
        cell = self.cells[index]
        return cell.index + 1, line - cell.start + 1


def _cell_text(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _is_magic(line: str) -> bool:
    stripped = line.lstrip()
    return stripped.startswith(_MAGIC_PREFIXES) or "= !" in stripped  # `files = !ls`


def join(data: bytes) -> JoinedNotebook:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        raise NotebookError(str(error)) from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells", []), list):
        raise NotebookError("not a notebook: no list of cells at the top level")
    lines: list[str] = []
    cells: list[_Cell] = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        original = _cell_text(cell).splitlines()
        if original and original[0].lstrip().startswith("%%"):
            continue  # a cell magic (%%bash, %%time...) is not plain Python
        cells.append(_Cell(index, len(lines) + 1, original))
        lines += ["" if _is_magic(line) else line for line in original]
        lines.append("")  # a blank line between cells keeps a dedent from merging them
    return JoinedNotebook(notebook, "\n".join(lines) + "\n", cells)


def lint_notebook(data: bytes, path: str, settings: LintSettings) -> list[Diagnostic]:
    try:
        joined = join(data)
    except NotebookError as error:
        return unreadable(path, f"cannot read the notebook: {error}", settings)
    diagnostics = lint_source(joined.source, path, settings)
    for diagnostic in diagnostics:
        where = joined.locate(diagnostic.line)
        if where is None:
            continue
        diagnostic.cell, line = where
        if diagnostic.end_line is not None:
            diagnostic.end_line += line - diagnostic.line
        diagnostic.line = line
    return diagnostics


def write_back(data: bytes, joined: JoinedNotebook, fixed_source: str) -> bytes | None:
    """The notebook with each code cell replaced by its fixed lines; None when the fix changed the
    number of lines (it could not be mapped back to cells safely)."""
    fixed = fixed_source.split("\n")
    if len(fixed) != len(joined.source.split("\n")):
        return None
    notebook = joined.notebook
    for cell in joined.cells:
        new_lines = fixed[cell.start - 1: cell.start - 1 + len(cell.original)]
        merged = [old if _is_magic(old) else new for old, new in zip(cell.original, new_lines)]
        text = "\n".join(merged)
        if _cell_text(notebook["cells"][cell.index]).endswith("\n"):
            text += "\n"
        source = notebook["cells"][cell.index].get("source")
        notebook["cells"][cell.index]["source"] = text.splitlines(keepends=True) if isinstance(source, list) else text
    original = data.decode("utf-8-sig")
    indent = re.match(r"\{\s*\n( *)", original)
    dumped = json.dumps(notebook, indent=len(indent.group(1)) if indent else 1, ensure_ascii=False)
    return (dumped + ("\n" if original.endswith("\n") else "")).encode("utf-8")
