"""Notebooks opened as notebooks (``notebookDocument/*``): the cells joined exactly as the command
line joins an .ipynb file (gnnlint.notebook), and each finding mapped back to its cell."""

from __future__ import annotations

import dataclasses
import json

from lsprotocol import types as lsp

from gnnlint.diagnostics import Diagnostic
from gnnlint.notebook import JoinedNotebook, join


@dataclasses.dataclass
class Snapshot:
    """A notebook's cells as they were when it was joined."""

    joined: JoinedNotebook
    cells: list[tuple[str, str]]  # (cell document uri, its text), in notebook order, every kind


def snapshot(notebook: lsp.NotebookDocument, cell_text: dict[str, str]) -> Snapshot:
    """``cell_text``: the current text of each cell document, by uri."""
    cells = [(cell.document, cell_text.get(cell.document, "")) for cell in notebook.cells]
    kinds = ["code" if cell.kind == lsp.NotebookCellKind.Code else "markdown" for cell in notebook.cells]
    data = json.dumps({"cells": [{"cell_type": kind, "source": text} for kind, (_, text) in zip(kinds, cells)]})
    return Snapshot(join(data.encode("utf-8")), cells)


def by_cell(snap: Snapshot, diagnostics: list[Diagnostic]) -> dict[str, list[Diagnostic]]:
    """The findings of the joined source, with lines counted within their cell, by cell uri
    (every cell present, so that a cell whose findings are gone is cleared)."""
    found: dict[str, list[Diagnostic]] = {uri: [] for uri, _ in snap.cells}
    for diagnostic in diagnostics:
        where = snap.joined.locate(diagnostic.line)
        if where is None:
            continue
        number, line = where
        end_line = None if diagnostic.end_line is None else diagnostic.end_line - diagnostic.line + line
        found[snap.cells[number - 1][0]].append(dataclasses.replace(diagnostic, line=line, end_line=end_line,
                                                                    cell=number))
    return found
