"""Whether an ``if`` test over strings the analysis knows holds: which arm of
``if act == "relu": ... elif act in ("tanh", "sigmoid"): ...`` runs when ``act`` is known (a
literal, a parameter's default, a parsed option's default), or over other literal values (a flag
a call passes, ``None``). One evaluator for the model index
(:mod:`gnnlint.analysis.models`) and the training scan (:mod:`gnnlint.analysis.training`), each
saying through ``known`` which expressions hold which string."""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from typing import Any

import libcst as cst

# What ``value`` answers for an expression whose value it cannot tell.
UNKNOWN = object()

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "LessThan": operator.lt, "LessThanEqual": operator.le, "GreaterThan": operator.gt, "GreaterThanEqual": operator.ge}


def test_holds(test: cst.BaseExpression, known: Callable[[cst.BaseExpression], str | None]) -> bool | None:
    """True/False when ``test`` compares known strings (``==``, ``!=``, ``in``/``not in`` a literal
    collection, ``is None``, a string's truth, ``callable(s)``), joined by ``and``/``or``/``not``;
    None when it reads anything else."""
    def value(expr: cst.BaseExpression) -> object:
        held = known(expr)
        return UNKNOWN if held is None else held
    return value_test_holds(test, value)


def value_test_holds(test: cst.BaseExpression, value: Callable[[cst.BaseExpression], object]) -> bool | None:
    """:func:`test_holds` over literal values of any kind (strings, booleans, ``None``, numbers):
    ``value`` gives what an expression holds, or :data:`UNKNOWN`."""
    if isinstance(test, cst.BooleanOperation):
        left, right = value_test_holds(test.left, value), value_test_holds(test.right, value)
        if isinstance(test.operator, cst.Or):
            return True if left or right else (None if left is None or right is None else False)
        return False if left is False or right is False else (None if left is None or right is None else True)
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        inner = value_test_holds(test.expression, value)
        return None if inner is None else not inner
    if isinstance(test, (cst.Name, cst.Attribute)):
        held = value(test)
        return None if held is UNKNOWN else bool(held)
    if isinstance(test, cst.Call) and isinstance(test.func, cst.Name) and test.func.value == "callable" \
            and len(test.args) == 1 and value(test.args[0].value) is not UNKNOWN:
        return False  # a literal is not a callable passed in place of a name
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return None
    target, held = test.comparisons[0], value(test.left)
    if held is UNKNOWN:
        return None
    if isinstance(target.operator, (cst.Is, cst.IsNot)) and isinstance(target.comparator, cst.Name) \
            and target.comparator.value in ("None", "True", "False"):
        singleton = {"None": None, "True": True, "False": False}[target.comparator.value]
        return (held is singleton) == isinstance(target.operator, cst.Is)
    if isinstance(target.operator, (cst.Equal, cst.NotEqual)):
        other = value(target.comparator)
        return None if other is UNKNOWN else (held == other) == isinstance(target.operator, cst.Equal)
    order = _ORDER.get(type(target.operator).__name__)
    if order is not None:
        other = value(target.comparator)
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (held, other))
        return order(held, other) if numbers else None
    if isinstance(target.operator, (cst.In, cst.NotIn)) and isinstance(target.comparator, (cst.List, cst.Tuple, cst.Set)):
        options = [value(e.value) for e in target.comparator.elements]
        return None if any(o is UNKNOWN for o in options) else (held in options) == isinstance(target.operator, cst.In)
    return None


def arm_taken(statement: cst.If, known: Callable[[cst.BaseExpression], str | None]
              ) -> Sequence[cst.BaseStatement] | None:
    """The statements of the arm of an ``if``/``elif``/``else`` chain that the known strings choose
    (none when no arm runs); None when a test is undecided or the chosen arm is a one-line body."""
    branch: cst.If | cst.Else | None = statement
    while isinstance(branch, cst.If):
        taken = test_holds(branch.test, known)
        if taken is None:
            return None
        if taken:
            break
        branch = branch.orelse
    if branch is None:
        return ()
    return list(branch.body.body) if isinstance(branch.body, cst.IndentedBlock) else None
