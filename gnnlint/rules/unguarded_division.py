"""GNN504 unguarded-division: a tensor divided by its own sum or norm along an axis, with no epsilon:
an all-zero row (a featureless node, an empty bag) gives 0 / 0 = NaN.

Row sums of an adjacency or degrees are GNN102's (zero-degree-division), global maxima GNN301's,
standard deviations GNN302's, and sums of ``exp`` GNN506's: this rule leaves those alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any


import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis import inline
from gnnlint.analysis.scopes import argument, dotted_name, names_in, number
from gnnlint.analysis.scopes import spelling
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis import ops
from gnnlint.rules._division import DivisionRule, factors as product_factors, norm_of
from gnnlint.analysis.values import Signs
from gnnlint.analysis.passed import passed_arguments
from gnnlint.analysis.params import PARAMETER, TF_VARIABLE, ParameterUses, is_parameter
from gnnlint.analysis.numerics import (SHAPE_METHODS, Mutations, changed_in_place, contains, does, framework,
                                     latest_value, method_name,
                                     name_of, operand, receiver, root_of, segment_sum, shape_free, squared, trace)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext
    from gnnlint.analysis.graph import Scope
    from gnnlint.analysis.scopes import Facts

_RANDOM = {"np.random.rand", "np.random.random", "np.random.uniform", "torch.rand", "tf.random.uniform",
           "keras.random.uniform"}


# Element-wise tests whose True entries a count adds up.
_TESTS = {"gt", "ge", "lt", "le", "eq", "ne", "greater", "greater_equal", "less", "less_equal", "equal", "not_equal",
          "isnan", "isfinite", "isinf", "logical_not", "logical_and", "logical_or"}
_COUNT_NONZERO = {"torch.count_nonzero", "np.count_nonzero", "tf.math.count_nonzero", "tf.count_nonzero"}
_OUTER = {"torch.ger", "torch.outer", "np.outer"}
_NON_FINITE_TESTS = {"np.isnan", "np.isinf", "np.isfinite", "np.isposinf", "np.isneginf"}
# Constants the tables know: never all zero (a fill's value is read by the sign analysis).
_CONSTANTS: frozenset[ops.Kind] = frozenset({"identity", "positive"})


def _code_key(code: str) -> str:
    return "".join(code.split())


def _legacy_constructor(facts: Facts, call: cst.Call) -> bool:
    """``torch.FloatTensor(data)``: a constructor that converts the data it is given (and allocates
    when given sizes)."""
    row = ops.draw(facts.call_name(call))
    return row is not None and row.only_sized


def _untransposed(expr: cst.BaseExpression) -> cst.BaseExpression:
    if isinstance(expr, cst.Attribute) and expr.attr.value == "T":
        return expr.value
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in ("t", "float") \
            and not expr.args:
        return expr.func.value
    return expr


def _transposed(expr: cst.BaseExpression) -> bool:
    return (isinstance(expr, cst.Attribute) and expr.attr.value in ("T", "mT")) or (
        isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
        and expr.func.attr.value in ("t", "transpose", "permute"))


def _node_field(expr: cst.BaseExpression) -> tuple[cst.Attribute, cst.BaseExpression] | None:
    """(``g.ndata``, the key) for ``g.ndata[key]``, ``g.dstdata[key]``, ``g.ndata.pop(key)``."""
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
        data, key = expr.value, expr.slice[0].slice.value
    elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "pop" \
            and expr.args:
        data, key = expr.func.value, expr.args[0].value
    else:
        return None
    if isinstance(data, cst.Attribute) and data.attr.value in ("ndata", "dstdata"):
        return data, key
    return None


def _is_outer_spec(spec: cst.SimpleString) -> bool:
    """``"i,j->ij"``: two vectors, each index kept once."""
    text = str(spec.evaluated_value).replace(" ", "")
    inputs, _, output = text.partition("->")
    parts = inputs.split(",")
    return len(parts) == 2 and all(len(p) == 1 for p in parts) and parts[0] != parts[1] \
        and sorted(output) == sorted(parts[0] + parts[1])


def _exits(body: cst.BaseSuite) -> bool:
    """Whether a block ends by leaving (return, raise, continue, break)."""
    statements = body.body
    last = statements[-1] if statements else None
    if isinstance(last, cst.SimpleStatementLine):
        last = last.body[-1] if last.body else None
    return isinstance(last, (cst.Return, cst.Raise, cst.Continue, cst.Break))  # in the call: libcst loads lazily


def _guard_test(test: cst.BaseExpression) -> bool:
    """A test on values, not on identity or membership (``x is None``, ``k in d``)."""
    return not (isinstance(test, cst.Comparison) and any(
        isinstance(c.operator, (cst.Is, cst.IsNot, cst.In, cst.NotIn)) for c in test.comparisons))


def exit_tests_before(owner: cst.CSTNode, target: cst.CSTNode) -> list[cst.BaseExpression]:
    """The tests of the ``if``s without ``else`` whose body leaves, met before ``target`` in the
    blocks of ``owner`` (a function or module) that lead to it."""
    found: list[cst.BaseExpression] = []
    block = getattr(owner, "body", None)
    while block is not None:
        statements = block.body if isinstance(block, cst.BaseSuite) else block
        inner = None
        for statement in statements:
            if contains(statement, target):
                inner = statement
                break
            if isinstance(statement, cst.If) and statement.orelse is None and _exits(statement.body) \
                    and _guard_test(statement.test):
                found.append(statement.test)
        if inner is None or isinstance(inner, (cst.SimpleStatementLine, cst.FunctionDef, cst.ClassDef)):
            return found
        block = next((b for b in _blocks(inner) if contains(b, target)), None)
    return found


def _blocks(statement: cst.CSTNode) -> list[cst.BaseSuite]:
    """The bodies of a compound statement (an ``if``'s body, not its ``else``: a test in the
    ``else`` branch is the opposite one)."""
    if isinstance(statement, (cst.For, cst.While, cst.With, cst.Try, cst.If)):
        return [statement.body]
    return []


class UnguardedDivision(DivisionRule):
    code = "GNN504"
    name = "unguarded-division"
    severity = "warning"
    message = "division by a data-dependent sum or norm without an epsilon"
    fix_title = "normalize with `F.normalize` / `tf.math.l2_normalize`, or add an epsilon to the denominator"
    triggers = ("/", "div")

    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.graph = GraphFacts.of(context)
        inline.register(self.graph)
        self.mutations = Mutations(self.facts)
        self.signs = Signs(self.graph)
        self.pending: list[tuple[cst.CSTNode, cst.BaseExpression, str, str, str | None, Scope, int]] = []
        self.assigned: dict[int, tuple[cst.BaseExpression, str | None]] = {}
        self.lambda_params: list[set[str]] = []
        self.loss_implementations: list[bool] = []
        self._reducer_outputs: set[str] | None = None
        self.guard_names: dict[int, set[str]] = {}
        # NumPy quotients (no gradient) wrapped in `np.nan_to_num(...)`, and the names NumPy
        # quotients are stored in, to look for a NaN patch after them
        self.nan_wrapped: set[int] = set()
        self.numpy_targets: dict[int, str] = {}

    # Inside ``lambda t: t / t.norm(...)`` nothing says what ``t`` is (often tensors cleaned just before).
    # Loss implementations (``def categorical_crossentropy(target, output, from_logits=False)``)
    # renormalise probabilities by contract; that is library code, not a user's bug.
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.loss_implementations.append(any(p.name.value == "from_logits" for p in node.params.params))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.loss_implementations.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self.lambda_params.append({p.name.value for p in node.params.params})

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self.lambda_params.pop()

    def visit_Call(self, node: cst.Call) -> None:
        self.mutations.record(node)
        if does(self.facts, node, "nan-to-num") and node.args:
            self.nan_wrapped.add(id(node.args[0].value))
        super().visit_Call(node)

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        """Also ``x * (1 / n)``, ``x * n.pow(-1)``, ``x * torch.reciprocal(n)`` with ``n`` a norm: the
        division by the norm written as a product. (The reciprocal of a row *sum* multiplied in is a
        degree scaling, D^-1 X: GNN102's.)"""
        super().visit_BinaryOperation(node)
        if not isinstance(node.operator, cst.Multiply):
            return
        for factor, other in ((node.left, node.right), (node.right, node.left)):
            inverted = self._reciprocal_of(factor)
            if inverted is not None and any(
                    (self._row_reduction(c) or ("", None))[0] in ("norm", "whole norm") for c in self._denominators(inverted)):
                self.check_division(node, other, inverted)
                return

    def _reciprocal_of(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """``d`` for ``1 / d``, ``d ** -1``, ``d.pow(-1)``, ``torch.pow(d, -1)``, ``torch.reciprocal(d)``."""
        if isinstance(expr, cst.BinaryOperation):
            if isinstance(expr.operator, cst.Divide) and number(expr.left) == 1.0:
                return expr.right
            if isinstance(expr.operator, cst.Power) and number(expr.right) == -1.0:
                return expr.left
            return None
        if not isinstance(expr, cst.Call):
            return None
        if does(self.facts, expr, "reciprocal"):
            return operand(self.facts, expr)
        if does(self.facts, expr, "power"):
            method = method_name(expr, self.facts) is not None
            return operand(self.facts, expr) if number(argument(expr, 0 if method else 1, "exponent")) == -1.0 else None
        return None

    def _graph_operand(self, base: cst.BaseExpression) -> bool:
        """An adjacency divided by its row sums, or a degree: the graph rules' business (GNN102/GNN104),
        judged by what the value is, not what it is called."""
        return self.graph.value_here(base).kind in ("adjacency", "degree")

    def check_division(self, node: cst.CSTNode, numerator: cst.BaseExpression,
                       denominator: cst.BaseExpression) -> None:
        if any(self.loss_implementations) or self.mutations.guarded(denominator):
            return
        selection = self._selection_count(denominator)
        if selection is not None and self._graph_operand(denominator):
            return  # the degrees of a thresholded graph: the graph rules judge them (GNN102)
        if selection is not None:
            count, test, weighted = selection
            via = "" if count is denominator else f" (`{self.source(denominator)}` holds `{self.source(count)}`)"
            what = "a sum of values kept only where" if weighted else "a count of the entries that pass"
            self.report(node, f"`{self.source(node)}` divides by {what} `{self.source(test)}`"
                              f"{via}: when none passes (a batch with no valid label, a row with nothing "
                              f"selected) the {'sum' if weighted else 'count'} is 0 and the quotient 0 / 0 = NaN",
                        fix_title="clamp the count (`count.clamp(min=1)`, `tf.maximum(count, 1.)`) or use "
                                  "`tf.math.divide_no_nan`")
            return
        field = self._neighbourhood_sum(denominator)
        if field is not None:
            self.report(node, f"`{self.source(node)}` divides by the node field `{field}`, a DGL sum over each node's "
                              "incoming edges: a node with no incoming edge has an empty sum, 0, and gets 0 / 0 = NaN",
                        fix_title="add an epsilon (`z + 1e-6`) or clamp the sum, or add self-loops to the graph")
            return
        numerator_reduces = self._is_reduction(numerator)
        # names, and reads of one field (`g.edata["d"]`) on both sides: the same value
        numerator_names = names_in(numerator) | self._field_reads(numerator)
        # `self.x` stored as `self.x = x` in `__init__`: the same tensor as the `x` a sum there reduces
        stored_from = self._attributes_held(numerator)
        numerator_names |= set(stored_from)
        # a Gram matrix over the pairwise norms: what the numerator's names hold (`nume = x @ x.T`)
        held_names = set().union(*(names_in(c) for c in trace(self.facts, numerator, depth=2)))
        # `b.t()`, `b.T`: the rows of `b`, transposed into the product
        held_names |= {name.rsplit(".", 1)[0] for name in held_names if name.endswith((".t", ".T", ".mT"))}
        for candidate in self._denominators(denominator):
            found = self._row_reduction(candidate)
            if found is None:
                continue
            kind, base = found
            if self._per_segment(candidate) and (
                    self._graph_operand(denominator) or self._graph_operand(candidate)):
                return  # per-node sums of edge weights: degrees, GNN102's
            if numerator_reduces and kind in ("sum", "mean"):
                return  # sum / count is a mean: GNN102's territory when it counts neighbours
            if kind in ("sum", "mean") and self._vector(base):
                return  # along the only axis of a vector: a global sum, 0 only for an all-zero tensor
            base_name = self._base_name(base)
            repeated = base_name is None and kind in ("norm", "whole norm") \
                and isinstance(base, cst.BinaryOperation) and isinstance(base.operator, cst.Subtract) \
                and self._repeated_in(base, numerator)
            if repeated:
                base_name = self.source(base)  # `(a - b) / (a - b).norm(dim=-1)`: one expression, one value
            elif base_name is None or base_name not in (held_names if kind == "pairwise norm" else numerator_names):
                return
            if base_name in stored_from and base_name not in names_in(numerator) \
                    and self._function_of(stored_from[base_name]) is not self._function_of(base):
                return  # `self.x = x` and a sum of an `x` of another function: not known to be one tensor
            if kind == "pairwise norm" and not set(self._pair_bases(candidate)) <= held_names:  # type: ignore[arg-type]
                return  # both vectors' rows must be what the numerator multiplies
            # a cosine similarity of rows is no degree normalisation, even of an adjacency's rows
            # (an isolated node's zero row gives 0 / 0 all the same): only sums are GNN102's
            graph = kind != "pairwise norm" and self._graph_operand(base)
            if graph or self._is_exp(base) or self._is_random(base, kind not in ("sum", "mean")) or self._positive(base) \
                    or self._shifted(base) or any(base_name in params for params in self.lambda_params):
                return
            if self._not_data(base):
                return  # a weight or a constant: 0 in a whole row only if every entry is (trained rows are not)
            if self._exit_guarded(node, {base_name, *names_in(denominator)}):
                return
            via = "" if candidate is denominator else \
                f" (`{self.source(denominator)}` holds `{self.source(candidate)}`)"
            function = name_of(self.facts, candidate) if isinstance(candidate, cst.Call) else None
            fw = framework(self.facts, function) if function is not None else (
                "torch" if self.facts.is_imported("torch") and not (
                    isinstance(candidate, cst.Call) and argument(candidate, None, "keepdims") is not None)
                else "any")
            if fw == "torch":
                fix = ("use `F.normalize(x, p=2, dim=...)`" if kind not in ("sum", "mean")
                       else "use `F.normalize(x, p=1, dim=...)` or `.clamp(min=eps)` on the sum")
            elif fw == "tf":
                fix = ("use `tf.math.l2_normalize(x, axis=...)`" if kind not in ("sum", "mean")
                       else "use `tf.math.divide_no_nan(x, s)` or add an epsilon to the sum")
            elif fw == "np":
                fix = "add an epsilon (`s + 1e-12`) or `np.maximum(s, eps)` to the denominator"
            else:
                fix = "keep the denominator away from 0: `s + eps`, `np.maximum(s, eps)`, `tf.math.divide_no_nan`"
            if kind == "mean" and fw in ("torch", "tf"):
                fix = "add an epsilon to the mean (`m + eps`) or clamp it away from 0"
            message = (f"`{self.source(node)}` divides `{base_name}` by its own length{via}: where the two "
                       "sides of the difference are equal (two coinciding points) it is a zero vector, and "
                       "0 / 0 = NaN" if repeated else
                       f"`{self.source(node)}` divides `{base_name}` by its own norm{via}: an all-zero vector "
                       "gives 0 / 0 = NaN" if kind == "whole norm" else
                       f"`{self.source(node)}` divides products of the rows of `{base_name}` by the products of their "
                       f"norms{via} (a cosine similarity by hand): an all-zero row gives 0 / 0 = NaN"
                       if kind == "pairwise norm" else
                       f"`{self.source(node)}` divides `{base_name}` by its own sum per node{via}: a node whose "
                       "incoming scores are all 0 gives 0 / 0 = NaN on its edges"
                       if self._per_segment(candidate) else
                       f"`{self.source(node)}` divides `{base_name}` by its own {kind} along an axis{via}: an "
                       "all-zero row (a featureless or isolated node) gives 0 / 0 = NaN")
            numpy = fw == "np" or fw == "any" and not any(self.facts.is_imported(m) for m in ("torch", "tensorflow"))
            if numpy and id(node) in self.nan_wrapped:
                return  # NumPy carries no gradient: the NaN of an empty row is replaced, and that is all
            stored = self._target(node)
            if numpy and stored is not None:
                self.numpy_targets[id(node)] = stored
            # Judged at the end of the file, when the uses of the quotient are known.
            # Only a row *sum* (a count) makes mean aggregation; unit-norm rows are embeddings.
            self.guard_names[id(node)] = {base_name, *names_in(denominator)}
            self.pending.append((node, base, message, fix,
                                 self._target(node) if kind in ("sum", "mean") else None, *self.graph.here()))
            return

    def visit_Assign(self, node: cst.Assign) -> None:
        if len(node.targets) == 1:
            self.assigned[id(node.value)] = (node.value, dotted_name(node.targets[0].target))

    def _target(self, node: cst.CSTNode) -> str | None:
        """The name the quotient is stored in: ``t = a / s``, ``a /= s``, ``a.div_(s)``."""
        if isinstance(node, cst.AugAssign):
            return dotted_name(node.target)
        if isinstance(node, cst.Call) and method_name(node, self.facts) == "div_":
            return dotted_name(node.func.value)  # type: ignore[attr-defined]
        stored = self.assigned.get(id(node))
        return stored[1] if stored is not None and stored[0] is node else None

    def finish(self) -> None:
        for node, base, message, fix, target, scope, order in self.pending:
            # Signs again now that every call is known: a parameter is as positive as what each
            # call passes, and the calls may come after the function.
            if self.signs.sign(base, scope, order) == "pos" \
                    or self._guarded_by_callers(self.guard_names[id(node)], scope, order) \
                    or self._nan_patched(self.numpy_targets.get(id(node)), scope, order, node):
                continue
            if target is None or not self._propagates(target, scope, order):
                self.report(node, message, fix_title=fix)

    def _nan_patched(self, name: str | None, scope: Scope, order: int, quotient: cst.CSTNode) -> bool:
        """A NumPy quotient whose non-finite entries are replaced right after it is stored
        (``r[np.isnan(r)] = 0``, ``r[~np.isfinite(r)] = 0``, ``r = np.nan_to_num(r)``), with no read
        of it in between: without a gradient, the NaN of an all-zero row never leaves the function."""
        for store in self.graph.later_stores(name, scope, order) if name is not None else ():
            patch = store.kind == "subscript" and store.value is not None and number(store.value) is not None \
                and any(isinstance(n, cst.Call) and (name_of(self.facts, n) or "") in _NON_FINITE_TESTS
                        and name in names_in(n) for n in descendants(store.node))
            patch = patch or store.kind == "assign" and isinstance(store.value, cst.Call) \
                and does(self.facts, store.value, "nan-to-num") and name in names_in(store.value)
            if patch:
                return name is not None and not self._read_between(name, scope, quotient, store.node)
            if store.kind != "subscript":
                return False  # rebound: a later patch is of another value
        return False

    def _read_between(self, name: str, scope: Scope, first: cst.CSTNode, last: cst.CSTNode) -> bool:
        """Whether a line after ``first`` and before ``last`` reads ``name`` (``s = r.sum()`` before
        ``r[np.isnan(r)] = 0``: ``s`` carries the NaN on). Entries set (``r[0] = 5``) are no read."""
        positions = self.context.positions()
        start, end = positions.get(first), positions.get(last)
        if start is None or end is None:
            return True  # (no place to judge from: not taken as patched)
        nodes = list(descendants(scope.node))
        set_entries = {id(t.target.value) for t in nodes
                       if isinstance(t, cst.AssignTarget) and isinstance(t.target, cst.Subscript)}
        for read in nodes:
            if isinstance(read, (cst.Name, cst.Attribute)) and id(read) not in set_entries \
                    and dotted_name(read) == name:
                where = positions.get(read)
                if where is not None and start.end.line < where.start.line < end.start.line:
                    return True
        return False

    def _propagates(self, target: str, scope: Scope, order: int) -> bool:
        """Whether the quotient is then multiplied into node features (``m.mm(embeddings)``,
        ``torch.matmul(adj, x)``): a row-normalised propagation operator, i.e. mean aggregation,
        whose zero rows are isolated nodes: GNN102's (zero-degree-division), not this rule's; so is a
        quotient multiplied into itself (``P = P @ P``), the steps of a random walk.
        A product with a weight (``h @ self.weight``) is a feature transform: still this rule's."""
        later = [s.order for s in self.graph.later_stores(target, scope, order)]
        for site in scope.sites:
            if site.order <= order or any(o < site.order for o in later):
                continue
            operands = self._product(site.node)
            if operands is None or dotted_name(_untransposed(operands[0])) != target:
                continue
            if dotted_name(operands[1]) == target:
                return True  # powers of a row-stochastic matrix: a random walk's transitions
            if not _transposed(operands[1]) \
                    and self._features(operands[1], scope, site.order):  # (z @ z2.T: a similarity)
                return True
        return False

    def _product(self, node: cst.CSTNode) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
            return node.left, node.right
        if isinstance(node, cst.Call):
            method = method_name(node, self.facts)
            if method is not None and "matrix-product" in ops.of_method(method) and node.args:
                return node.func.value, node.args[0].value  # type: ignore[attr-defined]
            kinds = ops.of_function(self.facts.call_name(node))
            if "matrix-product" in kinds and "contraction" not in kinds and len(node.args) >= 2:
                return node.args[0].value, node.args[1].value
        return None

    def _features(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        """Node features, not a weight or a constant: an input of the function (a parameter), or the
        output of a module or function call that is not a library constructor (``self.embed(idx)``,
        ``encoder(x)``); not ``self.W``, ``Parameter(...)``, ``torch.arange(k)``."""
        while isinstance(expr, cst.Call) and method_name(expr, self.facts) in ("float", "to", "cuda", "detach"):
            expr = expr.func.value  # type: ignore[attr-defined]
        if isinstance(expr, cst.Call):
            spelled_call = dotted_name(expr.func)
            return self.facts.qualified_name(expr.func) is None and spelled_call is not None \
                and method_name(expr, self.facts) is None or (spelled_call or "").startswith("self.")
        spelled = dotted_name(expr)
        if spelled is None or spelled.startswith("self."):
            return False
        store, home = self.graph.lookup(spelled, scope, at)
        if store is None or home is None:
            return False
        if store.kind == "param":
            return True
        return store.kind == "assign" and store.value is not None and self._features(store.value, home, store.order)

    def _field_read(self, expr: cst.BaseExpression) -> str | None:
        """The source of a read of one field by a constant key (``g.edata["d"]``, ``batch["x"]``):
        two such reads in one expression read the same value."""
        if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index) \
                and isinstance(expr.slice[0].slice.value, cst.SimpleString):
            holder = dotted_name(expr.value) or self._field_read(expr.value)
            return f"{holder}[{expr.slice[0].slice.value.evaluated_value!r}]" if holder is not None else None
        return None

    def _repeated_in(self, base: cst.BaseExpression, numerator: cst.BaseExpression) -> bool:
        """Whether the numerator (or what its names hold) computes ``base`` again, written the same
        way: a difference of positions divided by its own length. (Rows picked by a mask are not
        compared: a selection may have chosen them to be nonzero.)"""
        key = _code_key(self.source(base))
        return any(_code_key(self.source(node)) == key
                   for held in trace(self.facts, numerator, depth=2) for node in descendants(held)
                   if isinstance(node, (cst.BinaryOperation, cst.Subscript, cst.Call)))

    def _base_name(self, base: cst.BaseExpression) -> str | None:
        """The name or field read that holds the reduced tensor, under the slices and casts that
        keep its values (``g.ndata["eig"][:, 1:2].to(device)``): the numerator's names and field
        reads are collected under them too."""
        while True:
            name = dotted_name(base) or self._field_read(base)
            inner = self._kept_values(base) if name is None else None
            if inner is None:
                return name
            base = inner

    def _kept_values(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The tensor under a cast or reshape, or under a slice of whole ranges (``[:, 1:2]``,
        ``[..., 0]``). Not under an index or a mask (``v[mask]``): that picks rows, which a
        selection may have chosen to be nonzero (edges that are not self-loops)."""
        if isinstance(expr, cst.Subscript):
            whole = all(isinstance(e.slice, cst.Slice) or (isinstance(e.slice, cst.Index) and (
                number(e.slice.value) is not None or isinstance(e.slice.value, cst.Ellipsis))) for e in expr.slice)
            return expr.value if whole else None
        return shape_free(self.facts, expr) if isinstance(expr, cst.Call) else None

    def _attributes_held(self, expr: cst.BaseExpression) -> dict[str, cst.Name]:
        """The names that the instance's attributes read in ``expr`` were stored from
        (``self.x = x``), with the name read there: the same tensor as an ``x`` reduced in the
        same method. The instance is the method's first parameter, whatever it is called."""
        instance = self._instance_of(expr)
        held: dict[str, cst.Name] = {}
        for node in descendants(expr) if instance is not None else ():
            if isinstance(node, cst.Attribute) and (dotted_name(node) or "").startswith(f"{instance}."):
                value = latest_value(self.facts, node)
                if isinstance(value, cst.Name):
                    held[value.value] = value
        return held

    def _instance_of(self, node: cst.CSTNode) -> str | None:
        """The first parameter of the method ``node`` is in (not a static method); None outside
        methods."""
        methods = [f for key, f in self.facts.functions.items() if "." in key and contains(f, node)]
        method = next((f for f in methods if not any(g is not f and contains(f, g) for g in methods)), None)
        params = [*method.params.posonly_params, *method.params.params] if method is not None else []
        static = method is not None and any(dotted_name(d.decorator) == "staticmethod" for d in method.decorators)
        return spelling(params[0].name) if params and not static else None

    def _function_of(self, node: cst.CSTNode) -> cst.FunctionDef | None:
        return next((f for f in self.facts.functions.values() if contains(f, node)), None)

    def _field_reads(self, expr: cst.BaseExpression) -> set[str]:
        found = {self._field_read(node) for node in descendants(expr) if isinstance(node, cst.Subscript)}
        return {read for read in found if read is not None}

    def _denominators(self, denominator: cst.BaseExpression) -> Iterator[cst.BaseExpression]:
        """What the denominator holds (``trace``), and for an element read back where it was just
        stored (``b[k + 1, :] = norm(w, axis=0)`` ... ``w / b[k + 1, :]``), the value stored there."""
        for candidate in trace(self.facts, denominator, depth=3):
            yield candidate
            if isinstance(candidate, cst.Subscript):
                stored = self._stored_at(candidate)
                if stored is not None:
                    yield from trace(self.facts, stored, depth=2)

    def _stored_at(self, read: cst.Subscript) -> cst.BaseExpression | None:
        name = dotted_name(read.value)
        bindings = self.facts.bindings(name) if name is not None else []
        if not bindings or bindings[-1].kind != "subscript" or not isinstance(bindings[-1].node, cst.Assign):
            return None
        target = bindings[-1].node.targets[0].target
        if not isinstance(target, cst.Subscript) or dotted_name(target.value) != name:
            return None
        same = self.context.module.code_for_node
        if [same(e) .strip(", ") for e in target.slice] != [same(e).strip(", ") for e in read.slice]:
            return None
        return bindings[-1].value

    def _is_reduction(self, expr: cst.BaseExpression) -> bool:
        return isinstance(expr, cst.Call) and (
            does(self.facts, expr, "sum", "mean", "norm") or self._per_segment(expr))

    def _row_reduction(self, expr: cst.BaseExpression) -> tuple[str, cst.BaseExpression] | None:
        """("sum"/"mean"/"norm", the reduced tensor) for ``x.sum(1)``, ``x.mean(1)``, ``x.norm(dim=1)``, ``np.linalg.norm(x, axis=1)``,
        ``tf.reduce_sum(x, axis)``, ``x.abs().sum(1)``, ``torch.sqrt((x ** 2).sum(1))``."""
        root = root_of(self.facts, expr)
        if root is not None:
            for candidate in trace(self.facts, root, depth=2):
                found = self._row_reduction(candidate)
                if found is not None:  # the root of a sum of squares is a norm
                    squares = (squared(self.facts, c) for c in trace(self.facts, found[1], depth=2))
                    base = next((b for b in squares if b is not None), None)
                    return ("norm", base) if base is not None else None
            return None
        if isinstance(expr, cst.BinaryOperation):
            return self._pairwise_norm(expr)
        if not isinstance(expr, cst.Call):
            return None
        method = method_name(expr, self.facts)
        if self._outer_operands(expr) is not None:
            return self._pairwise_norm(expr)
        if self._per_segment(expr):
            # a sum per segment (``scatter_add(w, index)``, ``unsorted_segment_sum(w, ids)``): a row
            # sum whose rows are the segments, 0 when every value of a segment is
            summed = segment_sum(self.facts, expr)
            return ("sum", summed[0]) if summed is not None else None
        if does(self.facts, expr, "sum", "mean"):
            # a mean along an axis is the sum over a count: 0 exactly when the sum is
            kind = "sum" if does(self.facts, expr, "sum") else "mean"
            axis = (argument(expr, 0, "dim") or argument(expr, None, "axis") if method
                    else argument(expr, 1, "axis") or argument(expr, None, "dim"))
        elif does(self.facts, expr, "norm"):
            norm = norm_of(self.facts, expr)
            if norm is None:
                return None
            kind, axis = "norm", norm[1]
        else:
            return None
        if isinstance(axis, (cst.Tuple, cst.List)) or axis is None and kind != "norm":
            return None  # a global sum or mean, a whole-matrix norm: 0 only for an all-zero tensor
        if axis is None:
            kind = "whole norm"  # of a vector (`v / tf.linalg.norm(v)`, a power-iteration step)
        base = operand(self.facts, expr)
        if isinstance(base, cst.Call) and (method_name(base, self.facts) == "abs"
                                          or (name_of(self.facts, base) or "").endswith(".abs")):
            base = operand(self.facts, base)
        return (kind, base) if base is not None else None

    def _per_segment(self, expr: cst.BaseExpression) -> bool:
        """A sum per segment: a table's segment sum, or a scatter that sums by default."""
        return does(self.facts, expr, "segment-sum") or (
            isinstance(expr, cst.Call) and segment_sum(self.facts, expr) is not None)

    def _vector(self, expr: cst.BaseExpression) -> bool:
        """A 1-D tensor by construction: scalars stacked or converted into one
        (``torch.stack([(e == v).sum() for v in nodes])``, ``np.array([a.sum(), b.sum()])``)."""
        for candidate in trace(self.facts, expr, depth=2):
            if not isinstance(candidate, cst.Call) or not candidate.args:
                continue
            name = name_of(self.facts, candidate) or ""
            if not (name.endswith(".stack") or "convert" in ops.of_function(self.facts.call_name(candidate))):
                continue
            items = candidate.args[0].value
            elements = [items.elt] if isinstance(items, (cst.ListComp, cst.GeneratorExp)) else \
                [e.value for e in items.elements] if isinstance(items, (cst.List, cst.Tuple)) and items.elements else []
            return bool(elements) and all(self._scalar(e) for e in elements)
        return False

    def _scalar(self, expr: cst.BaseExpression) -> bool:
        """A number, a reduction over every entry (``x.sum()``, ``torch.sum(x)``, ``x.item()``), or
        arithmetic on such (``1 / (x.sum() + eps)``)."""
        if self.signs.constant(expr, *self.graph.here()) is not None:
            return True
        if isinstance(expr, cst.BinaryOperation):
            return self._scalar(expr.left) and self._scalar(expr.right)
        if isinstance(expr, cst.UnaryOperation):
            return self._scalar(expr.expression)
        if not isinstance(expr, cst.Call):
            return False
        method = method_name(expr, self.facts)
        if method == "item" and not expr.args:
            return True
        if not does(self.facts, expr, "sum", "mean"):
            return False
        return not expr.args if method is not None else len(expr.args) == 1 and expr.args[0].keyword is None

    def _pairwise_norm(self, expr: cst.Call | cst.BinaryOperation) -> tuple[str, cst.BaseExpression] | None:
        """The outer (or broadcast) product of two tensors' row norms: the norms of each pair of
        rows, the denominator of a cosine similarity written by hand."""
        pair = self._outer_operands(expr)
        if pair is None:
            return None
        # (`a.norm(dim=1, keepdim=True) * b.norm(dim=1, keepdim=True).t()`: a column times a row)
        left, right = (self._row_norm_of(self._traced_reduction(_untransposed(side))) for side in pair)
        if left is not None and right is not None:
            return "pairwise norm", left
        return None

    @staticmethod
    def _row_norm_of(found: tuple[str, cst.BaseExpression] | None) -> cst.BaseExpression | None:
        """The named tensor whose rows a norm measures: ``x`` for ``x.norm(dim=1)``, for the norms of
        rows picked by an index (``x[idx].norm(dim=1)``) and for the whole norm of one row
        (``x[i].norm()``, the row a loop visits)."""
        if found is None or found[0] not in ("norm", "whole norm"):
            return None
        kind, base = found
        picked = isinstance(base, cst.Subscript) and len(base.slice) == 1 \
            and isinstance(base.slice[0].slice, cst.Index) \
            and isinstance(base.slice[0].slice.value, (cst.Name, cst.Attribute))
        if kind == "whole norm" and not picked:
            return None  # the norm of a whole vector, not of a row
        base = base.value if picked else base  # type: ignore[attr-defined]
        return base if dotted_name(base) is not None else None

    def _neighbourhood_sum(self, denominator: cst.BaseExpression) -> str | None:
        """The field name when the denominator reads a node field (``g.ndata["z"]``, ``g.dstdata["z"]``)
        that a DGL ``sum`` reducer of this module writes (``update_all(msg, fn.sum("e", "z"))``)."""
        for candidate in trace(self.facts, denominator, depth=2):
            read = _node_field(candidate)
            if read is not None:
                data, key = read
                if not isinstance(key, cst.SimpleString):
                    return None
                field = str(key.evaluated_value)
                # a graph with self-loops (`dgl.add_self_loop(g)`) gives every node an incoming edge
                if field not in self._summed_fields() or self.graph.value_here(data.value).self_loops is not None:
                    return None
                return field
        return None

    def _summed_fields(self) -> set[str]:
        """Output fields of the DGL ``sum`` reducers written in this module."""
        if self._reducer_outputs is None:
            self._reducer_outputs = set()
            for call in descendants(self.context.module):
                if isinstance(call, cst.Call) and self.facts.call_name(call) == "dgl.function.sum":
                    out = argument(call, 1, "out")
                    if isinstance(out, cst.SimpleString):
                        self._reducer_outputs.add(str(out.evaluated_value))
        return self._reducer_outputs

    def _selection_count(self, denominator: cst.BaseExpression
                         ) -> tuple[cst.BaseExpression, cst.BaseExpression, bool] | None:
        """(the count, the test, whether it sums values rather than counts) when the denominator counts the entries a comparison computed here
        selects: ``torch.sum(y ** 2 > 0)``, ``torch.gt(p, t).long().sum(2)``, ``(~isnan(y)).sum()``.
        Nothing guarantees that any entry passes a test on data, unlike a mask the code is given
        (a split's train mask, a placeholder), which the dataset fixes to be non-empty."""
        for candidate in trace(self.facts, denominator, depth=3):
            if not isinstance(candidate, cst.Call) or not (
                    does(self.facts, candidate, "sum") or method_name(candidate, self.facts) == "count_nonzero"
                    or name_of(self.facts, candidate) in _COUNT_NONZERO):
                continue
            counted = operand(self.facts, candidate)
            found = self._selected_by(counted, factors=2) if counted is not None else None
            return (candidate, *found) if found is not None else None
        return None

    def _selected_by(self, expr: cst.BaseExpression, factors: int) -> tuple[cst.BaseExpression, bool] | None:
        """The test whose passing entries ``expr`` keeps, the others being 0: the test itself (a
        count), an indicator built from it (``[1.0 if n in kept else 0.0 for n in nodes]``,
        ``np.where(t, 1, 0)``), or a product with one as a factor (``w * (x > 0)``,
        ``indicator @ features``): when no entry passes, every entry is 0 and so is their sum,
        over an axis or over the whole tensor. The flag: whether values are summed, not 0/1 entries."""
        for value in trace(self.facts, expr, depth=3):
            test = self._data_test(value) or self._indicator_test(value)
            if test is not None:
                return test, False
            for factor in product_factors(self.facts, value, matrix=True) if factors > 0 else ():
                found = self._selected_by(factor, factors - 1)
                if found is not None:
                    return found[0], True
        return None

    def _indicator_test(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The test of a 0/1 indicator written entry by entry: a comprehension of ``1 if t else 0``
        (in ``torch.tensor(...)``), ``torch.where(t, 1., 0.)``."""
        kinds = ops.of_function(self.facts.call_name(expr)) if isinstance(expr, cst.Call) else frozenset()
        if isinstance(expr, cst.Call) and "where" in kinds and len(expr.args) == 3:
            condition, kept, dropped = (a.value for a in expr.args)
            return self._data_test(condition) if number(dropped) == 0 and number(kept) not in (None, 0) else None
        if isinstance(expr, cst.Call) and expr.args and ("convert" in kinds or _legacy_constructor(self.facts, expr)):
            expr = expr.args[0].value
        if not isinstance(expr, (cst.ListComp, cst.GeneratorExp)) or not isinstance(expr.elt, cst.IfExp):
            return None
        choice = expr.elt
        return choice.test if number(choice.orelse) == 0 and number(choice.body) not in (None, 0) else None

    def _data_test(self, expr: cst.BaseExpression) -> cst.BaseExpression | None:
        """The comparison in ``a > 0``, ``torch.gt(a, b)``, ``~torch.isnan(a)`` (through casts),
        unless it compares an adjacency or degrees (a neighbour count: GNN102's)."""
        while isinstance(expr, cst.Call) and method_name(expr, self.facts) in SHAPE_METHODS | {"long", "int", "bool"}:
            expr = receiver(expr)
        test = expr
        while isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.BitInvert):
            expr = expr.expression
        compared: cst.BaseExpression | None
        if isinstance(expr, cst.Comparison) and not any(
                isinstance(c.operator, (cst.Is, cst.IsNot, cst.In, cst.NotIn)) for c in expr.comparisons):
            compared = expr.left
        elif isinstance(expr, cst.Call) and ((name_of(self.facts, expr) or "").rsplit(".", 1)[-1] in _TESTS
                                             or method_name(expr, self.facts) in _TESTS):
            compared = operand(self.facts, expr)
        else:
            return None
        if compared is None or self._graph_operand(compared):
            return None
        return test

    def _outer_operands(self, expr: cst.BaseExpression) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
        """The two vectors of an outer product: ``torch.outer(a, b)``, ``a.ger(b)``,
        ``torch.einsum("i,j->ij", a, b)`` (two single-index operands, both indices kept), or the
        two sides of an element-wise (broadcast) product ``na * nb``, or a column times a transposed
        column (``na @ nb.T`` of norms kept as columns: ``keepdim=True``, ``[:, None]``)."""
        product = self._product(expr)
        if product is not None:
            rows, columns = product
            if _transposed(columns) and self._column(rows) and self._column(_untransposed(columns)):
                return rows, _untransposed(columns)
            return None
        if isinstance(expr, cst.BinaryOperation):
            return (expr.left, expr.right) if isinstance(expr.operator, cst.Multiply) else None
        if not isinstance(expr, cst.Call):
            return None
        name = name_of(self.facts, expr)
        method = method_name(expr, self.facts)
        if name in _OUTER or method in ("ger", "outer"):
            left, right = operand(self.facts, expr), argument(expr, 0 if method else 1, "vec2")
        elif (name or "").endswith(".einsum") and len(expr.args) == 3 \
                and isinstance(expr.args[0].value, cst.SimpleString) and _is_outer_spec(expr.args[0].value):
            left, right = expr.args[1].value, expr.args[2].value
        else:
            return None
        return (left, right) if left is not None and right is not None else None

    def _column(self, expr: cst.BaseExpression) -> bool:
        """A vector kept as an (n, 1) column: a reduction with ``keepdim=True``/``keepdims=True``, or
        a vector given a second axis (``v[:, None]``, ``v.unsqueeze(1)``, ``v.reshape(-1, 1)``)."""
        for candidate in trace(self.facts, expr, depth=2):
            if isinstance(candidate, cst.Subscript) and len(candidate.slice) == 2 \
                    and isinstance(candidate.slice[1].slice, cst.Index) \
                    and dotted_name(candidate.slice[1].slice.value) == "None":
                return True
            if not isinstance(candidate, cst.Call):
                continue
            kept = argument(candidate, None, "keepdim") or argument(candidate, None, "keepdims")
            if isinstance(kept, cst.Name) and kept.value == "True":
                return True
            method = method_name(candidate, self.facts)
            if method == "unsqueeze" and number(argument(candidate, 0, "dim")) in (1, -1):
                return True
            if method in ("reshape", "view") and len(candidate.args) == 2 and number(candidate.args[1].value) == 1:
                return True
        return False

    def _pair_bases(self, expr: cst.Call) -> list[str]:
        """The names whose row norms an outer product of norms multiplies."""
        pair = self._outer_operands(expr)
        found = [self._row_norm_of(self._traced_reduction(side)) for side in pair] if pair is not None else []
        return [dotted_name(f) or "" for f in found if f is not None]

    def _traced_reduction(self, expr: cst.BaseExpression | None) -> tuple[str, cst.BaseExpression] | None:
        for candidate in trace(self.facts, expr, depth=2) if expr is not None else ():
            found = self._row_reduction(candidate)
            if found is not None:
                return found
        return None

    def _not_data(self, expr: cst.BaseExpression, depth: int = 4) -> bool:
        """A weight (a module's parameter, by how it was made: ``nn.Parameter(...)``, ``tf.Variable``,
        ``add_weight``, a sub-module's ``.weight``) or a constant (``torch.eye(k)``, ``ones``): not
        data, and never all zero in practice. ``depth`` bounds the rescalings followed: a value
        rescaled in place (``h /= k``) traces back to a rescaling of itself."""
        if depth <= 0:
            return False
        uses = ParameterUses.of(self.context)
        for candidate in trace(self.facts, expr, depth=2):
            if is_parameter(self.facts, self._tensor_under(candidate), uses):
                return True
            if isinstance(candidate, cst.Call) and (
                    self.facts.call_name(candidate) in PARAMETER | TF_VARIABLE
                    or ops.of_function(self.facts.call_name(candidate)) & _CONSTANTS):
                return True
            if isinstance(candidate, cst.BinaryOperation) and isinstance(candidate.operator, (cst.Divide, cst.Multiply)) \
                    and self._not_data(candidate.left, depth - 1):
                return True  # a weight rescaled (`w /= norm`) is still that weight
            parts = argument(candidate, 0, "tensors") \
                if isinstance(candidate, cst.Call) and does(self.facts, candidate, "concat") else None
            if isinstance(parts, (cst.List, cst.Tuple)) and parts.elements \
                    and all(self._not_data(part.value, depth - 1) for part in parts.elements):
                return True  # weights joined side by side (two embedding tables) are weights
        return False

    def _exit_guarded(self, node: cst.CSTNode, names: set[str]) -> bool:
        """An early exit tests the divided tensor or the denominator before the division
        (``if n == 0: return v``, ``if np.abs(v).sum() < 1e-6: continue``)."""
        scope, _ = self.graph.here()
        return any(names & names_in(test) for test in exit_tests_before(scope.node, node))

    def _guarded_by_callers(self, names: set[str], scope: Scope, at: int) -> bool:
        """A parameter that every call of the function in this module passes only after an early
        exit tested it (``if np.abs(v1).sum() < 1e-6: return 0`` then ``unit_vector(v1)``)."""
        for name in names:
            store, home = self.graph.lookup(name, scope, at)
            if store is None or home is not scope or store.kind != "param" or scope.kind != "function":
                continue
            passed = passed_arguments(scope, name)
            if passed and all(any(names_in(value) & names_in(test) for test in exit_tests_before(caller.node, value))
                              for value, caller, _ in passed):
                return True
        return False

    def _tensor_under(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """The tensor whose values ``expr`` reads, under casts, copies and ``.data``
        (``self.emb.weight.cpu().data.numpy()``)."""
        while True:
            inner = expr.value if isinstance(expr, cst.Attribute) and expr.attr.value in ("data", "T") \
                else shape_free(self.facts, expr) if isinstance(expr, cst.Call) else None
            if inner is None:
                return expr
            expr = inner

    def _is_random(self, expr: cst.BaseExpression, norm: bool) -> bool:
        """Uniform random draws in (0, 1) (test data, noise): their sums are never 0. Gaussian
        draws too when the reduction is a norm (a random direction): a vector of them is 0 with
        probability 0, unlike a sum, whose terms cancel."""
        for candidate in trace(self.facts, expr, depth=2):
            while isinstance(candidate, cst.Call) and method_name(candidate, self.facts) in ("astype", "to", "float"):
                candidate = candidate.func.value  # type: ignore[attr-defined]
            if isinstance(candidate, cst.Call) and name_of(self.facts, candidate) in _RANDOM:
                return True
            if norm and isinstance(candidate, cst.Call) and self._gaussian(candidate):
                return True
        return False

    def _gaussian(self, call: cst.Call) -> bool:
        """A draw of normal values whose spread is not a literal 0 (nor an initialiser, which
        fills a tensor passed to it)."""
        row = ops.draw(self.facts.call_name(call))
        if row is None or row.distribution != "normal" or row.initialiser:
            return False
        spread = argument(call, *row.spread) if row.spread is not None else None
        return spread is None or number(spread) != 0

    def _positive(self, expr: cst.BaseExpression) -> bool:
        """Strictly positive entries (``1 / (d + eps)`` of a distance, counts + 1, one-hot rows plus a
        positive smoothing constant): a row of them never sums to 0, and its norm is never 0."""
        return self.signs.here(expr) == "pos"

    def _shifted(self, expr: cst.BaseExpression) -> bool:
        """Entries raised by a positive constant before the reduction (``p = p + 1e-7`` then
        ``p / p.sum(-1)``): no row of them is all zero, which is the case this rule is about."""
        stored = (cst.Name, cst.Attribute, cst.Subscript)
        for candidate in trace(self.facts, expr, depth=2):
            if not isinstance(candidate, cst.BinaryOperation) or not isinstance(candidate.operator, cst.Add):
                continue
            for shift, shifted in ((candidate.left, candidate.right), (candidate.right, candidate.left)):
                # a tensor the code holds, raised as a step of its own; the sign of an arithmetic
                # expression (`1 + d ** 2 / t`) is the sign analysis's to judge
                if isinstance(shifted, stored) and (self.signs.constant(shift, *self.graph.here()) or 0) > 0:
                    return True
        return False

    def _is_exp(self, expr: cst.BaseExpression) -> bool:
        return any(does(self.facts, c, "exp") or changed_in_place(self.graph, c, "exp") is not None
                   for c in trace(self.facts, expr, depth=2))
