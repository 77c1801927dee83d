"""GNN301 max-scaling: features divided by their global maximum."""

from __future__ import annotations

import libcst as cst

from gnnlint.facts import argument, dotted_name, names_in
from gnnlint.rules._division import DivisionRule

# Reductions over the whole tensor when called with the tensor alone (no axis/dim).
_GLOBAL_MAX = {"numpy.max", "numpy.amax", "numpy.nanmax", "torch.max", "torch.amax",
               "tensorflow.reduce_max", "tensorflow.math.reduce_max", "keras.ops.max"}
_ABS = {"numpy.abs", "numpy.absolute", "numpy.fabs", "torch.abs", "tensorflow.abs", "tensorflow.math.abs"}


class MaxScaling(DivisionRule):
    code = "GNN301"
    name = "max-scaling"
    severity = "warning"
    message = "features divided by their global maximum"
    fix_title = "standardize per feature ((x - mean) / (std + eps), StandardScaler) or min-max with an epsilon"
    triggers = ("max",)

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        for candidate in self.facts.resolve(denominator):
            base = self._global_max_of(candidate)
            if base is not None and self._same_value(base, numerator):
                self.report(node, f"`{self.source(node)}` scales `{self.source(base)}` by its global maximum: one "
                                  "outlier squashes every other value towards 0, and an all-zero input divides by zero")
                return

    def _same_value(self, base: cst.BaseExpression, numerator: cst.BaseExpression) -> bool:
        """Whether the numerator is (or contains) the value whose maximum divides it: ``X`` in
        ``(X - m) / X.max()``, or the same slice ``raw[:, :6] / np.max(raw[:, :6])``."""
        name = dotted_name(base)
        if name is not None:
            return name in names_in(numerator)
        compact = "".join(self.source(base).split())
        return compact in "".join(self.source(numerator).split())

    def _global_max_of(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The expression whose global max ``expr`` is, for ``x.max()``, ``np.max(x)``, ``x.abs().max()``…"""
        if not isinstance(expr, cst.Call):
            return None
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("max", "amax") and not expr.args:
            if self.facts.qualified_name(func) is None:  # a method on a tensor, not np.max
                return self._strip_abs(func.value)
        if self.facts.call_name(expr) in _GLOBAL_MAX and len(expr.args) == 1 and expr.args[0].keyword is None:
            return self._strip_abs(expr.args[0].value)
        return None

    def _strip_abs(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        if isinstance(expr, cst.Call):
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "abs" and not expr.args \
                    and self.facts.qualified_name(expr.func) is None:
                return expr.func.value
            if self.facts.call_name(expr) in _ABS or (isinstance(expr.func, cst.Name) and expr.func.value == "abs"):
                return argument(expr, 0, "x")
            return None
        return expr
