"""Positions of the nodes a file reports, computed for their top-level statements only.

libcst computes positions by generating the code of the whole module (``PositionProvider``), about
as costly as parsing it again. A file with findings usually reports in a few of its top-level
statements, so only those are generated: each starts on the line CPython's own parser (``ast``,
compiled code, a fraction of the cost) gives its first statement, less the blank and comment
lines libcst attaches in front of it. Whenever the two parsers might disagree (a syntax ``ast``
does not know, a statement count that differs, a start that does not match) the whole module is
generated as before.
"""

from __future__ import annotations

import ast
import warnings
from typing import TYPE_CHECKING, cast

import libcst as cst  # deferred (gnnlint._lazy_libcst): no libcst attribute at module level here

from gnnlint.cst_walk import descendants, positions, trivia

if TYPE_CHECKING:
    from libcst.metadata import CodeRange


class Positions:
    """``get(node)`` -> the node's CodeRange (None for a node of another tree), as libcst's
    ``PositionProvider`` gives it."""

    def __init__(self, module: cst.Module, source: str) -> None:
        self._module = module
        self._source = source
        self._computed: dict[cst.CSTNode, CodeRange] = {}
        self._done: set[int] = set()  # top-level statements whose positions are computed
        self._starts: list[tuple[int, int]] | None = None
        self._owner: dict[int, int] | None = None  # id(node) -> index of its top-level statement
        self._whole = False

    def get(self, node: cst.CSTNode) -> CodeRange | None:
        if node in self._computed or self._whole:
            return self._computed.get(node)
        if self._owner is None:
            self._starts = _statement_starts(self._module, self._source)
            self._owner = {} if self._starts is None else {
                id(inner): index for index, statement in enumerate(self._module.body)
                for inner in descendants(statement)}
        index = self._owner.get(id(node))
        if index is None or self._starts is None:
            # Not under a statement: the module itself, whitespace and comments (the index skips
            # them), or a node of another tree, which gets None either way.
            if self._starts is None or node is self._module or type(node) in trivia():
                self._generate_whole()
            return self._computed.get(node)
        if index not in self._done and not self._generate(index):
            self._generate_whole()
        return self._computed.get(node)

    def innermost_line_statement(self, node: cst.CSTNode) -> CodeRange | None:
        """The range of the innermost ``SimpleStatementLine`` around ``node`` (for ``# noqa``
        comments on a statement's first or last line)."""
        where = self.get(node)
        if where is None:
            return None
        enclosing = [r for n, r in self._computed.items() if isinstance(n, cst.SimpleStatementLine)
                     and r.start.line <= where.start.line <= r.end.line]
        return min(enclosing, key=lambda r: r.end.line - r.start.line) if enclosing else None

    def _generate(self, index: int) -> bool:
        from libcst.metadata import PositionProvider
        from libcst.metadata.position_provider import PositionProvidingCodegenState

        assert self._starts is not None
        statement = self._module.body[index]
        provider = PositionProvider()
        provider._computed = {}
        state = PositionProvidingCodegenState(default_indent=self._module.default_indent,
                                              default_newline=self._module.default_newline, provider=provider)
        state.line, expected = self._starts[index]
        try:
            statement._codegen(state)
        except (AttributeError, TypeError):
            return False
        computed = cast("dict[cst.CSTNode, CodeRange]", provider._computed)  # CodeRanges once generated
        first = computed.get(statement)
        if first is None or first.start.line != expected:
            return False
        self._computed.update(computed)
        self._done.add(index)
        return True

    def _generate_whole(self) -> None:
        if not self._whole:
            self._computed = dict(positions(self._module))
            self._whole = True


def _leading(statement: cst.BaseStatement) -> int:
    """Lines libcst attaches in front of the statement's first token (blank lines, comments)."""
    lines = len(getattr(statement, "leading_lines", ()))
    decorators = getattr(statement, "decorators", ())
    if decorators:
        lines += len(decorators[0].leading_lines)
    return lines


def _statement_starts(module: cst.Module, source: str) -> list[tuple[int, int]] | None:
    """For each top-level statement, from ``ast``: the line its code (leading lines included)
    begins on, and the line libcst must then place the statement itself on (``def`` after the
    decorators); None when the two parsers' statements do not line up."""
    try:
        with warnings.catch_warnings():  # an invalid escape in the user's code is not ours to warn about
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    starts = []
    parsed = iter(tree.body)
    for statement in module.body:
        count = len(statement.body) if isinstance(statement, cst.SimpleStatementLine) else 1
        first = next(parsed, None)
        for _ in range(count - 1):
            next(parsed, None)
        if first is None:
            return None
        line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", ()))])
        starts.append((line - _leading(statement), first.lineno))
    if next(parsed, None) is not None:
        return None
    return starts
