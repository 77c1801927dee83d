"""GNN501 unguarded-log: the log of softmax/sigmoid output, of ``1 - sigmoid``, or of a degree/count."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.facts import argument, number
from gnnlint.graph_facts import GraphFacts
from gnnlint.rule import Rule
from gnnlint.rules._numerics import (LOG, SUM, Mutations, framework, method_name, name_of, operand,
                                     probability_kind, trace, traced_probability)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

_COUNTS = {"pyg.utils.degree", "torch.bincount", "np.bincount", "np.count_nonzero", "torch.count_nonzero"}
_DGL_DEGREES = {"in_degrees", "out_degrees"}

_LOG_FIX = {
    ("softmax", "torch"): "use `F.log_softmax({x}, dim={dim})`",
    ("softmax", "tf"): "use `tf.nn.log_softmax({x})`, or a loss with `from_logits=True` on the logits",
    ("softmax", "np"): "use `scipy.special.log_softmax({x})`",
    ("sigmoid", "torch"): "use `F.logsigmoid({x})`, or `BCEWithLogitsLoss` on the logits",
    ("sigmoid", "tf"): "use `tf.math.log_sigmoid({x})`, or a loss with `from_logits=True` on the logits",
    ("sigmoid", "np"): "use `-np.logaddexp(0, -{x})`",
}
# softmax calls whose module also has log_softmax with the same arguments.
_FUSABLE_SOFTMAX = {"torch.nn.functional.softmax", "torch.softmax", "tensorflow.nn.softmax", "tensorflow.math.softmax",
                    "scipy.special.softmax"}
_FUSED_SIGMOID = {"torch.sigmoid": "torch.nn.functional.logsigmoid", "torch.nn.functional.sigmoid":
                  "torch.nn.functional.logsigmoid", "tensorflow.sigmoid": "tensorflow.math.log_sigmoid",
                  "tensorflow.math.sigmoid": "tensorflow.math.log_sigmoid", "tensorflow.nn.sigmoid":
                  "tensorflow.math.log_sigmoid"}
_COMPLEMENT_FIX = {"torch": "use `F.logsigmoid(-{x})`, or `BCEWithLogitsLoss` on the logits",
                   "tf": "use `tf.math.log_sigmoid(-{x})`, or a loss with `from_logits=True`",
                   "np": "use `-np.logaddexp(0, {x})`"}


class UnguardedLog(Rule):
    code = "GNN501"
    name = "unguarded-log"
    severity = "error"
    message = "log of a probability or of a value that can be 0"
    fix = "safe"  # --fix
    fix_title = "use the fused log form (`log_softmax`, `logsigmoid`) or add an epsilon"
    triggers = ("log",)
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.graph = GraphFacts.of(context)
        self.mutations = Mutations(self.facts)

    def visit_Call(self, node: cst.Call) -> None:
        self.mutations.record(node)
        name = name_of(self.facts, node)
        if name in LOG:
            value = argument(node, 0, "input") or argument(node, 0, "x")
        elif method_name(node, self.facts) in ("log", "log_", "log2", "log10") and not node.args:
            value = node.func.value  # type: ignore[attr-defined]
        else:
            return
        if value is None or self.mutations.guarded(value):
            return
        self._check(node, value, framework(self.facts, name))

    def _bounded_logits(self, sigmoid: cst.BaseExpression) -> bool:
        """``sigmoid(torch.arange(-6.01, 6.01, 0.01))``: logits from a range with literal bounds under
        30 in size, whose sigmoid is at least ~1e-13 (DGL's deepwalk log-sigmoid lookup table)."""
        if not isinstance(sigmoid, cst.Call) or not sigmoid.args:
            return False
        for candidate in trace(self.facts, sigmoid.args[0].value, depth=2):
            if isinstance(candidate, cst.Call) and (name_of(self.facts, candidate) or "").endswith(
                    (".arange", ".linspace")):
                bounds = [number(arg.value) for arg in candidate.args[:2]]
                return len(bounds) == 2 and all(b is not None and abs(b) < 30 for b in bounds)
        return False

    def _check(self, node: cst.Call, value: cst.BaseExpression, fw: str) -> None:
        module = self.context.module
        found = traced_probability(self.facts, value, module)
        if found is not None and found[0] == "sigmoid" and self._bounded_logits(found[1]):
            found = None  # sigmoid of a bounded constant range (a lookup table) never reaches 0
        if found is not None:
            kind, producer = found
            via = "" if producer is value else f" (`{self.source(value)}` holds `{self.source(producer)}`)"
            x, dim = self._logits(producer)
            fix = _LOG_FIX[(kind, fw)].format(x=x, dim=dim)
            if probability_kind(self.facts, producer) is None:  # a model of this file returns probabilities
                fix = (f"return log-probabilities from the model (`{'F.log_softmax' if fw == 'torch' else 'log_softmax'}`)"
                       " and drop the `log`" if kind == "softmax" else
                       "return logits from the model and use `logsigmoid` / a loss on logits")
            replacement = self._fused(producer, kind) if producer is value else None
            self.report(node, f"`{self.source(node)}` takes the log of {kind} output{via}: a probability that "
                              "underflows to 0 gives -inf and NaN gradients",
                        fix_title=fix, replacement=replacement)
            return
        for candidate in trace(self.facts, value):
            complement = self._complement(candidate)
            if complement is not None:
                x, _ = self._logits(complement)
                self.report(node, f"`{self.source(node)}` takes the log of `1 - sigmoid`: it rounds to 0 "
                                  "once the logit passes ~17 (fp32), giving -inf and NaN gradients",
                            fix_title=_COMPLEMENT_FIX[fw].format(x=x))
                return
            count = self._count(candidate)
            if count is not None:
                via = "" if candidate is value else f" (`{self.source(value)}` holds `{self.source(candidate)}`)"
                self.report(node, f"`{self.source(node)}` takes the log of {count}{via}: an isolated node or "
                                  "an empty bin gives log(0) = -inf",
                            fix_title="add one or clamp first: `log(deg + 1)`, `log(deg.clamp(min=1))`")
                return

    def _fused(self, producer: cst.BaseExpression, kind: str) -> cst.Call | None:
        """``log(softmax(x, dim))`` as ``log_softmax(x, dim)``, ``log(sigmoid(x))`` as ``logsigmoid(x)``: the
        same value, computed without the underflow (a safe fix). Only for calls written in place."""
        if not isinstance(producer, cst.Call) or not isinstance(producer.func, cst.Attribute):
            return None
        name = self.facts.call_name(producer)
        if kind == "softmax" and (name in _FUSABLE_SOFTMAX or (name is None and producer.func.attr.value == "softmax")):
            return producer.with_changes(func=producer.func.with_changes(attr=cst.Name("log_softmax")))
        if kind == "sigmoid" and len(producer.args) <= 1:
            target = _FUSED_SIGMOID.get(name) if name is not None else None
            if name is None and producer.func.attr.value == "sigmoid" and not producer.args:
                target, args = "torch.nn.functional.logsigmoid", [cst.Arg(producer.func.value)]
            else:
                args = list(producer.args)
            spelled = self.facts.spelling_for(target) if target else None
            if spelled and args:
                return cst.Call(func=cst.parse_expression(spelled), args=[a.with_changes(comma=cst.MaybeSentinel.DEFAULT)
                                                                         for a in args])
        return None

    def _complement(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The sigmoid call in ``1 - sigmoid(x)`` (or ``1 - p`` with ``p = sigmoid(x)``)."""
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Subtract) \
                and number(expr.left) == 1.0:
            found = traced_probability(self.facts, expr.right, self.context.module)
            if found is not None and found[0] == "sigmoid":
                return found[1]
        return None

    def _count(self, expr: cst.BaseExpression) -> str | None:
        if not isinstance(expr, cst.Call):
            return None
        name = name_of(self.facts, expr)
        method = method_name(expr, self.facts)
        if name in _COUNTS:
            return "node degrees" if name.endswith("degree") else "counts"
        if method in _DGL_DEGREES and self.facts.is_imported("dgl"):
            return "node degrees"
        if name in SUM or method == "sum":
            base = operand(self.facts, expr)
            # An adjacency by what it is (GraphFacts), not by what it is called.
            if base is not None and self.graph.value_here(base).kind == "adjacency":
                return "an adjacency row sum (node degrees)"
        return None

    def _logits(self, producer: cst.BaseExpression) -> tuple[str, str]:
        while isinstance(producer, cst.Subscript):
            producer = producer.value
        if not isinstance(producer, cst.Call):
            return "logits", "-1"
        x = operand(self.facts, producer) if method_name(producer, self.facts) else argument(producer, 0, "input")
        if x is None:
            x = argument(producer, 0, "x")
        position = 0 if method_name(producer, self.facts) else 1
        dim = argument(producer, position, "dim") or argument(producer, None, "axis")
        return (self.source(x) if x is not None else "logits", self.source(dim) if dim is not None else "-1")
