"""GNN506 unstable-manual-softmax: softmax or sigmoid written by hand without the max shift."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis import inline
from gnnlint.analysis import ops
from gnnlint.analysis.graph import GraphFacts
from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.rules._division import DivisionRule, cosines, factors as product_factors
from gnnlint.analysis.numerics import (canonical, changed_in_place, does, framework, guard_call, latest_value,
                                     method_name, probability_kind,
                                     name_of, operand, receiver, segment_sum, sum_of, trace)
from gnnlint.analysis.values import Signs

_DIAGONALS = {"torch.diag", "torch.diagonal", "np.diag", "np.diagonal", "tf.linalg.diag_part",
              "tf.linalg.tensor_diag_part"}
# A sparse matrix built from an index and its non-zero values: (position, keyword) of the values.
_SPARSE = {"torch.sparse_coo_tensor": (1, "values"), "torch.sparse.FloatTensor": (1, None),
           "torch.sparse_csr_tensor": (2, "values"), "tf.SparseTensor": (1, "values"),
           "tf.sparse.SparseTensor": (1, "values")}
_SPARSE_PRODUCT = {"torch.matmul", "torch.mm", "torch.sparse.mm", "torch.spmm", "tf.sparse.sparse_dense_matmul",
                   "tf.sparse_tensor_dense_matmul"}
_DROPOUT = {"F.dropout", "torch.dropout", "tf.nn.dropout"}
_DROPOUT_MODULES = {"torch.nn.Dropout", "keras.layers.Dropout"}
# In-place writes of values into a tensor: method -> (position, keyword) of the values written.
_WRITES = {"index_put_": (1, "values"), "index_put": (1, "values"), "scatter_": (2, "src"),
           "masked_scatter_": (1, "source"), "index_copy_": (2, "source")}
# Row normalisers that divide by the row's sum of absolute values (``p=1``): a softmax of exp values.
_L1_NORMALIZE = {"F.normalize"}
_ONES = {"torch.ones", "torch.ones_like", "np.ones", "np.ones_like", "tf.ones", "tf.ones_like"}

if TYPE_CHECKING:
    from gnnlint.analysis.graph import Scope
    from gnnlint.engine import FileContext

    # An expression with where it is evaluated.
    Located = tuple[cst.BaseExpression, Scope, int]


class UnstableManualSoftmax(DivisionRule):
    code = "GNN506"
    name = "unstable-manual-softmax"
    severity = "error"
    message = "softmax or sigmoid written by hand without the max shift"
    fix_title = "use the framework's `softmax`/`sigmoid` (or subtract the max before `exp`)"
    triggers = ("exp",)
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.graph = GraphFacts.of(context)
        inline.register(self.graph)
        self.signs = Signs(self.graph)
        self.reported_exps: set[int] = set()

    def visit_Call(self, node: cst.Call) -> None:
        """``h.div(s)`` / ``torch.div(h, s)``: divisions written as calls; ``F.normalize(e, p=1)``:
        ``e`` over its row sums."""
        if "edge-over-node" in ops.of_function(self.facts.call_name(node)):
            self._check_dgl_edge_softmax(node)
        elif does(self.facts, node, "log"):
            self._check_log_sum_exp(node)
        elif name_of(self.facts, node) in _L1_NORMALIZE and number(argument(node, 1, "p")) == 1.0:
            values = argument(node, 0, "input")
            exp = self._exp_in(values) if values is not None else None
            if exp is not None:
                self._report_softmax(node, exp, None)
        else:
            super().visit_Call(node)

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        if self._check_aggregated(node, numerator, denominator):
            return
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

    # -- DGL: exp on the edges, summed into the nodes by a reducer, divided back on the edges -------

    def _check_dgl_edge_softmax(self, divide: cst.Call) -> None:
        """``fn.e_div_v("x", "att", out)`` where edge field ``x`` is written as an unshifted ``exp``
        and node field ``att`` is ``fn.sum`` of ``fn.copy_e("x", m)``: a softmax over each node's
        incoming edges written with DGL's built-in functions (a hand-made ``edge_softmax``)."""
        weights, total = (_field(argument(divide, i, key)) for i, key in ((0, "lhs_field"), (1, "rhs_field")))
        if weights is None or total is None or not self._dgl_sums(weights, total):
            return
        for value in self._edge_field_writes().get(weights, []):
            exp = self._exp_in(value)
            if exp is None or id(exp) in self.reported_exps:
                continue
            self.reported_exps.add(id(exp))
            self.report(exp, f"`{self.source(exp)}` has no max shift, is summed into each node (`{total}`) and divided "
                             f"back onto the edges (`{self.source(divide)}`, line {self.context.line(divide)}): a "
                             "softmax over each node's edges written by hand, where `exp` overflows to inf for scores "
                             "above ~88 (fp32) and inf / inf = NaN",
                        fix_title="use `dgl.nn.functional.edge_softmax(g, scores)`")

    def _dgl_sums(self, weights: str, total: str) -> bool:
        """Whether this module sums edge field ``weights`` into node field ``total``:
        ``fn.copy_e(weights, m)`` and ``fn.sum(m, total)``."""
        copied, summed = set(), set()
        for call in descendants(self.context.module):
            if not isinstance(call, cst.Call):
                continue
            kinds = ops.of_function(self.facts.call_name(call))
            if "copies-edge" in kinds and _field(argument(call, 0, "e")) == weights:
                copied.add(_field(argument(call, 1, "out")))
            elif "sums-messages" in kinds and _field(argument(call, 1, "out")) == total:
                summed.add(_field(argument(call, 0, "msg")))
        return bool(copied & summed - {None})

    def _edge_field_writes(self) -> dict[str, list[cst.BaseExpression]]:
        """The values this module stores into edge fields by a constant key: ``g.edata["x"] = v``,
        ``g.edges[etype].data["x"] = v``."""
        writes: dict[str, list[cst.BaseExpression]] = {}
        for statement in descendants(self.context.module):
            if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
                continue
            target = statement.targets[0].target
            if not isinstance(target, cst.Subscript) or len(target.slice) != 1 \
                    or not isinstance(target.slice[0].slice, cst.Index):
                continue
            key = _field(target.slice[0].slice.value)
            holder = target.value
            edge_data = isinstance(holder, cst.Attribute) and (
                holder.attr.value == "edata" or (holder.attr.value == "data" and isinstance(holder.value, cst.Subscript)
                                                 and isinstance(holder.value.value, cst.Attribute)
                                                 and holder.value.value.attr.value == "edges"))
            if key is not None and edge_data:
                writes.setdefault(key, []).append(statement.value)
        return writes

    def _exp_in(self, expr: cst.BaseExpression, depth: int = 0) -> cst.Call | None:
        """The unshifted ``exp`` call that ``expr`` is (through names, and through a product with a
        mask or weights: ``exp(x) * adj`` is still inf wherever ``exp`` overflowed), else None."""
        if depth > 3:
            return None
        for candidate in trace(self.facts, expr, depth=3):
            in_place = self._exp_in_place(candidate)
            if in_place is not None:
                return in_place
            if isinstance(candidate, cst.Call) and does(self.facts, candidate, "exp"):
                return None if self._shifted(candidate) else candidate
            for kept in self._kept_entries(candidate):
                found = self._exp_in(kept, depth + 1)
                if found is not None:
                    return found  # (`where(adj > 0, exp(s), 0)`: inf wherever kept and overflowed)
            diagonal = self._diagonal_of(candidate)
            if diagonal is not None:
                return self._exp_in(diagonal, depth + 1)  # (`s.diag()`: the positive pairs of a similarity)
            factors = product_factors(self.facts, candidate, matrix=False)
            if factors:
                return next((e for e in (self._exp_in(f, depth + 1) for f in factors) if e is not None), None)
            written = self._written_into(candidate)
            if written is not None:
                return self._exp_in(written, depth + 1)
        return None

    def _kept_entries(self, expr: cst.BaseExpression) -> list[cst.BaseExpression]:
        """The values a masking keeps where its test allows: both branches of a three-argument
        ``where``, the receiver of ``x.masked_fill(mask, c)`` (a copy, not the in-place guard)."""
        if not isinstance(expr, cst.Call):
            return []
        if does(self.facts, expr, "where") and method_name(expr, self.facts) is None and len(expr.args) == 3:
            return [expr.args[1].value, expr.args[2].value]
        if method_name(expr, self.facts) == "masked_fill" and number(argument(expr, 1, "value")) is not None:
            return [receiver(expr)]
        return []

    def _diagonal_of(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The matrix whose diagonal entries ``expr`` reads: ``s.diag()``, ``torch.diagonal(s)``,
        ``tf.linalg.diag_part(s)``."""
        if not isinstance(expr, cst.Call):
            return None
        if method_name(expr, self.facts) in ("diag", "diagonal") or name_of(self.facts, expr) in _DIAGONALS:
            return operand(self.facts, expr)
        return None

    def _exp_in_place(self, expr: cst.BaseExpression) -> cst.Call | None:
        """``s.exp_()``: the in-place ``exp`` of the tensor a name holds, unless its exponent is bounded."""
        found = changed_in_place(self.graph, expr, "exp")
        if found is None:
            return None
        call, before = found  # the exponent: what the name held before the call
        return None if before is not None and self._bounded_above(before) else call

    def _written_into(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The values written in place into the tensor a name holds since it was assigned
        (``a = torch.zeros(n, n)`` then ``a.index_put_((row, col), e)`` or ``a[row, col] = e``): the
        last such write, when there is one."""
        name = dotted_name(expr)
        if name is None or self.facts.qualified_name(expr) is not None:
            return None
        scope, at = self.graph.here()
        store, home = self.graph.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign":
            return None
        values = None
        for method, node, value in self.graph.after(name, home, store.order, at if home is scope else None):
            if method == "subscript":
                values = value
            elif method in _WRITES and isinstance(node, cst.Call):
                values = argument(node, *_WRITES[method])
        return values

    def _exp_sum(self, expr: cst.BaseExpression) -> cst.Call | None:
        """``exp(x).sum(...)`` / ``tf.reduce_sum(e, ...)`` / ``scatter(e, index, reduce="sum")`` of an
        unshifted exp (``+ eps`` around it does not prevent inf / inf)."""
        return sum_of(self.facts, expr, lambda summed: self._exp_in(summed) is not None)

    def _one_plus_exp(self, expr: cst.BaseExpression) -> cst.Call | None:
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            for one, other in ((expr.left, expr.right), (expr.right, expr.left)):
                if number(one) == 1.0:
                    return self._exp_in(other)
        return None

    def _shifted(self, exp: cst.Call) -> bool:
        """Whether the exponent is bounded: ``x - x.max(...)``, ``x - m`` with ``m`` a max, a clamp."""
        argument_ = operand(self.facts, exp)
        return argument_ is None or self._bounded_above(argument_)

    def _bounded_above(self, expr: cst.BaseExpression, depth: int = 0) -> bool:
        """An exponent that cannot overflow: ``x - x.max(...)``, a clamp, a bounded value, and such a
        value scaled by a positive constant or a setting (``(x - m) / self.temperature``)."""
        for candidate in trace(self.facts, expr, depth=3):
            if guard_call(self.facts, candidate, ceiling=True) or self._non_positive(candidate) or self._bounded(candidate):
                return True
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Subtract) \
                    and self._is_max(candidate.right, strict=depth > 0):
                return True
            if depth < 2 and isinstance(candidate, cst.BinaryOperation) \
                    and isinstance(candidate.operator, (cst.Multiply, cst.Divide)):
                divide = isinstance(candidate.operator, cst.Divide)
                sides = [(candidate.left, candidate.right)] if divide else \
                    [(candidate.left, candidate.right), (candidate.right, candidate.left)]
                if any(self._positive_scale(scale) and self._bounded_above(value, depth + 1) for value, scale in sides):
                    return True
        return False

    def _positive_scale(self, scale: cst.BaseExpression) -> bool:
        """A positive constant, or a name or attribute of unknown value (a temperature setting)."""
        for held in trace(self.facts, scale, depth=2):
            value = number(held)
            if value is not None:
                return value > 0
            if dotted_name(held) is None:
                return False
        return True

    def _bounded(self, expr: cst.BaseExpression) -> bool:
        """Values in [-1, 1] (probabilities, ``tanh``), also scaled by a moderate constant or by a
        setting of unknown value (``2.0 * p``, ``temperature * p``, ``p / self.tau``; a temperature
        small enough to overflow fp32 from [0, 1] would be below 1/88): their ``exp`` cannot overflow."""
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Divide)):
            divide = isinstance(expr.operator, cst.Divide)
            sides = [(expr.left, expr.right)] if divide else [(expr.left, expr.right), (expr.right, expr.left)]
            return any(self._moderate(scale, divide)
                       and any(self._bounded(c) for c in trace(self.facts, value, depth=2)) for value, scale in sides)
        # tanh, a cosine similarity (by the tables, or a product of normalised rows), a probability
        return probability_kind(self.facts, expr) is not None or does(self.facts, expr, "bounded", "probability") \
            or cosines(self.facts, expr)

    def _moderate(self, scale: cst.BaseExpression, divisor: bool) -> bool:
        """A constant that keeps a value in [-1, 1] below exp's fp32 overflow (~88), or a name or
        attribute that holds no known value (a hyperparameter)."""
        value = number(scale)
        if value is not None:
            return value != 0 and abs(1 / value if divisor else value) < 80
        return dotted_name(scale) is not None and latest_value(self.facts, scale) is None

    def _non_positive(self, expr: cst.BaseExpression) -> bool:
        """An exponent at most 0, so ``exp`` of it is at most 1: what the sign facts show (a
        log-probability, a negated square, norm or distance: ``-torch.cdist(x, y)``), scaled by a
        setting (``-d2 / (2 * sigma ** 2)``, ``-torch.norm(d) / tau``), or a non-negative value times a
        negated setting (``-gamma * sq``, a kernel; a setting of unknown value is a positive scale,
        as a temperature is)."""
        if self.signs.at_most_zero(expr, *self.graph.here()):
            return True
        if not isinstance(expr, cst.BinaryOperation) or not isinstance(expr.operator, (cst.Multiply, cst.Divide)):
            return False
        if isinstance(expr.operator, cst.Divide):
            return self._non_positive(expr.left) and self._scale(expr.right)
        return any((self._non_positive(value) and self._scale(scale)) or (
            isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Minus)
            and self._positive_scale(value.expression) and self.signs.here(scale) is not None)
            for value, scale in ((expr.left, expr.right), (expr.right, expr.left)))

    def _scale(self, expr: cst.BaseExpression) -> bool:
        """A non-negative value or a positive setting, and products and powers of them (``2 * sigma ** 2``)."""
        if self.signs.here(expr) is not None or self._positive_scale(expr):
            return True
        return isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Power)) \
            and self._scale(expr.left) and (isinstance(expr.operator, cst.Power) or self._scale(expr.right))

    def _is_max(self, expr: cst.BaseExpression, strict: bool = False) -> bool:
        """A maximum (``x.max(...)``, a segment max); unless ``strict``, also a parameter of unknown
        value, which may be the max a caller passes (not taken on trust inside a scaled exponent)."""
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
                    return inner is not None and self._is_max(inner, strict)
                if does(self.facts, candidate, "clamp", "maximum") \
                        and not guard_call(self.facts, candidate, ceiling=True):
                    # a max floored (`clamp(x.max(d), min=0)`) is at least the max: the shift still bounds
                    inner = operand(self.facts, candidate)
                    return inner is not None and self._is_max(inner, strict)
                name = name_of(self.facts, candidate) or ""
                if does(self.facts, candidate, "max") \
                        or name.endswith(("scatter_max", "segment_max")):
                    return True
                segment_method = "segment-sum" in ops.of_method(method_name(candidate, self.facts))
                if name in ("pyg.utils.scatter", "torch_scatter.scatter") or segment_method:
                    # scatter(x, index, reduce="max"), out.scatter_reduce_(0, index, x, reduce="amax")
                    reduce = argument(candidate, 3 if segment_method else None, "reduce")
                    return isinstance(reduce, cst.SimpleString) and reduce.evaluated_value in ("max", "amax")
            if not strict and dotted_name(candidate) is not None and latest_value(self.facts, candidate) is None \
                    and not any(b.kind != "param" for b in self.facts.bindings(dotted_name(candidate) or "")):
                # `x - m` with `m` a parameter (or attribute) of unknown value: it may well be the max
                # (PyG's softmax helpers pass it in); nothing shows the exponent is unbounded
                return True
        return False

    def _same(self, a: cst.BaseExpression | None, b: cst.BaseExpression | None) -> bool:
        return a is not None and b is not None and self.context.module.code_for_node(a) == \
            self.context.module.code_for_node(b)

    def _report_softmax(self, node: cst.CSTNode, exp: cst.Call, total: cst.Call | None, at_exp: bool = True) -> None:
        """``total`` None: the per-row sums of a sparse product (a softmax over each node's edges).

        Reported at the unshifted ``exp`` (the cause, and where the shift goes) whichever way its
        values are then divided by their sum; features aggregated with the exp weights and
        divided by the aggregated weights (``at_exp`` False) are reported at that division, which
        is the softmax the code never writes out. So is an ``exp`` a project helper returns (read
        here as the helper's return, in this module's terms, which has no place in this file)."""
        at_exp = at_exp and self.context.line(exp) is not None
        x = operand(self.facts, exp)
        x_source = self.source(x) if x is not None else "x"
        fw = framework(self.facts, name_of(self.facts, exp))
        if total is None or segment_sum(self.facts, total) is not None:
            fix = f"use `torch_geometric.utils.softmax({x_source}, index)`" if fw == "torch" \
                else "subtract the per-segment max (`tf.math.unsorted_segment_max`) before `exp`"
        elif fw == "torch":
            fix = f"use `torch.softmax({x_source}, dim=...)`"
        elif fw == "tf":
            fix = f"use `tf.nn.softmax({x_source}, axis=...)`"
        else:
            fix = f"use `scipy.special.softmax({x_source}, axis=...)` or subtract `{x_source}.max(axis, keepdims=True)`"
        why = "`exp` overflows to inf for scores above ~88 (fp32; ~11 in fp16) and inf / inf = NaN"
        if not at_exp:
            self.report(node, f"`{self.source(node)}` is softmax written without the max shift: {why}", fix_title=fix)
            return
        if id(exp) in self.reported_exps:
            return
        self.reported_exps.add(id(exp))
        line = self.context.line(node)
        self.report(exp, f"`{self.source(exp)}` has no max shift and is divided by its sum (`{self.source(node)}`, "
                         f"line {line}): a softmax written by hand, where {why}", fix_title=fix)

    def _check_log_sum_exp(self, log: cst.Call) -> None:
        """``log(exp(x).sum(dim))``, ``tf.log(tf.reduce_sum(tf.exp(x), axis))``: log-sum-exp written
        by hand (the normaliser of a softmax cross-entropy, an InfoNCE denominator). Without the max
        shift ``exp`` overflows to inf, the log is inf and its gradient ``exp / sum`` is inf / inf."""
        inner = operand(self.facts, log)
        total = self._exp_sum(inner) if inner is not None else None
        summed = operand(self.facts, total) if total is not None else None
        exp = self._exp_in(summed) if summed is not None else None
        if exp is None or id(exp) in self.reported_exps or self.context.line(exp) is None \
                or self._opaque_exponent(exp):
            return
        self.reported_exps.add(id(exp))
        x = operand(self.facts, exp)
        x_source = self.source(x) if x is not None else "x"
        fix = {"torch": f"use `torch.logsumexp({x_source}, dim=...)`",
               "tf": f"use `tf.reduce_logsumexp({x_source}, axis=...)`"}.get(
            framework(self.facts, name_of(self.facts, exp)), f"use `scipy.special.logsumexp({x_source}, axis=...)`")
        self.report(exp, f"`{self.source(exp)}` has no max shift and its sum goes into a log (`{self.source(log)}`, "
                         f"line {self.context.line(log)}): a log-sum-exp written by hand, where `exp` overflows to inf "
                         "for scores above ~88 (fp32), the log is inf and its gradient inf / inf = NaN", fix_title=fix)

    def _opaque_exponent(self, exp: cst.Call) -> bool:
        """The exponent comes from project code that cannot be read inline (``self.neg_cost(a, b)``,
        a method with branches): what bounds it, e.g. inputs its callers normalise, is out of
        sight, so a log-sum-exp of it is not judged."""
        x = operand(self.facts, exp)
        scope, _ = self.graph.here()
        return any(isinstance(c, cst.Call) and self.graph.function_for(c, scope) is not None
                   and inline.returned_expression(self.facts, c) is None
                   for c in (trace(self.facts, x, depth=3) if x is not None else ()))

    def _report_sigmoid(self, node: cst.CSTNode, exp: cst.Call, why: str) -> None:
        x = operand(self.facts, exp)
        fw = framework(self.facts, name_of(self.facts, exp))
        target = {"torch": "torch.sigmoid", "tf": "tf.sigmoid"}.get(fw, "scipy.special.expit")
        self.report(node, f"`{self.source(node)}` is sigmoid written by hand: {why}",
                    fix_title=f"use `{target}(...)`" if x is None else f"use `{target}` on the logits")

    # -- sparse attention: exp weights on edges, summed per row by a sparse product ---------------

    def _check_aggregated(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                          denominator: cst.BaseExpression) -> bool:
        """``spmm(edges, e, h) / spmm(edges, e, ones)`` with ``e = exp(s)`` unshifted: features
        aggregated with exp weights over each row's sum of those weights (a sparse GAT), i.e. a
        softmax over each node's edges written by hand. Reported at the division."""
        scope, at = self.graph.here()
        total = self._sparse_product(denominator, scope, at)
        if total is None or not self._ones(*total[1]):
            return False
        exp = self._unshifted_exp(*total[0])
        weighted = self._sparse_product(numerator, scope, at)
        if exp is None or weighted is None or self._unshifted_exp(*weighted[0]) is None:
            return False
        self._report_softmax(node, exp, None, at_exp=False)
        return True

    def _sparse_product(self, expr: cst.BaseExpression, scope: Scope, at: int,
                        depth: int = 0) -> tuple[Located, Located] | None:
        """(the values of a sparse matrix, the dense operand) when ``expr`` multiplies a sparse matrix
        built from an index and values into a dense operand, through names and the project's
        functions, modules and ``torch.autograd.Function.apply`` (arguments put in for parameters)."""
        if depth > 6:
            return None
        located = self._follow(expr, scope, at)
        if located is None:
            return None
        call, scope, at = located
        if not isinstance(call, cst.Call):
            return None
        graph = scope.graph or self.graph
        name = canonical(graph.facts.call_name(call))
        if name in _SPARSE_PRODUCT and len(call.args) >= 2:
            matrix = self._follow(call.args[0].value, scope, at)
            if matrix is None:
                return None
            built, home, order = matrix
            where = _SPARSE.get(canonical(graph.facts.call_name(built)) or "") if isinstance(built, cst.Call) else None
            values = argument(built, *where) if where is not None and isinstance(built, cst.Call) else None
            return ((values, home, order), (call.args[1].value, scope, at)) if values is not None else None
        function, params = self._callee(call, scope, at)
        if function is None or len(function.returns) != 1:
            return None
        ret, order = function.returns[0]
        found = self._sparse_product(ret, function, order + 1, depth + 1)
        if found is None:
            return None
        return self._passed(found[0], function, params, call, scope, at), \
            self._passed(found[1], function, params, call, scope, at)

    def _callee(self, call: cst.Call, scope: Scope, at: int) -> tuple[Scope | None, list[str]]:
        """The project function ``call`` runs, and the parameters the call fills (not ``self``, nor
        ``ctx`` of an autograd Function's ``forward`` run by ``apply``)."""
        graph = scope.graph or self.graph
        func = call.func
        if isinstance(func, cst.Attribute) and func.attr.value == "apply" and isinstance(func.value, cst.Name) \
                and func.value.value in graph.classes:
            forward = graph.functions.get(f"{func.value.value}.forward")
            return forward, forward.params[1:] if forward is not None else []
        function = graph.function_for(call, scope, at)
        if function is None:
            return None, []
        return function, function.call_params()

    def _passed(self, located: Located, function: Scope, params: list[str], call: cst.Call, scope: Scope,
                at: int) -> Located:
        """A parameter of ``function`` replaced by what ``call`` passes for it."""
        expr = located[0]
        if located[1] is function and isinstance(expr, cst.Name) and expr.value in params:
            store, _ = (function.graph or self.graph).lookup(expr.value, function, located[2])
            passed = argument(call, params.index(expr.value), expr.value) \
                if store is not None and store.kind == "param" else None
            if passed is not None:
                return passed, scope, at
        return located

    def _follow(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Located | None:
        """What a name holds (plain assignments, no changes since), and dropout looked through."""
        graph = scope.graph or self.graph
        for _ in range(6):
            if isinstance(expr, cst.Call) and self._dropout(expr, scope, at) and expr.args:
                expr = expr.args[0].value  # dropout scales the weights it keeps: still exp's range
                continue
            name = dotted_name(expr)
            if name is None or graph.facts.qualified_name(expr) is not None:
                return expr, scope, at
            store, home = graph.lookup(name, scope, at)
            if store is None or home is None or store.kind != "assign" or store.value is None \
                    or any(True for _ in graph.after(name, home, store.order, at if home is scope else None)):
                return None if store is None or store.kind != "param" else (expr, scope, at)
            expr, scope, at = store.value, store.where or home, store.order
        return None

    def _dropout(self, call: cst.Call, scope: Scope, at: int) -> bool:
        """``F.dropout(x)``, or ``self.dropout(x)`` of an ``nn.Dropout`` module."""
        graph = scope.graph or self.graph
        if canonical(graph.facts.call_name(call)) in _DROPOUT:
            return True
        built = self._follow(call.func, scope, at) if dotted_name(call.func) is not None \
            and graph.facts.qualified_name(call.func) is None else None
        return built is not None and isinstance(built[0], cst.Call) and \
            canonical((built[1].graph or self.graph).facts.call_name(built[0])) in _DROPOUT_MODULES

    def _unshifted_exp(self, expr: cst.BaseExpression, scope: Scope, at: int) -> cst.Call | None:
        located = self._follow(expr, scope, at)
        if located is None or not isinstance(located[0], cst.Call) or located[1].graph not in (None, self.graph):
            return None
        call = located[0]
        if does(self.facts, call, "exp"):
            return None if self._shifted(call) else call
        return None

    def _ones(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        located = self._follow(expr, scope, at)
        if located is None or not isinstance(located[0], cst.Call):
            return False
        graph = located[1].graph or self.graph
        return canonical(graph.facts.call_name(located[0])) in _ONES or \
            method_name(located[0], graph.facts) == "new_ones"


def _field(expr: cst.BaseExpression | None) -> str | None:
    """The name of a DGL field given as a string constant."""
    return str(expr.evaluated_value) if isinstance(expr, cst.SimpleString) else None
