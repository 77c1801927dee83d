"""GNN503 unguarded-sqrt: the square root of a sum of squares (or a variance) that can be exactly 0,
on a path that needs its gradient: d sqrt(s)/ds = 1 / (2 sqrt(s)) is infinite at 0 and turns into NaN."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis import inline
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.analysis.graph import GraphFacts
from gnnlint.rule import Rule
from gnnlint.analysis.grad import DataOnly, never_differentiated
from gnnlint.analysis.branches import EnclosingTests
from gnnlint.analysis.numerics import Mutations, does, framework, method_name, name_of, operand, root_of, squared, trace

if TYPE_CHECKING:
    from gnnlint.engine import FileContext
    from gnnlint.analysis.graph import Scope

_VARIANCE = {"torch.var", "tf.math.reduce_variance", "keras.ops.var", "keras.backend.var"}
_NO_GRAD_CLASSES = ("Constraint", "Initializer", "Optimizer")
_NO_GRAD = {"torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad"}


class UnguardedSqrt(EnclosingTests, Rule):
    code = "GNN503"
    name = "unguarded-sqrt"
    severity = "warning"
    message = "sqrt of a value that can be 0 on a gradient path"
    fix_title = "add the epsilon inside the root: `sqrt(s + eps)`, or use `torch.linalg.vector_norm`"
    triggers = ("sqrt", "0.5")
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.mutations = Mutations(self.facts)
        self.no_grad = 0
        self.data_only = DataOnly(GraphFacts.of(context))
        inline.register(GraphFacts.of(context))
        self.pending: list[tuple[cst.Call | cst.BinaryOperation, str, str, cst.BaseExpression, Scope, int]] = []
        # The ``where`` calls the walk is inside whose condition tests a name for 0: (call, name).
        self.zero_tests: list[tuple[cst.Call, str]] = []

    def visit_With(self, node: cst.With) -> None:
        if any(isinstance(i.item, cst.Call) and name_of(self.facts, i.item) in _NO_GRAD for i in node.items):
            self.no_grad += 1

    def leave_With(self, original_node: cst.With) -> None:
        if any(isinstance(i.item, cst.Call) and name_of(self.facts, i.item) in _NO_GRAD for i in original_node.items):
            self.no_grad -= 1

    # Initializers, constraints and optimizers run outside the gradient tape: no gradient flows through them.
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        names = [node.name.value] + [dotted_name(b.value) or "" for b in node.bases]
        if any(n.endswith(_NO_GRAD_CLASSES) for n in names):
            self.no_grad += 1

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        names = [original_node.name.value] + [dotted_name(b.value) or "" for b in original_node.bases]
        if any(n.endswith(_NO_GRAD_CLASSES) for n in names):
            self.no_grad -= 1

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if any(name_of(self.facts, d.decorator) in _NO_GRAD if isinstance(d.decorator, cst.Call)
               else (self.facts.qualified_name(d.decorator) or "") in _NO_GRAD for d in node.decorators):
            self.no_grad += 1

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        if any(name_of(self.facts, d.decorator) in _NO_GRAD if isinstance(d.decorator, cst.Call)
               else (self.facts.qualified_name(d.decorator) or "") in _NO_GRAD for d in original_node.decorators):
            self.no_grad -= 1

    def leave_Call(self, original_node: cst.Call) -> None:
        if self.zero_tests and self.zero_tests[-1][0] is original_node:
            self.zero_tests.pop()

    def _record_zero_test(self, node: cst.Call) -> None:
        """``torch.where(x == 0, 0., a / x.sqrt())``: the code expects ``x`` to be 0. The ``where``
        picks the safe value, but its backward still multiplies the other branch's gradient, infinite
        at 0, by 0: NaN. A root of the tested value inside the ``where`` is judged as one of 0."""
        if not does(self.facts, node, "where"):
            return
        test = argument(node, 0, "condition") or argument(node, 0, "cond")
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
                and isinstance(test.comparisons[0].operator, (cst.Equal, cst.NotEqual, cst.GreaterThan, cst.LessThanEqual)) \
                and number(test.comparisons[0].comparator) == 0:
            tested = dotted_name(test.left)
            if tested is not None:
                self.zero_tests.append((node, tested))

    def visit_Call(self, node: cst.Call) -> None:
        self.mutations.record(node)
        self._record_zero_test(node)
        self._judge(node, root_of(self.facts, node), name_of(self.facts, node))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        """``s ** 0.5``: a root like ``sqrt(s)``. Whether ``s`` has a gradient is decided from its value
        in ``finish``; a file that computes with NumPy only has none anywhere."""
        if framework(self.facts, None) != "np":
            self._judge(node, root_of(self.facts, node), None)

    def _judge(self, node: cst.Call | cst.BinaryOperation, value: cst.BaseExpression | None, name: str | None) -> None:
        if value is None or self.no_grad or self.mutations.guarded(value) or self.context.is_test \
                or self.positive_here(value):
            return  # (tests compare values: no gradient flows through their square roots)
        for candidate in trace(self.facts, value, depth=3):
            what = self._can_be_zero(candidate) or self._tested_for_zero(candidate)
            if what is not None:
                via = "" if candidate is value else f" (`{self.source(value)}` holds `{self.source(candidate)}`)"
                fw = framework(self.facts, name)
                fix = ("use `torch.linalg.vector_norm(x, dim=...)`, or `torch.sqrt(s + eps)`" if fw == "torch"
                       else "put the epsilon inside the root: `tf.sqrt(s + eps)` or `tf.sqrt(tf.maximum(s, eps))`")
                when = "a constant column" if what == "a variance" else "a zero vector or two equal points"
                if what.endswith("tests for 0"):
                    when = "the entries the `where` replaces (it hides the value, not the gradient)"
                if what == "a variance":
                    fix = "put the epsilon inside the root: `sqrt(var + eps)`"
                # Decided at the end of the file, when every call site of the function is known.
                self.pending.append((node, f"`{self.source(node)}` takes the square root of {what}{via}, which is "
                                           f"exactly 0 for {when}: the gradient 1 / (2 sqrt(0)) is infinite and "
                                           "becomes NaN (an epsilon added outside the root does not help)",
                                     fix, value, *self.data_only.at_walk()))
                return

    def finish(self) -> None:
        for node, message, fix, value, scope, at in self.pending:
            # The root's value has no gradient (built from input data only, or from gradient cuts:
            # `.detach()`, `.item()`, a NumPy or math function, `np.sqrt` itself), or it is used only
            # where no gradient flows (`.detach()`, a `tf.summary` op): never differentiated.
            if not self.data_only.data(node, scope, at) \
                    and not never_differentiated(self.data_only.graph, node, scope):
                self.report(node, message, fix_title=fix)

    def _tested_for_zero(self, expr: cst.BaseExpression) -> str | None:
        name = dotted_name(expr)
        if name is None or not any(tested == name for _, tested in self.zero_tests):
            return None
        # A node degree tested before its root (`where(deg > 0, deg ** -0.5, 0)`) is graph structure:
        # no gradient is asked of it.
        if self.data_only.graph.value_here(expr).kind in ("adjacency", "degree"):
            return None
        return "a value the enclosing `where` tests for 0"

    def _can_be_zero(self, expr: cst.BaseExpression) -> str | None:
        if self._is_square(expr):
            return "a square"
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add) \
                and self._is_square_sum(expr.left) and self._is_square_sum(expr.right):
            return "a sum of squares"
        if self._is_square_sum(expr):
            return "a sum of squares"
        if isinstance(expr, cst.Call) and (name_of(self.facts, expr) in _VARIANCE
                                           or method_name(expr, self.facts) == "var"):
            return "a variance"
        return None

    def _is_square_sum(self, expr: cst.BaseExpression, depth: int = 2) -> bool:
        """A square, or a sum or mean of one (nested: the mean over rows of a row sum of squares)."""
        if not isinstance(expr, cst.Call):
            return self._is_square(expr)
        if depth and does(self.facts, expr, "sum", "mean"):
            inner = operand(self.facts, expr)
            return inner is not None and any(self._is_square_sum(c, depth - 1) for c in trace(self.facts, inner, depth=2))
        return self._is_square(expr)

    def _is_square(self, expr: cst.BaseExpression) -> bool:
        return squared(self.facts, expr) is not None
