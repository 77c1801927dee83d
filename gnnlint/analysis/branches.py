"""The tests of the `if`s whose body the walk is in, for rules that judge a value by its branch."""

from __future__ import annotations

from typing import Any

import libcst as cst

from gnnlint.analysis.scopes import dotted_name, number


class EnclosingTests:
    """Mixin for a rule: ``self.tests`` holds the tests of the enclosing `if`s whose body (not else
    branch) the walk is in, innermost last, for indented and one-line bodies alike."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tests: list[cst.BaseExpression] = []
        self._bodies: dict[int, cst.BaseExpression] = {}

    def visit_If(self, node: cst.If) -> None:
        self._bodies[id(node.body)] = node.test

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self._enter_body(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._leave_body(original_node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self._enter_body(node)

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._leave_body(original_node)

    def _enter_body(self, node: cst.CSTNode) -> None:
        if id(node) in self._bodies:
            self.tests.append(self._bodies[id(node)])

    def _leave_body(self, node: cst.CSTNode) -> None:
        if id(node) in self._bodies:
            self.tests.pop()

    def positive_here(self, value: cst.BaseExpression) -> bool:
        """An enclosing `if value > c` (c >= 0) or `if value >= c` (c > 0): here ``value`` is never 0.
        The bound may be a name (or a parameter) holding a number."""
        spelled = dotted_name(value) or _source_key(value)
        for test in self.tests:
            if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
                continue
            target = test.comparisons[0]
            left, right, op = test.left, target.comparator, target.operator
            if isinstance(op, (cst.LessThan, cst.LessThanEqual)):
                left, right = right, left
                op = cst.GreaterThan() if isinstance(op, cst.LessThan) else cst.GreaterThanEqual()
            bound = self._bound(right)
            if (dotted_name(left) or _source_key(left)) != spelled or bound is None:
                continue
            if (isinstance(op, cst.GreaterThan) and bound >= 0) or (isinstance(op, cst.GreaterThanEqual) and bound > 0):
                return True
        return False

    def _bound(self, expr: cst.BaseExpression) -> float | None:
        facts = self.facts  # type: ignore[attr-defined]  # the Rule this is mixed into
        found = next((n for n in map(number, facts.resolve(expr)) if n is not None), None)
        if found is None and dotted_name(expr) is not None:
            found = next((number(b.value) for b in facts.bindings(dotted_name(expr))
                          if b.kind == "param" and number(b.value) is not None), None)
        return found


def _source_key(expr: cst.BaseExpression) -> str | None:
    """``x[i, j]`` compared by what it reads: the same subscript spelt the same way."""
    if isinstance(expr, cst.Subscript):
        return cst.Module(body=[]).code_for_node(expr).replace(" ", "")
    return None


class ZeroExits:
    """Mixin for a rule: the values an earlier ``if d == 0: return ...`` (or ``if not d``, ``if d <= 0``,
    exiting by ``return``, ``raise``, ``continue`` or ``break``) in the function being walked has
    already sent away, so that ``d`` is not 0 in what follows: ``zero_excluded(d)``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._exits: list[set[str]] = [set()]

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        _chain(super(), "visit_FunctionDef", node)
        self._exits.append(set())

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        _chain(super(), "leave_FunctionDef", original_node)
        self._exits.pop()

    def leave_If(self, original_node: cst.If) -> None:
        _chain(super(), "leave_If", original_node)
        body = original_node.body.body
        last = body[-1] if body else None
        small = last.body[-1] if isinstance(last, cst.SimpleStatementLine) and last.body else last
        if isinstance(small, (cst.Return, cst.Raise, cst.Continue, cst.Break)):
            self._exits[-1].update(_zero_tested(original_node.test))

    def zero_excluded(self, value: cst.BaseExpression) -> bool:
        """``value``, or what a name holding it was assigned (``r = hi - lo``), was sent away at 0."""
        facts = self.facts  # type: ignore[attr-defined]  # the Rule this is mixed into
        return any(_value_key(held) in self._exits[-1] for held in facts.resolve(value, depth=2)
                   if _value_key(held) is not None)


def _zero_tested(test: cst.BaseExpression) -> list[str]:
    """What ``d == 0``, ``0 == d``, ``d <= 0`` or ``not d`` tests for zero, spelt as written; a test
    ``a == b`` (or ``a <= b``) tests the difference ``a - b`` (and for ``==`` also ``b - a``) for zero."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        spelled = dotted_name(test.expression)
        return [spelled] if spelled is not None else []
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return []
    target = test.comparisons[0]
    left, right, op = test.left, target.comparator, target.operator
    if number(left) == 0 and isinstance(op, cst.Equal):
        left, right = right, left
    if number(right) == 0 and isinstance(op, (cst.Equal, cst.LessThanEqual)):
        spelled = _value_key(left)
        return [spelled] if spelled is not None else []
    if isinstance(op, cst.Equal):
        return [_difference_key(left, right), _difference_key(right, left)]
    if isinstance(op, cst.LessThanEqual):
        return [_difference_key(left, right)]
    return []


def _value_key(expr: cst.BaseExpression) -> str | None:
    """A value spelt the way the tests above record it: a name, a subscript, a difference ``a - b``."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Subtract):
        return _difference_key(expr.left, expr.right)
    return dotted_name(expr) or _source_key(expr)


def _difference_key(left: cst.BaseExpression, right: cst.BaseExpression) -> str:
    """``a - b`` spelt from its operands, so that ``(hi - lo)`` and ``hi-lo`` read the same."""
    first, second = _operand_key(left), _operand_key(right)
    return f"{first} - {second}"


def _operand_key(expr: cst.BaseExpression) -> str:
    """An operand as written, without spaces or parentheses: ``x.max()``, ``self.hi``, ``m[0]``."""
    if not isinstance(expr, cst.Tuple):  # an empty tuple cannot lose its parentheses
        expr = expr.with_changes(lpar=[], rpar=[])
    return dotted_name(expr) or cst.Module(body=[]).code_for_node(expr).replace(" ", "")


def _chain(parent: Any, method: str, node: cst.CSTNode) -> None:
    """Call the visitor ``method`` further up the rule's classes, where one defines it."""
    found = getattr(parent, method, None)
    if found is not None:
        found(node)
