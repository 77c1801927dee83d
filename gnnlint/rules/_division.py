"""The shared shape of the rules that judge divisions."""

from __future__ import annotations

import libcst as cst

from gnnlint.rule import Rule


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
