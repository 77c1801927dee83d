"""GNN301 max-scaling: features divided by their global maximum."""

from __future__ import annotations

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import argument, dotted_name, names_in, number
from gnnlint.rules._division import DivisionRule
from gnnlint.analysis.numerics import trace

# Reductions over the whole tensor when called with the tensor alone (no axis/dim).
_GLOBAL_MAX = {"numpy.max", "numpy.amax", "numpy.nanmax", "torch.max", "torch.amax",
               "tensorflow.reduce_max", "tensorflow.math.reduce_max", "keras.ops.max"}
_ARRAYS = {"numpy", "torch", "tensorflow", "keras", "jax"}
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
                which = "global maximum" if self._is_global(candidate) else "maximum along an axis"
                self.report(node, f"`{self.source(node)}` scales `{self.source(base)}` by its {which}: one "
                                  "outlier squashes every other value towards 0, and an all-zero input divides by zero")
                return
            if base is not None and number(numerator) == 1.0:  # 1 / max(x): the factor that scales x to [0, 1]
                self.report(node, f"`{self.source(node)}` is the reciprocal of the maximum of `{self.source(base)}`, "
                                  "a max-scaling factor with no epsilon: an all-zero row or input gives inf, and one "
                                  "outlier squashes every other value towards 0")
                return
        data = self._range_of(denominator)
        if data is not None and self._shifted_by_minimum(numerator, data):
            self.report(node, f"`{self.source(node)}` min-max scales by the range of `{data}` with no epsilon: a "
                              "constant input (or feature) has range 0 and gives 0 / 0 = NaN, and one outlier "
                              "squashes every other value")

    # -- min-max: (x - x.min()) / (x.max() - x.min()) ------------------------------------------------

    def _range_of(self, denominator: cst.BaseExpression) -> str | None:
        """The data whose range ``max - min`` the denominator is (through names, reshapes), else None."""
        for candidate in trace(self.facts, denominator, depth=3):
            if isinstance(candidate, cst.Subscript) and self._positive_selection(candidate):
                return None  # r[r > 0]: only the columns with a non-zero range are kept
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Subtract):
                top, bottom = self._extreme(candidate.left, "max"), self._extreme(candidate.right, "min")
                return top if top is not None and top == bottom else None
        return None

    def _positive_selection(self, subscript: cst.Subscript) -> bool:
        """An index that keeps only positive (non-zero) entries: ``[r > 0]``, ``[:, r.gt(0)]``, or a
        name holding such a mask."""
        for element in subscript.slice:
            index = element.slice
            if not isinstance(index, cst.Index):
                continue
            for value in self.facts.resolve(index.value):
                while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
                        and value.func.attr.value in ("nonzero", "squeeze", "flatten", "view", "reshape"):
                    value = value.func.value
                if isinstance(value, cst.Comparison) and len(value.comparisons) == 1 \
                        and isinstance(value.comparisons[0].operator, (cst.GreaterThan, cst.NotEqual)) \
                        and number(value.comparisons[0].comparator) == 0:
                    return True
                if isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
                        and value.func.attr.value in ("gt", "ne") and number(argument(value, 0, "other")) == 0:
                    return True
        return False

    def _shifted_by_minimum(self, numerator: cst.BaseExpression, data: str) -> bool:
        """``(x - x_min) * 2`` or ``(y - x_min)``: the numerator subtracts the same minimum."""
        return any(isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Subtract)
                   and self._extreme(node.right, "min") == data for node in descendants(numerator))

    def _extreme(self, expr: cst.BaseExpression, kind: str) -> str | None:
        """What ``expr`` is the maximum (``kind="max"``) or minimum of, as written (``x`` for
        ``x.max()``, ``x.max(0).max(0)``, ``np.max(x, axis=0)``, a name holding one, expanded)."""
        for candidate in trace(self.facts, expr, depth=4):
            reduced, found = candidate, False
            while isinstance(reduced, cst.Call):
                func = reduced.func
                if isinstance(func, cst.Attribute) and func.attr.value in (kind, "a" + kind, "nan" + kind) \
                        and self.facts.qualified_name(func) is None:
                    reduced, found = func.value, True
                elif (self.facts.call_name(reduced) or "").rsplit(".", 1)[-1] in (kind, "a" + kind, "nan" + kind, \
                                                                                   "reduce_" + kind) \
                        and reduced.args and (self.facts.call_name(reduced) or "").split(".")[0] in _ARRAYS:
                    reduced, found = reduced.args[0].value, True
                else:
                    break
            if found:
                return self.context.module.code_for_node(reduced).replace(" ", "")
        return None

    def _same_value(self, base: cst.BaseExpression, numerator: cst.BaseExpression) -> bool:
        """Whether the numerator is (or contains) the value whose maximum divides it: ``X`` in
        ``(X - m) / X.max()``, or the same slice ``raw[:, :6] / np.max(raw[:, :6])``."""
        name = dotted_name(base)
        if name is not None:
            return name in names_in(numerator)
        compact = "".join(self.source(base).split())
        return compact in "".join(self.source(numerator).split())

    def _global_max_of(self, expr: cst.BaseExpression, unwrapped: bool = False) -> cst.BaseExpression | None:
        """The expression whose maximum ``expr`` is, global or along an axis (RULES.md: "global or per
        feature"): ``x.max()``, ``np.max(x)``, ``x.abs().max()``, ``X.max(axis=0)``, ``x.amax(dim=0)``,
        ``tf.reduce_max(x, axis=0)``, and torch's ``x.max(dim=1).values`` / ``[0]``."""
        if isinstance(expr, cst.Attribute) and expr.attr.value == "values":
            expr = expr.value  # torch.max(x, dim) returns (values, indices)
        elif isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index) \
                and number(expr.slice[0].slice.value) == 0:
            expr = expr.value
        if not isinstance(expr, cst.Call):
            if isinstance(expr, (cst.Name, cst.Attribute)) and not unwrapped:
                # `b_max = torch.max(b, dim=2)` ... `b / b_max.values`
                return next((found for value in self.facts.resolve(expr) if value is not expr
                             for found in [self._global_max_of(value, unwrapped=True)] if found is not None), None)
            return None
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in ("max", "amax") \
                and all(arg.keyword is not None or number(arg.value) is not None for arg in expr.args):
            if self.facts.qualified_name(func) is None:  # a method on a tensor, not np.max
                return self._strip_abs(func.value)
        if self.facts.call_name(expr) in _GLOBAL_MAX and expr.args and expr.args[0].keyword is None \
                and all(arg.keyword is not None or number(arg.value) is not None for arg in expr.args[1:]):
            return self._strip_abs(expr.args[0].value)
        return None

    def _is_global(self, expr: cst.BaseExpression) -> bool:
        """``x.max()`` / ``np.max(x)``: no axis given (``b.max(dim=1).values`` and friends have one)."""
        if not isinstance(expr, cst.Call):
            return False
        extra = expr.args[1:] if self.facts.call_name(expr) in _GLOBAL_MAX else expr.args
        return not extra

    def _strip_abs(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        if isinstance(expr, cst.Call):
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "abs" and not expr.args \
                    and self.facts.qualified_name(expr.func) is None:
                return expr.func.value
            if self.facts.call_name(expr) in _ABS or (isinstance(expr.func, cst.Name) and expr.func.value == "abs"):
                return argument(expr, 0, "x")
            return None
        return expr
