"""GNN506 unstable-manual-softmax: softmax or sigmoid written by hand without the max shift."""

from __future__ import annotations

import libcst as cst

from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.rules._division import DivisionRule
from gnnlint.analysis.numerics import (EXP, MAX, SUM, framework, guard_call, latest_value, method_name, name_of,
                                     operand, trace)

# Segment sums of PyG/torch_scatter: the per-node softmax over incoming edges written by hand.
_SEGMENT_SUM = {"torch_scatter.scatter_add", "torch_scatter.scatter_sum", "pyg.utils.scatter", "torch_scatter.scatter",
                "pyg.utils.scatter_add", "tf.math.unsorted_segment_sum", "tf.math.segment_sum",
                "tf.unsorted_segment_sum"}


class UnstableManualSoftmax(DivisionRule):
    code = "GNN506"
    name = "unstable-manual-softmax"
    severity = "error"
    message = "softmax or sigmoid written by hand without the max shift"
    fix_title = "use the framework's `softmax`/`sigmoid` (or subtract the max before `exp`)"
    triggers = ("exp",)

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        exp = self._exp_in(numerator)
        if exp is not None:
            total = self._exp_sum(denominator)
            if total is not None:
                self._report_softmax(node, exp, total)
                return
            plus_one = self._one_plus_exp(denominator)
            if plus_one is not None and framework(self.facts, name_of(self.facts, exp)) != "np" \
                    and self._same(operand(self.facts, plus_one), operand(self.facts, exp)):
                self._report_sigmoid(node, exp, "inf / inf = NaN once `exp` overflows")
                return
        if number(numerator) == 1.0:
            plus_one = self._one_plus_exp(denominator)
            fw = framework(self.facts, name_of(self.facts, plus_one)) if plus_one is not None else None
            # NumPy's 1 / (1 + inf) is the right limit 0 (with an overflow warning), and float64 overflows only
            # past 709; only autograd turns the hand-written sigmoid into NaN in practice.
            if plus_one is not None and fw != "np":
                self._report_sigmoid(node, plus_one, "`exp` overflows to inf for large negative inputs: the "
                                     "value rounds to 0 but its gradient is inf / inf = NaN")

    def _exp_in(self, expr: cst.BaseExpression) -> cst.Call | None:
        """The unshifted ``exp`` call that ``expr`` is (through names), else None."""
        for candidate in trace(self.facts, expr, depth=3):
            if isinstance(candidate, cst.Call) and (name_of(self.facts, candidate) in EXP
                                                    or method_name(candidate, self.facts) in ("exp", "exp_")):
                return None if self._shifted(candidate) else candidate
        return None

    def _exp_sum(self, expr: cst.BaseExpression) -> cst.Call | None:
        """``exp(x).sum(...)`` / ``tf.reduce_sum(e, ...)`` / ``scatter(e, index, reduce="sum")`` of an
        unshifted exp (``+ eps`` around it does not prevent inf / inf)."""
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            for side, other in ((expr.left, expr.right), (expr.right, expr.left)):
                if number(other) is not None or dotted_name(other) is not None:
                    found = self._exp_sum(side)
                    if found is not None:
                        return found
            return None
        for candidate in trace(self.facts, expr, depth=3):
            if not isinstance(candidate, cst.Call):
                continue
            name = name_of(self.facts, candidate)
            if name in SUM or method_name(candidate, self.facts) == "sum":
                inner = operand(self.facts, candidate)
            elif name in _SEGMENT_SUM:
                reduce = argument(candidate, None, "reduce")
                if reduce is not None and not (isinstance(reduce, cst.SimpleString)
                                               and reduce.evaluated_value in ("sum", "add")):
                    return None
                inner = argument(candidate, 0, "src") or argument(candidate, 0, "data")
            else:
                return None
            if inner is not None and self._exp_in(inner) is not None:
                return candidate
            return None
        return None

    def _one_plus_exp(self, expr: cst.BaseExpression) -> cst.Call | None:
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            for one, other in ((expr.left, expr.right), (expr.right, expr.left)):
                if number(one) == 1.0:
                    return self._exp_in(other)
        return None

    def _shifted(self, exp: cst.Call) -> bool:
        """Whether the exponent is bounded: ``x - x.max(...)``, ``x - m`` with ``m`` a max, a clamp."""
        argument_ = operand(self.facts, exp)
        if argument_ is None:
            return True
        for candidate in trace(self.facts, argument_, depth=3):
            if guard_call(self.facts, candidate) or self._non_positive(candidate):
                return True
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Subtract) \
                    and self._is_max(candidate.right):
                return True
        return False

    def _non_positive(self, expr: cst.BaseExpression) -> bool:
        """A negated square (``-0.5 * (x / s) ** 2``, a Gaussian kernel): exp of it cannot overflow."""
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
            return self._is_square(expr.expression)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Divide)):
            value = number(expr.left)
            if value is not None and value < 0 and self._is_square(expr.right):
                return True
            # -(x ** 2) / (2 * sigma ** 2): a non-positive value over a positive scale
            return self._non_positive(expr.left) and (number(expr.right) or 0) >= 0
        return False

    def _is_square(self, expr: cst.BaseExpression) -> bool:
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Power):
            return number(expr.right) == 2.0
        return isinstance(expr, cst.Call) and method_name(expr, self.facts) == "pow" and \
            number(argument(expr, 0, "exponent")) == 2.0

    def _is_max(self, expr: cst.BaseExpression) -> bool:
        name: str | None
        for candidate in trace(self.facts, expr, depth=3):
            while isinstance(candidate, (cst.Subscript, cst.Attribute)) and not dotted_name(candidate):
                candidate = candidate.value  # x.max(1)[0], x.max(1).values
            if isinstance(candidate, cst.Attribute) and candidate.attr.value in ("values", "detach"):
                candidate = candidate.value
            if isinstance(candidate, cst.Call):
                if method_name(candidate, self.facts) in ("detach", "unsqueeze", "view", "reshape") \
                        or name_of(self.facts, candidate) in ("torch.unsqueeze", "tf.expand_dims", "tf.stop_gradient"):
                    inner = operand(self.facts, candidate)
                    return inner is not None and self._is_max(inner)
                name = name_of(self.facts, candidate) or ""
                if name in MAX or method_name(candidate, self.facts) in ("max", "amax", "logsumexp") \
                        or name.endswith(("scatter_max", "segment_max")):
                    return True
                if name in ("pyg.utils.scatter", "torch_scatter.scatter"):
                    reduce = argument(candidate, None, "reduce")
                    return isinstance(reduce, cst.SimpleString) and reduce.evaluated_value in ("max", "amax")
            if dotted_name(candidate) is not None and latest_value(self.facts, candidate) is None \
                    and not any(b.kind != "param" for b in self.facts.bindings(dotted_name(candidate) or "")):
                # `x - m` with `m` a parameter (or attribute) of unknown value: it may well be the max
                # (PyG's softmax helpers pass it in); nothing shows the exponent is unbounded
                return True
        return False

    def _same(self, a: cst.BaseExpression | None, b: cst.BaseExpression | None) -> bool:
        return a is not None and b is not None and self.context.module.code_for_node(a) == \
            self.context.module.code_for_node(b)

    def _report_softmax(self, node: cst.CSTNode, exp: cst.Call, total: cst.Call) -> None:
        x = operand(self.facts, exp)
        x_source = self.source(x) if x is not None else "x"
        fw = framework(self.facts, name_of(self.facts, exp))
        if name_of(self.facts, total) in _SEGMENT_SUM:
            fix = f"use `torch_geometric.utils.softmax({x_source}, index)`" if fw == "torch" \
                else "subtract the per-segment max (`tf.math.unsorted_segment_max`) before `exp`"
        elif fw == "torch":
            fix = f"use `torch.softmax({x_source}, dim=...)`"
        elif fw == "tf":
            fix = f"use `tf.nn.softmax({x_source}, axis=...)`"
        else:
            fix = f"use `scipy.special.softmax({x_source}, axis=...)` or subtract `{x_source}.max(axis, keepdims=True)`"
        self.report(node, f"`{self.source(node)}` is softmax written without the max shift: `exp` overflows to inf "
                          "for scores above ~88 (fp32; ~11 in fp16) and inf / inf = NaN", fix_title=fix)

    def _report_sigmoid(self, node: cst.CSTNode, exp: cst.Call, why: str) -> None:
        x = operand(self.facts, exp)
        fw = framework(self.facts, name_of(self.facts, exp))
        target = {"torch": "torch.sigmoid", "tf": "tf.sigmoid"}.get(fw, "scipy.special.expit")
        self.report(node, f"`{self.source(node)}` is sigmoid written by hand: {why}",
                    fix_title=f"use `{target}(...)`" if x is None else f"use `{target}` on the logits")
