"""The shared shape of the rules that judge divisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.numerics import method_name, receiver
from gnnlint.analysis.scopes import dotted_name, number
from gnnlint.rule import Rule

if TYPE_CHECKING:
    from gnnlint.analysis.scopes import Facts


def factors(facts: Facts, expr: cst.BaseExpression, matrix: bool) -> tuple[cst.BaseExpression, ...]:
    """The operands of an element-wise product (``a * b``, ``torch.mul(a, b)``, ``a.mul(b)``) and,
    when ``matrix``, of a matrix product too (``a @ b``, ``torch.sparse.mm(a, b)``, ``a.mm(b)``): a
    product that is 0 wherever one of its operands is. Which calls are products is the framework
    tables' word (an index contraction is not: its first operand is the spec)."""
    products = {"elementwise-product", "matrix-product"} if matrix else {"elementwise-product"}
    if isinstance(expr, cst.BinaryOperation) and (isinstance(expr.operator, cst.Multiply) or (
            matrix and isinstance(expr.operator, cst.MatrixMultiply))):
        return expr.left, expr.right
    if not isinstance(expr, cst.Call):
        return ()
    method = method_name(expr, facts)
    if method is not None:
        return (receiver(expr), expr.args[0].value) if ops.of_method(method) & products and len(expr.args) == 1 else ()
    kinds = ops.of_function(facts.call_name(expr))
    if kinds & products and not kinds & {"contraction"} and len(expr.args) >= 2:
        return expr.args[0].value, expr.args[1].value
    return ()


class DivisionRule(Rule):
    """Calls :meth:`check_division` for every ``a / b`` and ``a /= b``; subclasses may call it for
    their library's division functions (``tf.math.divide(a, b)``, ``a.div(b)``) too."""

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Divide):
            self.check_division(node, node.left, node.right)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        if isinstance(node.operator, cst.DivideAssign):
            self.check_division(node, node.target, node.value)

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        raise NotImplementedError

    def zeros_replaced(self, denominator: cst.BaseExpression) -> bool:
        """The denominator is a name whose entries were overwritten by a nonzero constant after it
        was computed (``width[width == 0] = 1``, ``std[std < eps] = 1.0``) or raised by a positive
        constant (``width += 1e-8``): the division can no longer see a zero."""
        name = dotted_name(denominator)
        if name is None:
            return False
        bindings = self.facts.bindings(name)
        computed = max((i for i, b in enumerate(bindings) if b.kind in ("assign", "unpack", "param")), default=-1)
        for binding in bindings[computed + 1:]:
            if binding.value is None:
                continue
            constant = number(binding.value)
            if binding.kind == "subscript" and constant is not None and constant != 0:
                return True
            if binding.kind == "augassign" and isinstance(binding.node, cst.AugAssign) \
                    and isinstance(binding.node.operator, cst.AddAssign) and constant is not None and constant > 0:
                return True
        return False
