"""The shared shape of the rules that judge divisions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.numerics import does, guard_call, method_name, name_of, operand, receiver, trace
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


def unit_rows(facts: Facts, expr: cst.BaseExpression) -> bool:
    """Rows of L2 norm at most 1, by the call that made them: ``F.normalize(x)`` (p=2 by default)
    along the feature axis (1 or -1), ``tf.math.l2_normalize(x, axis=-1)`` (or over the whole tensor,
    whose rows then have norms below 1), or by hand: ``x / x.norm(dim=1, keepdim=True).clamp(min=eps)``.
    Columns of unit norm (``dim=0``) bound no row."""
    for candidate in trace(facts, expr, depth=2):
        if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Divide):
            return _over_own_row_norm(facts, candidate.left, candidate.right)
        if not isinstance(candidate, cst.Call) or not does(facts, candidate, "feature-norm"):
            continue
        name = name_of(facts, candidate) or ""
        if name == "F.normalize":
            power, axis = argument(candidate, 1, "p"), argument(candidate, 2, "dim")
            return (power is None or number(power) == 2.0) and (axis is None or number(axis) in (1.0, -1.0))
        if name.endswith("l2_normalize"):
            axis = argument(candidate, 1, "axis")
            return axis is None or number(axis) in (1.0, -1.0)
        return False
    return False


def _over_own_row_norm(facts: Facts, value: cst.BaseExpression, denominator: cst.BaseExpression) -> bool:
    """``value`` divided by its own L2 norm along the feature axis, floored or not (a floor only
    raises the divisor: the quotient's norm stays at most 1)."""
    name = dotted_name(value)
    for held in trace(facts, denominator, depth=2):
        while isinstance(held, cst.BinaryOperation) and isinstance(held.operator, cst.Add) \
                and (number(held.right) or 0) > 0:
            held = held.left  # n + eps
        while isinstance(held, cst.Call) and guard_call(facts, held) and operand(facts, held) is not None:
            held = operand(facts, held)  # type: ignore[assignment]  # n.clamp(min=eps)
        norm = norm_of(facts, held)
        if norm is not None:
            base, axis, power = norm
            return name is not None and dotted_name(base) == name and number(axis) in (1.0, -1.0) \
                and (power is None or number(power) == 2.0)
    return False


def norm_of(facts: Facts, expr: cst.BaseExpression) -> tuple[cst.BaseExpression, cst.BaseExpression | None,
                                                             cst.BaseExpression | None] | None:
    """(the tensor, the axis, the order) of a norm: ``x.norm(p, dim)``, ``torch.norm(x, p, dim)``,
    ``np.linalg.norm(x, ord, axis)``, ``tf.norm(x, axis=1)``; the axis None for a whole tensor's norm.
    An ``abs`` inside is looked through (the norm of ``|x|`` is the norm of ``x``)."""
    if not isinstance(expr, cst.Call) or not does(facts, expr, "norm"):
        return None
    method = method_name(expr, facts) is not None
    axis = argument(expr, 1, "dim") if method else argument(expr, 2, "axis") or argument(expr, None, "dim")
    axis = axis or argument(expr, None, "axis") or argument(expr, None, "dim")
    power = argument(expr, 0 if method else 1, "p") or argument(expr, None, "ord")
    base = operand(facts, expr)
    if isinstance(base, cst.Call) and (method_name(base, facts) == "abs" or (name_of(facts, base) or "").endswith(".abs")):
        base = operand(facts, base)
    return (base, axis, power) if base is not None else None


def cosines(facts: Facts, expr: cst.BaseExpression) -> bool:
    """Dot products of rows of norm at most 1: ``a @ b.T``, ``torch.mm(a, b.t())``,
    ``tf.matmul(a, b, transpose_b=True)`` with both operands' rows normalised (:func:`unit_rows`):
    every entry is a cosine similarity, in [-1, 1]."""
    pair = factors(facts, expr, matrix=True)
    if len(pair) != 2 or (isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Multiply)):
        return False  # (an element-wise product of unit rows is no dot product)
    if isinstance(expr, cst.Call) and does(facts, expr, "elementwise-product"):
        return False
    left, right = pair
    flag = argument(expr, None, "transpose_b") if isinstance(expr, cst.Call) else None
    if isinstance(flag, cst.Name) and flag.value == "True":
        columns: cst.BaseExpression | None = right
    else:
        columns = _transposed_of(right)
    return columns is not None and unit_rows(facts, left) and unit_rows(facts, columns)


def _transposed_of(expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """``b`` for ``b.T``, ``b.t()``, ``b.transpose(0, 1)``, ``b.transpose(-1, -2)``."""
    if isinstance(expr, cst.Attribute) and expr.attr.value in ("T", "mT"):
        return expr.value
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in ("t", "transpose"):
        return expr.func.value
    return None

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
