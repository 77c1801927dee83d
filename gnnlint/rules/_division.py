"""The shared shape of the rules that judge divisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.numerics import method_name, name_of, receiver
from gnnlint.analysis.scopes import argument, dotted_name, number
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


# Division written as a call: the library functions (by canonical name) and the tensor methods.
DIVIDE_FUNCTIONS = frozenset({"torch.div", "torch.divide", "torch.true_divide", "np.divide", "np.true_divide",
                              "tf.divide", "tf.math.divide", "tf.truediv", "tf.math.truediv", "keras.ops.divide",
                              "keras.ops.true_divide"})


def division_call(facts: Facts, node: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
    """(numerator, denominator) of a division written as a call: ``torch.div(a, b)``,
    ``np.divide(a, b)``, ``tf.math.divide(x=a, y=b)``, ``a.div(b)``, ``a.div_(b)`` (which divides
    ``a`` in place); None for any other call, for a division with a rounding mode (floor
    division of indices is not a scale), and for NumPy's ``where=`` (``np.divide(a, s, out=z,
    where=s != 0)`` divides only where the test holds)."""
    if any(a.keyword is not None and a.keyword.value in ("rounding_mode", "where") for a in node.args):
        return None
    if name_of(facts, node) in DIVIDE_FUNCTIONS:
        numerator = argument(node, 0, "x") or argument(node, None, "input")
        denominator = argument(node, 1, "y") or argument(node, None, "other")
        return (numerator, denominator) if numerator is not None and denominator is not None else None
    if method_name(facts=facts, call=node) in ops.DIVIDE_METHODS:
        denominator = argument(node, 0, "other")
        return (receiver(node), denominator) if denominator is not None else None
    return None


class DivisionRule(Rule):
    """Calls :meth:`check_division` for every ``a / b``, ``a /= b`` and division written as a call
    (``torch.div(a, b)``, ``np.divide(a, b)``, ``a.div(b)``, ``a.div_(b)``: :func:`division_call`).
    A subclass that visits calls itself calls ``super().visit_Call(node)``."""

    def visit_Call(self, node: cst.Call) -> None:
        operands = division_call(self.facts, node)
        if operands is not None:
            self.check_division(node, *operands)

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
