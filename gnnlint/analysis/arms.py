"""Which arms of a function's ``if``s can run, given the literals its parameters hold.

``def preprocess(adj, norm=False): if norm: return normalize(adj + I) else: return adj`` returns
the raw graph wherever it is called without ``norm``: the arm its test rules out never runs.
A call decides a parameter when it passes a literal (``norm=True``) or leaves a literal default;
the statements an arm so ruled out holds (and, where the arm taken always returns, everything
after a top-level ``if``) are dead for that call.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

import libcst as cst  # deferred (gnnlint._lazy_libcst): no libcst attribute at module level here

from gnnlint.analysis.scopes import number
from gnnlint.analysis.strings import UNKNOWN, value_test_holds
from gnnlint.cst_walk import descendants

# What a parameter holds when no literal decides it.
UNDECIDED: Any = UNKNOWN

# Past the last statement of any function: "everything after".
_END = 1 << 62


@dataclasses.dataclass(frozen=True)
class IfArms:
    """One ``if`` statement of a scope, by statement order: its test at ``start``, its body up to
    ``body_end``, its ``else``/``elif`` up to ``end`` (``end == body_end``: no ``else``)."""

    test: cst.BaseExpression
    start: int
    body_end: int
    end: int
    # A statement of the function's own body: where the arm taken always returns, nothing after it runs.
    top_level: bool
    body_exits: bool
    orelse_exits: bool


def literal(expr: cst.BaseExpression | None) -> Any:
    """The Python value of ``True``/``False``/``None``, a number or a plain string; else UNDECIDED."""
    if expr is None:
        return UNDECIDED
    if isinstance(expr, cst.Name) and expr.value in ("True", "False", "None"):
        return {"True": True, "False": False, "None": None}[expr.value]
    if isinstance(expr, cst.SimpleString):
        return expr.evaluated_value
    value = number(expr)
    return value if value is not None else UNDECIDED


def tested_names(ifs: list[IfArms]) -> set[str]:
    """The names the tests of ``ifs`` read: only those parameters need deciding."""
    names: set[str] = set()
    for record in ifs:
        for node in descendants(record.test):
            if isinstance(node, cst.Name):
                names.add(node.value)
    return names


Resolve = Callable[["cst.BaseExpression"], Any]


def decide(test: cst.BaseExpression, constants: Mapping[str, Any] | Resolve) -> bool | None:
    """Whether ``test`` holds with the parameters in ``constants`` (or with what ``constants``
    resolves a name or attribute to, UNDECIDED where not known); None where it is not decided."""
    resolve = constants if callable(constants) else _by_name(constants)

    def value(expr: cst.BaseExpression) -> Any:
        held = literal(expr)
        if held is UNDECIDED and isinstance(expr, (cst.Name, cst.Attribute)):
            return resolve(expr)
        return held
    return value_test_holds(test, value)


def _by_name(constants: Mapping[str, Any]) -> Resolve:
    def resolve(expr: cst.BaseExpression) -> Any:
        return constants.get(expr.value, UNDECIDED) if isinstance(expr, cst.Name) else UNDECIDED
    return resolve


def dead_spans(ifs: list[IfArms], constants: Mapping[str, Any]) -> list[tuple[int, int]]:
    """The statement orders (first, last) that never run with ``constants``."""
    spans = []
    for record in ifs:
        taken = decide(record.test, constants)
        if taken is None:
            continue
        if taken:
            if record.end > record.body_end:
                spans.append((record.body_end + 1, record.end))
            if record.top_level and record.body_exits:
                spans.append((record.end + 1, _END))
        else:
            spans.append((record.start + 1, record.body_end))
            if record.top_level and record.orelse_exits and record.end > record.body_end:
                spans.append((record.end + 1, _END))
    return spans


def is_dead(order: int, spans: list[tuple[int, int]]) -> bool:
    return any(first <= order <= last for first, last in spans)


def always_exits(block: cst.BaseSuite | cst.If | cst.Else | None) -> bool:
    """Whether every path through ``block`` ends in ``return`` or ``raise``."""
    if block is None:
        return False
    if isinstance(block, cst.If):
        return always_exits(block.body) and always_exits(block.orelse)
    if isinstance(block, cst.Else):
        return always_exits(block.body)
    body = getattr(block, "body", ())
    if not body:
        return False
    last = body[-1] if isinstance(body, (list, tuple)) else None
    if isinstance(last, cst.SimpleStatementLine) or isinstance(block, cst.SimpleStatementSuite):
        statements = last.body if isinstance(last, cst.SimpleStatementLine) else block.body
        return bool(statements) and isinstance(statements[-1], (cst.Return, cst.Raise))
    if isinstance(last, cst.If):
        return always_exits(last)
    return False

