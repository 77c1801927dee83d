"""Jupyter notebooks: the code cells are joined into one source (so an import in cell 1 resolves a
name in cell 5), magics and shell escapes blanked out, and findings mapped back to cell and line."""

from __future__ import annotations

import json
from bisect import bisect_right

from gnnlint.diagnostics import Diagnostic
from gnnlint.engine import SYNTAX_ERROR, LintSettings, lint_source

_MAGIC_PREFIXES = ("%", "!", "?")


def code_cells(notebook: dict) -> list[tuple[int, list[str]]]:
    """(1-based cell number among all cells, its lines) for every Python code cell."""
    cells = []
    for number, cell in enumerate(notebook.get("cells", []), start=1):
        if cell.get("cell_type") != "code":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        lines = text.splitlines()
        if lines and lines[0].lstrip().startswith("%%"):
            continue  # a cell magic (%%bash, %%time...) is not plain Python
        cleaned = []
        for line in lines:
            stripped = line.lstrip()
            # `%matplotlib inline`, `!pip install ...`, `?len`, and `files = !ls`
            is_magic = stripped.startswith(_MAGIC_PREFIXES) or "= !" in stripped
            cleaned.append("" if is_magic else line)
        cells.append((number, cleaned))
    return cells


def lint_notebook(data: bytes, path: str, settings: LintSettings) -> list[Diagnostic]:
    try:
        notebook = json.loads(data.decode("utf-8-sig"))
        if not isinstance(notebook, dict):
            raise ValueError("the top level is not a JSON object")
    except (ValueError, UnicodeDecodeError) as error:
        if not settings.enabled(SYNTAX_ERROR):
            return []
        return [Diagnostic(path=path, line=1, column=1, code=SYNTAX_ERROR, name="syntax-error",
                           message=f"cannot read the notebook: {error}", severity="error")]
    starts: list[int] = []  # first joined line of each cell
    numbers: list[int] = []
    joined: list[str] = []
    for number, lines in code_cells(notebook):
        starts.append(len(joined) + 1)
        numbers.append(number)
        joined += lines
        joined.append("")  # a blank line between cells keeps a dedent from merging them
    diagnostics = lint_source("\n".join(joined) + "\n", path, settings)
    for diagnostic in diagnostics:
        index = bisect_right(starts, diagnostic.line) - 1
        if index < 0:
            continue
        offset = starts[index] - 1
        diagnostic.cell = numbers[index]
        diagnostic.line -= offset
        if diagnostic.end_line is not None:
            diagnostic.end_line -= offset
    return diagnostics
