"""GNN507 fully-masked-softmax: attention scores masked with -inf (or a huge negative constant) and
softmaxed where a row can be fully masked; and mask constants beyond float16's range in fp16 code.

Whether a row can be fully masked is judged on the whole file (in ``finish``): self-loops added
anywhere in it (``A + I``, ``add_self_loops``, ``fill_diagonal_``) or a NaN guard on the softmax
result keep the rule quiet, since the graph a layer receives is usually built elsewhere."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis import inline
from gnnlint.analysis.scopes import argument, dotted_name, names_in, number
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis.training import TrainingRule
from gnnlint.analysis.numerics import (SOFTMAX, is_negative_huge, method_name, name_of, operand,
                                     probability_kind, trace)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

_WHERE = {"torch.where", "tf.where", "np.where", "keras.ops.where"}
_NAN_TO_NUM = {"torch.nan_to_num", "np.nan_to_num", "tf.math.multiply_no_nan"}
_SELF_LOOP_CALLS = ("add_self_loops", "add_remaining_self_loops", "add_self_loop", "gcn_filter", "GCNFilter",
                    "fill_diagonal", "set_diag", "matrix_set_diag")
_SELF_LOOP_METHODS = {"fill_diagonal_", "setdiag", "add_self_loop", "add_self_loops"}
_FP16_MAX = 65504.0
_FP32_MAX = 3.4028234663852886e38


@dataclasses.dataclass
class _Candidate:
    order: int
    softmax: cst.Call
    kind: str
    constant: cst.BaseExpression
    value: float | None
    masking: cst.CSTNode
    target: str | None
    # The mask is the same for every row of scores (a key-padding mask over sequence positions),
    # not a neighbourhood: a row is fully masked only when a whole sequence is padding.
    padding: bool = False
    # Where the softmax is (scope, statement order): the mask's graph is judged there once the whole
    # module is recorded (a layer's callers usually come after it).
    where: tuple[Any, int] | None = None
    # What the mask is computed from (read during the walk, while the function's names are bound).
    graphs: tuple[cst.BaseExpression, ...] = ()


class FullyMaskedSoftmax(TrainingRule):
    code = "GNN507"
    name = "fully-masked-softmax"
    severity = "warning"
    message = "softmax over scores masked with -inf where a row can be fully masked"
    fix_title = "add self-loops to the mask's graph, or zero fully masked rows (`torch.nan_to_num`)"
    triggers = ("softmax", "Softmax")
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.order = 0
        self.candidates: list[_Candidate] = []
        self.graph = GraphFacts.of(context)
        inline.register(self.graph)
        self.self_loops = False
        self.guarded_ids: set[int] = set()
        self.guarded_names: list[tuple[int, str]] = []
        self.targets: dict[int, str] = {}
        self.inplace: dict[str, tuple[int, tuple[str, cst.BaseExpression, float | None], cst.CSTNode]] = {}

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        target = node.targets[0].target
        name = dotted_name(target)
        if name is not None:
            self.targets[id(node.value)] = name
        # adj[:, idx, idx] = 1 / adj[range(n), range(n)] = 1: self-loops written by index
        if isinstance(target, cst.Subscript) and len(target.slice) >= 2 and (number(node.value) or 0) > 0:
            last, before = target.slice[-1].slice, target.slice[-2].slice
            if isinstance(last, cst.Index) and isinstance(before, cst.Index) and \
                    self.context.module.code_for_node(last.value) == self.context.module.code_for_node(before.value):
                self.self_loops = True

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.Add) and (self._is_eye(node.left) or self._is_eye(node.right)):
            self.self_loops = True

    def on_call(self, node: cst.Call) -> None:
        self.order += 1
        name = name_of(self.facts, node) or ""
        method = method_name(node, self.facts)
        if name.endswith(_SELF_LOOP_CALLS) or method in _SELF_LOOP_METHODS:
            self.self_loops = True
        self._record_guards(node, name, method)
        constant: tuple[str, cst.BaseExpression, float | None] | cst.BaseExpression | None  # found, then its expression
        if method == "masked_fill_" and len(node.args) >= 2:
            constant = self._constant(node.args[1].value)
            target = dotted_name(node.func.value)  # type: ignore[attr-defined]
            if constant is not None and target is not None:
                self.inplace[target] = (len(self.facts.bindings(target)), constant, node)
        if name in SOFTMAX and not name.startswith("scipy"):
            scores = argument(node, 0, "input") or argument(node, 0, "logits") or argument(node, 0, "x")
        elif method == "softmax" or (probability_kind(self.facts, node) == "softmax" and name not in SOFTMAX):
            scores = operand(self.facts, node) if method == "softmax" else argument(node, 0, None)
        else:
            return
        if scores is None:
            return
        found = self._mask_in(scores, 3)
        if found is not None:
            (kind, constant, value), masking = found
            self.candidates.append(_Candidate(self.order, node, kind, constant, value, masking,
                                              self.targets.get(id(node)), self._padding_mask(masking),
                                              self.graph.here(), tuple(self._mask_graphs(masking))))

    def _mask_of(self, masking: cst.CSTNode) -> cst.BaseExpression | None:
        if not isinstance(masking, cst.Call):
            return None
        if method_name(masking, self.facts) in ("masked_fill", "masked_fill_"):
            return argument(masking, 0, "mask")
        return argument(masking, 0, "condition") or argument(masking, 0, "mask") or argument(masking, 0, None)

    def _graph_with_loops(self, candidate: _Candidate) -> bool:
        """Whether the mask is made of a graph that has self-loops (``adj > 0``, or the additive
        ``-1e9 * (1 - adj)``, with ``adj`` built as ``A + I``, here or by every caller in the project):
        every row keeps its own entry."""
        where = candidate.where
        if where is None:
            return False
        for graph in candidate.graphs:
            value = self.graph.across_modules(graph, where[0], where[1])
            if value.self_loops is not None and value.kind in ("adjacency", "graph", "edges", "square"):
                return True
        return False

    def _mask_graphs(self, masking: cst.CSTNode) -> list[cst.BaseExpression]:
        """The expressions the mask is computed from: the sides of ``adj > 0``, or the matrix of an
        additive mask ``c * (1 - adj)`` / ``(adj - 1) * c``."""
        mask = self._mask_of(masking)
        if isinstance(mask, cst.Comparison):
            return [mask.left, *(target.comparator for target in mask.comparisons)]
        if not isinstance(masking, cst.BinaryOperation):
            return []
        found: list[cst.BaseExpression] = []
        for side in (masking.left, masking.right):
            for candidate in trace(self.facts, side, depth=2):
                if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Multiply) \
                        and any(_magnitude(f) is not None for f in (candidate.left, candidate.right)):
                    found += _operands(candidate)
        return found

    def _padding_mask(self, masking: cst.CSTNode) -> bool:
        """Whether the mask of ``masked_fill(m, c)`` / ``where(m, s, c)`` is broadcast along the rows of
        the scores (``m[:, None, None, :]``, ``m[..., None, :]``, ``m.unsqueeze(-2)``): one mask over key
        positions shared by every query, not a per-pair neighbourhood of a graph."""
        mask = self._mask_of(masking)
        for candidate in trace(self.facts, mask, depth=2) if mask is not None else ():
            if isinstance(candidate, cst.UnaryOperation):  # ~m
                candidate = candidate.expression
            if isinstance(candidate, cst.Subscript) and len(candidate.slice) >= 2:
                row, column = candidate.slice[-2].slice, candidate.slice[-1].slice
                if isinstance(row, cst.Index) and dotted_name(row.value) == "None" \
                        and not (isinstance(column, cst.Index) and dotted_name(column.value) == "None"):
                    return True
            if isinstance(candidate, cst.Call) and method_name(candidate, self.facts) == "unsqueeze" \
                    and number(argument(candidate, 0, "dim")) == -2:
                return True
        return False

    def _record_guards(self, node: cst.Call, name: str, method: str | None) -> None:
        guarded: list[cst.BaseExpression] = []
        if name in _NAN_TO_NUM:
            guarded = [a.value for a in node.args[:1]]
        elif method in ("nan_to_num", "nan_to_num_", "masked_fill", "masked_fill_"):
            guarded = [node.func.value]  # type: ignore[attr-defined]
        elif name == "torch.masked_fill":
            guarded = [a.value for a in node.args[:1]]
        elif name in _WHERE and node.args and any("isnan" in n or "is_nan" in n for n in names_in(node.args[0].value)):
            guarded = [a.value for a in node.args[1:3]]
        for expr in guarded:
            self.guarded_ids.add(id(expr))
            if dotted_name(expr) is not None:
                self.guarded_names.append((self.order, dotted_name(expr)))  # type: ignore[arg-type]

    def _is_eye(self, expr: cst.BaseExpression) -> bool:
        for candidate in trace(self.facts, expr, depth=2):
            if isinstance(candidate, cst.Call):
                name = name_of(self.facts, candidate) or ""
                return name.endswith((".eye", ".identity", ".eye_like")) or name in ("eye", "identity")
        return False

    def _constant(self, expr: cst.BaseExpression) -> tuple[str, cst.BaseExpression, float | None] | None:
        """(kind, the constant's expression, its value if finite) for a mask fill value, through names."""
        for candidate in trace(self.facts, expr, depth=2):
            kind = is_negative_huge(self.facts, candidate)
            if kind is not None:
                return kind, candidate, _magnitude(candidate)
        return None

    def _bias(self, expr: cst.BaseExpression, sign: float) -> tuple[str, cst.BaseExpression, float | None] | None:
        """An additive mask: ``-1e9 * (1 - adj)``, ``(1.0 - mask) * -10e9``, ``bias_mat`` bound to one."""
        value: float | cst.BaseExpression | None  # a number, then a masked_fill's fill value
        for candidate in trace(self.facts, expr, depth=2):
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, cst.Multiply):
                for side in (candidate.left, candidate.right):
                    value = number(side)
                    if value is not None and value * sign <= -1e4:
                        return "finite", side, -abs(value)
                    if sign > 0:
                        found = self._constant(side)
                        if found is not None:
                            return found
            elif isinstance(candidate, cst.Call) and (name_of(self.facts, candidate) or "").endswith("where"):
                found = self._where(candidate)
                if found is not None:
                    return found
            elif isinstance(candidate, cst.Call) and sign > 0 and (
                    method_name(candidate, self.facts) in ("masked_fill", "masked_fill_")
                    or name_of(self.facts, candidate) == "torch.masked_fill"):
                value = argument(candidate, 1, "value")  # zeros(...).masked_fill(no_edge, -inf), added
                found = self._constant(value) if value is not None else None
                if found is not None:
                    return found
        return None

    def _where(self, call: cst.Call) -> tuple[str, cst.BaseExpression, float | None] | None:
        for arg in call.args[1:3]:
            found = self._constant(arg.value)
            if found is not None:
                return found
        return None

    def _mask_in(self, expr: cst.BaseExpression,
                 depth: int) -> tuple[tuple[str, cst.BaseExpression, float | None], cst.CSTNode] | None:
        """((kind, constant, value), masking expression) if ``expr`` is scores masked by a huge negative."""
        for candidate in trace(self.facts, expr, depth=3):
            name = dotted_name(candidate)
            if name is not None:
                bindings = self.facts.bindings(name)
                mark = self.inplace.get(name)
                if mark is not None and mark[0] == len(bindings):
                    return mark[1], mark[2]
                if bindings and bindings[-1].kind == "subscript" and bindings[-1].value is not None:
                    found = self._constant(bindings[-1].value)
                    if found is not None:
                        return found, bindings[-1].node
            if isinstance(candidate, cst.Call):
                cname = name_of(self.facts, candidate) or ""
                method = method_name(candidate, self.facts)
                if method in ("masked_fill", "masked_fill_") or cname == "torch.masked_fill":
                    value = argument(candidate, 1, "value")
                    found = self._constant(value) if value is not None else None
                    return (found, candidate) if found is not None else None
                if cname in _WHERE:
                    found = self._where(candidate)
                    return (found, candidate) if found is not None else None
                inner = operand(self.facts, candidate)
                if inner is not None and depth > 0:  # leaky_relu(e), dropout(e), e.view(...)
                    return self._mask_in(inner, depth - 1)
                return None
            if isinstance(candidate, cst.BinaryOperation):
                op = candidate.operator
                if isinstance(op, (cst.Add, cst.Subtract)):
                    sign = 1.0 if isinstance(op, cst.Add) else -1.0
                    found = self._bias(candidate.right, sign)
                    if found is None and isinstance(op, cst.Add):
                        found = self._bias(candidate.left, 1.0)
                    if found is not None:
                        return found, candidate
                if isinstance(op, (cst.Multiply, cst.Divide)) and depth > 0:  # scores / sqrt(d)
                    return self._mask_in(candidate.left, depth - 1)
                return None
        return None

    def finish(self) -> None:
        # The training scan's float16 facts: `.half()`, a float16 dtype or autocast, a mixed_float16
        # policy, a loss scaler (numpy float16 arrays are storage, not the model's precision).
        half = bool(self.scan.events("fp16", "policy", "scaler"))
        for c in self.candidates:
            guarded = id(c.softmax) in self.guarded_ids or any(
                order > c.order and name == c.target for order, name in self.guarded_names)
            masking = self.source(c.masking)
            if half and c.kind == "finite" and c.value is not None and abs(c.value) > _FP16_MAX:
                torch = (name_of(self.facts, c.softmax) or "").startswith(("torch", "F.")) or \
                    method_name(c.softmax, self.facts) == "softmax"
                self.report(c.constant, f"mask constant `{self.source(c.constant)}` in `{masking}` is beyond float16's "
                                        "range (±65504): in half precision it becomes -inf"
                                        f"{' (masked_fill raises)' if torch else ''}, and a fully masked row of the "
                                        "softmax is NaN",
                            fix_title="use `torch.finfo(scores.dtype).min` (or -1e4) as the mask value" if torch
                            else "use `scores.dtype.min` (or -1e4) as the mask value")
                continue
            # A finite constant (`-9e15`, `finfo.min`) leaves a fully masked row uniform, not NaN: only
            # -inf, or a constant beyond float32's range (it is -inf once cast), makes the NaN.
            if c.kind != "-inf" and (c.value is None or abs(c.value) <= _FP32_MAX):
                continue
            if self.self_loops or guarded or c.padding or self._graph_with_loops(c):
                continue
            softmax = self.source(c.softmax)
            self.report(c.softmax, f"`{softmax}` normalises scores masked with `{self.source(c.constant)}` "
                                   f"(`{masking}`): a node with no neighbours and no self-loop has a fully masked row, "
                                   "and softmax over all -inf is NaN")


def _operands(expr: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The non-constant values an arithmetic mask is computed from: ``adj`` in ``-1e9 * (1 - adj)``
    and in ``K.exp(adj * -1e9) * -1e9``."""
    if number(expr) is not None:
        return []
    if isinstance(expr, cst.BinaryOperation):
        return _operands(expr.left) + _operands(expr.right)
    if isinstance(expr, cst.UnaryOperation):
        return _operands(expr.expression)
    if isinstance(expr, cst.Call) and len(expr.args) == 1 and expr.args[0].keyword is None:
        return _operands(expr.args[0].value)  # exp(...), cast(...)
    return [expr]


def _magnitude(expr: cst.BaseExpression) -> float | None:
    value = number(expr)
    if value is not None:
        return value
    if isinstance(expr, cst.BinaryOperation):
        return number(expr.left) if number(expr.left) is not None else number(expr.right)
    if isinstance(expr, cst.Call) and len(expr.args) > 1:
        return number(expr.args[1].value)
    return None
