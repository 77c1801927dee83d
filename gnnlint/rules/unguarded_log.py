"""GNN501 unguarded-log: the log of softmax/sigmoid output, of ``1 - sigmoid``, or of a degree/count."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis import inline
from gnnlint.analysis import ops
from gnnlint.analysis.scopes import Facts, argument, dotted_name, number
from gnnlint.analysis.graph import GraphFacts
from gnnlint.cst_walk import descendants
from gnnlint.rule import Rule
from gnnlint.analysis.branches import EnclosingTests
from gnnlint.analysis.numerics import (Activation, does, Mutations, Probabilities, framework, guard_call, method_name,
                                     name_of, operand, receiver, probability_kind, trace, traced_probability)
from gnnlint.analysis.values import Signs

if TYPE_CHECKING:
    from gnnlint.analysis.graph import Scope
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


_WHERE = {"torch.where", "np.where", "tf.where", "keras.ops.where"}
_NAN_SAFE = {"nansum", "nanmean", "nan_to_num", "nanmax", "nanmin"}
_MIN = {"np.min", "np.amin", "np.nanmin", "torch.min", "torch.amin", "tf.reduce_min", "tf.math.reduce_min"}


def _unnegated(expr: cst.BaseExpression) -> cst.BaseExpression:
    """``x`` for ``-x``: a bound on the magnitude holds for both."""
    while isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        expr = expr.expression
    return expr


def _key(module: cst.Module, expr: cst.BaseExpression) -> str:
    """What an expression reads, spelt without spaces: ``p`` in ``log(p)`` and ``log(1 - p)``."""
    return module.code_for_node(_unnegated(expr)).replace(" ", "").strip("()")


class UnguardedLog(EnclosingTests, Rule):
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
        inline.register(self.graph)
        self.mutations = Mutations(self.facts)
        self.signs = Signs(self.graph)
        self.probabilities = Probabilities(self.graph)
        self.bodies: list[cst.CSTNode] = [context.module]
        self.logs: dict[int, set[tuple[str, str]]] = {}
        self.entropy: set[int] = set()  # log calls multiplied by their own argument: p * log(p)
        self.weighted: set[int] = set()  # log calls multiplied by something (a target, a weight)
        self.added: set[int] = set()  # log calls added to or subtracted from something (noise on logits)
        self.where_tests: list[cst.BaseExpression] = []
        self.pending: list[tuple[cst.Call, cst.BaseExpression, Scope, int, str]] = []
        self.nan_safe = 0  # inside np.nansum(...) / nan_to_num(...): a NaN entry is dropped or replaced

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.bodies.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.bodies.pop()

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, (cst.Add, cst.Subtract)):
            for side in (node.left, node.right):
                # through the negations and logs of Gumbel noise: `logits - log(-log(u))`
                term: cst.BaseExpression | None = _unnegated(side)
                while term is not None:
                    self.added.add(id(term))
                    inner = self._log_argument(term)
                    term = _unnegated(inner) if inner is not None else None
        if isinstance(node.operator, cst.Multiply):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                argument_ = self._log_argument(side)
                if argument_ is None:
                    continue
                self.weighted.add(id(side))  # t * log(p): a term of a cross-entropy
                if _key(self.context.module, other) == _key(self.context.module, argument_):
                    self.entropy.add(id(side))

    def leave_Call(self, original_node: cst.Call) -> None:
        if name_of(self.facts, original_node) in _WHERE and original_node.args:
            self.where_tests.pop()
        if (name_of(self.facts, original_node) or "").rsplit(".", 1)[-1] in _NAN_SAFE:
            self.nan_safe -= 1

    def _log_function(self, call: cst.Call) -> bool:
        return "log" in ops.of_function(self.facts.call_name(call))

    def _log_argument(self, call: cst.BaseExpression) -> cst.BaseExpression | None:
        if not isinstance(call, cst.Call):
            return None
        if self._log_function(call):
            return argument(call, 0, "input") or argument(call, 0, "x")
        if method_name(call, self.facts) in ("log", "log2", "log10") and not call.args:
            return call.func.value  # type: ignore[attr-defined, no-any-return]
        return None

    def visit_Call(self, node: cst.Call) -> None:
        self.mutations.record(node)
        if name_of(self.facts, node) in _WHERE and node.args:
            self.where_tests.append(node.args[0].value)
        if (name_of(self.facts, node) or "").rsplit(".", 1)[-1] in _NAN_SAFE:
            self.nan_safe += 1
        name = name_of(self.facts, node)
        if self._log_function(node):
            value = argument(node, 0, "input") or argument(node, 0, "x")
        elif method_name(node, self.facts) in ("log", "log_", "log2", "log10") and not node.args:
            value = node.func.value  # type: ignore[attr-defined]
        else:
            return
        if value is None:
            return
        value = self._under_magnitude(value)
        if self.mutations.guarded(value):
            return
        self._check(node, value, framework(self.facts, name))

    def _under_magnitude(self, value: cst.BaseExpression) -> cst.BaseExpression:
        """The tensor under ``abs(...)``, ``x.abs()``: a magnitude is 0 exactly where the tensor is, so
        the log of ``|sigmoid(x)|`` (a flow's log-determinant) meets the same underflow as the log of
        the sigmoid."""
        while isinstance(value, cst.Call):
            if method_name(value, self.facts) == "abs" and not value.args:
                value = value.func.value  # type: ignore[attr-defined]
            elif method_name(value, self.facts) is None and len(value.args) == 1 and (
                    name_of(self.facts, value) or dotted_name(value.func) or "").rsplit(".", 1)[-1] in ("abs", "absolute"):
                value = value.args[0].value
            else:
                break
        return value

    def _bounded_logits(self, sigmoid: cst.BaseExpression) -> bool:
        """``sigmoid(torch.arange(-6.01, 6.01, 0.01))``: logits from a range with literal bounds under
        30 in size, whose sigmoid is at least ~1e-13 (DGL's deepwalk log-sigmoid lookup table), or
        logits that are bounded by what computes them: ``sigmoid(cosine_similarity(a, b))``,
        ``sigmoid(-tanh(x))``, never below sigmoid(-1) = 0.27."""
        if not isinstance(sigmoid, cst.Call) or not sigmoid.args:
            return False
        for candidate in trace(self.facts, _unnegated(sigmoid.args[0].value), depth=2):
            if does(self.facts, _unnegated(candidate), "bounded", "probability"):
                return True  # tanh, a cosine similarity, a probability: in [-1, 1]
            if isinstance(candidate, cst.Call) and (name_of(self.facts, candidate) or "").endswith(
                    (".arange", ".linspace")):
                bounds = [number(arg.value) for arg in candidate.args[:2]]
                return len(bounds) == 2 and all(b is not None and abs(b) < 30 for b in bounds)
            if isinstance(candidate, cst.Call) and does(self.facts, candidate, "clamp"):
                # clamp(s, -15, 15) / np.clip(s, -15, 15) / s.clamp(min=-15): sigmoid >= 3e-7
                method = method_name(candidate, self.facts) is not None
                low = number(argument(candidate, 0 if method else 1, "min")
                             or argument(candidate, None, "clip_value_min") or argument(candidate, None, "a_min"))
                return low is not None and -30 < low
        return False

    def _check(self, node: cst.Call, value: cst.BaseExpression, fw: str) -> None:
        found = traced_probability(self.facts, value, self.context.module)
        if found is not None and found[0] == "sigmoid" and self._bounded_logits(found[1]):
            return  # sigmoid of a bounded constant range (a lookup table) never reaches 0
        if found is not None:
            kind, producer = found
            via = "" if producer is value else f" (`{self.source(value)}` holds `{self.source(producer)}`)"
            self._report_probability(node, value, kind, producer, via, fw)
            return
        for candidate in trace(self.facts, value):
            complement = self._complement(candidate)
            if complement is not None:
                self._report_complement(node, self._logits(complement)[0], fw)
                return
            count = self._count(candidate)
            if count is not None and (self.graph.value_here(value).at_least_one or _selected(node, value, self.facts)):
                return  # a degree with self-loops, read back where it is counted (`degree(col)[col]`), or masked
            if count is not None:
                via = "" if candidate is value else f" (`{self.source(value)}` holds `{self.source(candidate)}`)"
                self.report(node, f"`{self.source(node)}` takes the log of {count}{via}: a zero entry (an "
                                  "isolated node, an empty bin, an all-zero column) gives log(0) = -inf",
                            fix_title="add one or clamp first: `log(deg + 1)`, `log(deg.clamp(min=1))`")
                return
        # A degree however it was counted (a degree helper of another project module, a count
        # accumulated in place): the graph analysis's word, when it knows where the graph came from.
        held = self.graph.value_here(value)
        if held.kind == "degree" and held.power == 1.0 and not held.diagonal and held.guard is None \
                and held.eps is None and not held.unknown_source and not held.at_least_one \
                and not _selected(node, value, self.facts):
            self.report(node, f"`{self.source(node)}` takes the log of node degrees: an isolated node has degree 0 "
                              "and log(0) = -inf",
                        fix_title="add one or clamp first: `log(deg + 1)`, `log(deg.clamp(min=1))`")
            return
        self._by_use(node, value, fw)

    def finish(self) -> None:
        """Softmax/sigmoid output that reaches a log through a function's parameter or return, here or
        in another module of the project: judged once every call in the file is known."""
        for node, value, scope, at, fw in self.pending:
            # log(1 - p): p followed the same way (`1.0 - self.discriminator(y)`, a sigmoid model)
            p = value.right if self._complement_of(value) is not None else None  # type: ignore[attr-defined]
            found = self.probabilities.of(p if p is not None else value, scope, at)
            if found is None:
                continue
            if p is not None:
                if found[0] == "sigmoid":
                    self._report_complement(node, self._logits(found[1])[0] if found[2] is self.graph
                                            else "logits", fw)
                continue
            kind, producer, graph = found
            if graph is self.graph and kind == "sigmoid" and self._bounded_logits(producer):
                continue
            where = "" if graph is self.graph else f" in {os.path.basename(graph.path)}"
            via = f" (`{self.source(value)}` holds `{graph.source(producer)}`{where})"
            self._report_probability(node, value, kind, producer if graph is self.graph else value, via, fw)

    def _report_complement(self, node: cst.Call, x: str, fw: str) -> None:
        self.report(node, f"`{self.source(node)}` takes the log of `1 - sigmoid`: it rounds to 0 "
                          "once the logit passes ~17 (fp32), giving -inf and NaN gradients",
                    fix_title=_COMPLEMENT_FIX[fw].format(x=x))

    def _report_probability(self, node: cst.Call, value: cst.BaseExpression, kind: Activation,
                            producer: cst.BaseExpression, via: str, fw: str) -> None:
        x, dim = self._logits(producer)
        fix = _LOG_FIX[(kind, fw)].format(x=x, dim=dim)
        if probability_kind(self.facts, producer) is None:  # a model returns probabilities
            fix = (f"return log-probabilities from the model (`{'F.log_softmax' if fw == 'torch' else 'log_softmax'}`)"
                   " and drop the `log`" if kind == "softmax" else
                   "return logits from the model and use `logsigmoid` / a loss on logits")
        replacement = self._fused(producer, kind) if producer is value else None
        self.report(node, f"`{self.source(node)}` takes the log of {kind} output{via}: a probability that "
                          "underflows to 0 gives -inf and NaN gradients",
                    fix_title=fix, replacement=replacement)

    # -- values that are probabilities (or hit 0) by how the code uses them ------------------------

    def _by_use(self, node: cst.Call, value: cst.BaseExpression, fw: str) -> None:
        """``log(p)`` where ``log(1 - p)`` is also taken (binary cross-entropy by hand), ``p * log(p)``
        (an entropy term), ``log(x - min(x))`` (0 at the minimum): the code itself says the value is
        a probability, or reaches 0. Unless guarded: clamped, plus a constant, positive by
        construction, or under `if p > 0` / `where(p > 0, ...)`."""
        inner = value.right if self._complement_of(value) is not None else None  # type: ignore[attr-defined]
        if self._guarded(value, positive=False) or (inner is not None and self._guarded(inner)):
            return  # (1 - p with p clamped to [eps, 1 - eps] is guarded too)
        # Positive by construction guards a count, not a probability: `e / e.sum()` of `e = exp(z)`
        # is positive and still underflows to 0. Only the probabilities followed at the end remain.
        if self.signs.here(value) == "pos" or not self._reported_by_use(node, value):
            # Probabilities may come in through a call met later in the file: judged at the end.
            self.pending.append((node, value, *self.graph.here(), fw))

    def _reported_by_use(self, node: cst.Call, value: cst.BaseExpression) -> bool:
        module = self.context.module
        # Noise added to logits (`log(u) - log(1 - u) + a`) carries the -inf on; a key ranked on its
        # own (`rand().log() / w` then `topk`, a weighted sampling race) only loses a draw.
        draw = self._draw_from_zero(value) if id(node) in self.added else None
        if draw is not None:
            via = "" if draw is value else f" (`{self.source(value)}` holds `{self.source(draw)}`)"
            self.report(node, f"`{self.source(node)}` takes the log of a uniform draw on [0, 1){via}: the range "
                              "includes 0 itself, which float32 draws about once in 2**24 entries, and log(0) = -inf",
                        fix_title="draw from [eps, 1 - eps] (`minval=eps`, `uniform_(eps, 1 - eps)`) or add an epsilon")
            return True
        for candidate in trace(self.facts, value, depth=2):
            shifted = self._own_minimum(candidate)
            if shifted is not None:
                self.report(node, f"`{self.source(node)}` takes the log of `{self.source(candidate)}`, a value "
                                  f"shifted by its own minimum (`{self.source(shifted)}`): it is exactly 0 at the "
                                  "minimum, and log(0) = -inf",
                            fix_title="shift by one more (`x - x.min() + 1`) or use `log1p(x - x.min())`")
                return True
        if id(node) in self.entropy and not self.nan_safe and not self._integer(value):
            self.report(node, f"`{self.source(node)}` is an entropy term `p * log(p)` with no guard: an entry "
                              "that is exactly 0 gives 0 * -inf = NaN",
                        fix_title="use `scipy.special.xlogy(p, p)` / `torch.special.xlogy(p, p)`, or `log(p + eps)`")
            return True
        logs = self._logs_of_body()
        key = _key(module, value)
        complement = self._complement_of(value)
        # t * log(p) + (1 - t) * log(1 - p): each log weighted (log(u) - log(1 - u) is a logit)
        if id(node) in self.weighted and (
                ("complement", key) in logs or (complement is not None and ("direct", complement) in logs)):
            self.report(node, f"`{self.source(node)}` is one log of a hand-written binary cross-entropy "
                              "(`log(p)` and `log(1 - p)`): a probability that reaches 0 or 1 gives -inf",
                        fix_title="compute the loss from logits (`BCEWithLogitsLoss`, `F.logsigmoid`), or clamp "
                                  "p to [eps, 1 - eps]")
            return True
        return False

    def _draw_from_zero(self, value: cst.BaseExpression, depth: int = 3) -> cst.Call | None:
        """The single-precision uniform draw ``value`` holds when its range starts at exactly 0
        (``torch.rand(n)``, ``tf.random.uniform(s, minval=0.0)``), also shifted by a constant 0
        (``b + draw`` with ``b = 0.0``). NumPy draws in float64, where 0 comes once in 2**53
        entries: never in practice."""
        for candidate in trace(self.facts, value, depth=2) if depth > 0 else ():
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Add):
                for shift, drawn in ((candidate.left, candidate.right), (candidate.right, candidate.left)):
                    if self.signs.constant(shift, *self.graph.here()) == 0:
                        return self._draw_from_zero(drawn, depth - 1)
            if not isinstance(candidate, cst.Call):
                continue
            row = ops.draw(self.facts.call_name(candidate))
            if row is None or row.distribution != "uniform" or row.initialiser \
                    or not row.function.startswith(("torch.", "tensorflow.", "keras.")):
                continue
            low = argument(candidate, *row.low) if row.low is not None else None
            dtype = argument(candidate, None, "dtype")
            wide = dtype is not None and "64" in (self.facts.qualified_name(dtype) or dotted_name(dtype) or "")
            if not wide and (row.default_low if low is None else self.signs.constant(low, *self.graph.here())) == 0:
                return candidate
        return None

    def _guarded(self, value: cst.BaseExpression, positive: bool = True) -> bool:
        """Clamped, plus a constant, under a test, or (with ``positive``) positive by construction."""
        if self.positive_here(value) or (positive and self.signs.here(value) == "pos"):
            return True
        names = {_key(self.context.module, value)}
        if any(names & {_key(self.context.module, n) for n in descendants(test) if isinstance(n, cst.BaseExpression)}
               for test in self.where_tests):
            return True
        for candidate in trace(self.facts, value, depth=3):
            if guard_call(self.facts, candidate) or self._selected_nonzero(candidate):
                return True
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Add) \
                    and (self.signs.here(candidate.left) == "pos" or self.signs.here(candidate.right) == "pos"):
                return True  # + eps (a positive constant, or a parameter with a positive default)
        return False

    def _integer(self, value: cst.BaseExpression) -> bool:
        """An integer (``n * log(n)`` of a count is a complexity, not an entropy): a parameter
        annotated ``int``, or ``len(...)`` / ``int(...)`` / a size."""
        for candidate in trace(self.facts, value, depth=2):
            if isinstance(candidate, cst.Call) and isinstance(candidate.func, cst.Name) \
                    and candidate.func.value in ("len", "int") and self.facts.qualified_name(candidate.func) is None:
                return True
            if isinstance(candidate, cst.Call) and method_name(candidate, self.facts) in ("size", "numel", "dim"):
                return True
            name = dotted_name(candidate)
            if name is not None:
                for binding in self.facts.bindings(name):
                    if binding.kind == "param" and isinstance(binding.node, cst.Param) \
                            and binding.node.annotation is not None \
                            and dotted_name(binding.node.annotation.annotation) == "int":
                        return True
        return False

    def _selected_nonzero(self, expr: cst.BaseExpression) -> bool:
        """``p[p > 0]`` / ``p[p != 0]``: only the non-zero entries are kept."""
        if not isinstance(expr, cst.Subscript) or len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
            return False
        test = expr.slice[0].slice.value
        if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
            return False
        op, bound = test.comparisons[0].operator, number(test.comparisons[0].comparator)
        return isinstance(op, (cst.GreaterThan, cst.NotEqual)) and bound == 0 \
            and _key(self.context.module, test.left) == _key(self.context.module, expr.value)

    def _complement_of(self, expr: cst.BaseExpression) -> str | None:
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Subtract) \
                and number(expr.left) == 1.0:
            return _key(self.context.module, expr.right)
        return None

    def _logs_of_body(self) -> set[tuple[str, str]]:
        """("direct", p) for each ``log(p)`` and ("complement", p) for each ``log(1 - p)`` in the
        enclosing function (or module)."""
        body = self.bodies[-1]
        found = self.logs.get(id(body))
        if found is None:
            found = set()
            for call in descendants(body):
                value = self._log_argument(call) if isinstance(call, cst.Call) else None
                if value is None:
                    continue
                found.add(("direct", _key(self.context.module, value)))
                complement = self._complement_of(value)
                if complement is not None:
                    found.add(("complement", complement))
            self.logs[id(body)] = found
        return found

    def _own_minimum(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The minimum in ``x - x.min()``, ``x - np.min(x)``, ``x - min(np.min(x), c)`` (at most x's own
        minimum), else None."""
        if not isinstance(expr, cst.BinaryOperation) or not isinstance(expr.operator, cst.Subtract):
            return None
        key = _key(self.context.module, expr.left)
        shift = expr.right
        candidates = [shift]
        if isinstance(shift, cst.Call) and isinstance(shift.func, cst.Name) and shift.func.value == "min" \
                and self.facts.qualified_name(shift.func) is None:
            candidates = [a.value for a in shift.args]
        for candidate in candidates:
            if not isinstance(candidate, cst.Call):
                continue
            if name_of(self.facts, candidate) in _MIN and candidate.args and len(candidate.args) == 1:
                reduced = candidate.args[0].value
            elif method_name(candidate, self.facts) in ("min", "amin") and not candidate.args:
                reduced = candidate.func.value  # type: ignore[attr-defined]
            else:
                continue
            if _key(self.context.module, reduced) == key:
                return shift
        return None

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
        if self._sparse_product(expr):
            return "a matrix product over non-negative entries (0 where a row or column has no support)"
        if not isinstance(expr, cst.Call):
            return None
        name = name_of(self.facts, expr)
        method = method_name(expr, self.facts)
        if name in _COUNTS:
            return "node degrees" if name.endswith("degree") else "counts"
        if method in _DGL_DEGREES and self.facts.is_imported("dgl"):
            return "node degrees"
        if does(self.facts, expr, "sum"):
            base = operand(self.facts, expr)
            # An adjacency by what it is (GraphFacts), not by what it is called.
            if base is not None and self.graph.value_here(base).kind == "adjacency":
                return "an adjacency row sum (node degrees)"
        return None

    def _sparse_product(self, expr: cst.BaseExpression) -> bool:
        """``x.t() @ c`` with ``x`` non-negative (``abs``, a 0/1 cast) but not positive: an entry is a
        sum over the support of a column of ``x``, 0 for an all-zero column whatever ``c`` holds
        (and of either sign if ``c`` is not known non-negative): never provably positive."""
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.MatrixMultiply):
            factors = [expr.left, expr.right]
        elif isinstance(expr, cst.Call) and method_name(expr, self.facts) in ("mm", "matmul") and expr.args:
            factors = [receiver(expr), expr.args[0].value]
        elif isinstance(expr, cst.Call) and (name_of(self.facts, expr) or "") in ("torch.mm", "torch.matmul", "np.dot",
                                                                                 "np.matmul", "tf.matmul") \
                and len(expr.args) >= 2:
            factors = [expr.args[0].value, expr.args[1].value]
        else:
            return False
        return self.signs.here(expr) != "pos" and any(self.signs.here(f) == "nonneg" for f in factors)

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


def _selected(log: cst.Call, value: cst.BaseExpression, facts: Facts) -> bool:
    """The log is taken only where the count allows it: ``np.log(q, where=q > 0, out=...)``, or of
    entries picked by a mask or by indices (``q[q > 0]``, ``q[np.nonzero(q)]``), which the analysis
    does not follow; a plain slice (``q[:n]``) or one index picks entries like any others."""
    if argument(log, None, "where") is not None:
        return True
    if not isinstance(value, cst.Subscript):
        return False
    return any(isinstance(element.slice, cst.Index) and _picks_nonzero(element.slice.value, facts)
               for element in value.slice)


def _picks_nonzero(index: cst.BaseExpression, facts: Facts) -> bool:
    """A mask or the positions of non-zero entries: a comparison (``q > 0``), or what ``nonzero``,
    ``where``, ``argwhere`` or ``flatnonzero`` return, written there or held by a name."""
    for value in facts.resolve(index):
        if isinstance(value, cst.Comparison):
            return True
        name = (name_of(facts, value) or "") if isinstance(value, cst.Call) else ""
        method = method_name(value, facts) if isinstance(value, cst.Call) else None
        if name.rsplit(".", 1)[-1] in _NONZERO or method in _NONZERO:
            return True
    return False


_NONZERO = ("nonzero", "where", "argwhere", "flatnonzero")
