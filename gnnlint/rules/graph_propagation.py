"""GNN101–GNN106: how an adjacency reaches propagation (normalized, self-looped, sparse) and how the
degree is inverted (guarded against isolated nodes, without a dense matrix inverse).

One :class:`PropagationAnalysis` per file judges every site once, after the walk, from the facts
:mod:`gnnlint.analysis.graph` recorded; each rule reports the findings with its own code. Sites inside
a helper function are judged twice: with its parameters unknown (nothing is claimed about them),
and with the values each call site of the module passes in, reported at that call site.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.cst_walk import children, descendants
from gnnlint.analysis.scopes import argument, dotted_name, names_in, number
from gnnlint.analysis import ops, passed
from gnnlint.analysis.graph import GraphFacts, Scope, Site, Val, carried, reads_storage
from gnnlint.analysis.numerics import is_negative_huge
from gnnlint.rule import Rule

if TYPE_CHECKING:
    from gnnlint.engine import FileContext
    from gnnlint.analysis.scopes import Facts

_PROPAGATE = ("matmul", "dot", "mm", "spmm", "sparse_dense_matmul", "sparse_tensor_dense_matmul", "bmm")
_PROPAGATE_ROOTS = ("numpy", "torch", "tensorflow", "keras", "tf_keras", "torch_geometric", "torch_sparse", "scipy")
# Spektral layers whose `preprocess` normalizes the adjacency: they expect the preprocessed matrix.
_SPEKTRAL_PREPROCESSED = frozenset({"GCNConv", "ChebConv", "GCSConv", "ARMAConv", "APPNPConv", "TAGConv",
                                    "DiffusionConv", "CensNetConv"})
# Spektral layers whose documented input (their `preprocess`) is `normalized_adjacency(A)`, with no
# self-loops: they weigh a node's own features separately (a skip weight, the powers of A).
_SPEKTRAL_LOOP_FREE = frozenset({"GCSConv", "ARMAConv", "TAGConv", "DiffusionConv"})
_KERAS_MODEL_METHODS = frozenset({"fit", "predict", "evaluate", "train_on_batch", "test_on_batch",
                                  "predict_on_batch", "__call__"})
# networkx's classic graphs, a few dozen nodes each.
_SMALL_NAMED_GRAPHS = frozenset({"karate_club_graph", "davis_southern_women_graph", "florentine_families_graph",
                                 "les_miserables_graph", "petersen_graph", "tutte_graph", "bull_graph",
                                 "krackhardt_kite_graph", "house_graph", "dodecahedral_graph", "cubical_graph"})
# What needs a dense matrix: decompositions and matrix functions.
_DENSE_ALGEBRA = frozenset({"eig", "eigh", "eigvals", "eigvalsh", "svd", "inv", "pinv", "expm", "matrix_power",
                            "fractional_matrix_power", "solve", "lstsq", "det", "slogdet", "matrix_rank", "qr",
                            "cholesky", "lu", "schur"})
# A function is judged with its importers' values only where a few modules import it: each is parsed.
_MAX_IMPORTERS = 8
# Calls that hand back what they are called on, moved or converted.
_MOVES = frozenset({"to", "cuda", "cpu", "float", "double", "numpy", "tocsr", "tocoo", "tolil", "astype"})
# The kinds of value passed at a call that make the pass over call sites judge the callee with them.
_JUDGED_AT_CALLS = ("adjacency", "square", "degree", "dataset", "input")

_GUARD_CALLS = frozenset({"where", "nan_to_num", "nan_to_num_", "masked_fill", "masked_fill_", "divide_no_nan",
                          "clamp", "clip", "maximum", "clamp_min", "clip_by_value", "isinf", "isfinite", "is_inf",
                          "isnan", "errstate_guard"})


@dataclasses.dataclass(frozen=True)
class Finding:
    code: str
    node: cst.CSTNode
    message: str


class PropagationAnalysis:
    """Every GNN101–GNN106 finding of one file, computed once on first request."""

    def __init__(self, graph: GraphFacts) -> None:
        self.graph = graph
        self.facts = graph.facts
        self.findings: list[Finding] = []
        self._seen: set[tuple[str, int]] = set()
        # While a function is judged with what a call in an importing module passes: that call's place.
        self._importer_call = ""

    @classmethod
    def of(cls, graph: GraphFacts) -> PropagationAnalysis:
        def build() -> PropagationAnalysis:
            analysis = cls(graph)
            analysis.run()
            return analysis

        return graph.context.shared("graph-analysis", build)

    def add(self, code: str, node: cst.CSTNode, message: str) -> None:
        key = (code, id(node))
        if not self.line(node):
            return  # a node of another module (a helper judged with this file's values): not this file's line
        if key not in self._seen:
            self._seen.add(key)
            self.findings.append(Finding(code, node, message))

    def line(self, node: cst.CSTNode) -> int:
        return self.graph.line(node)

    def src(self, node: cst.CSTNode) -> str:
        return self.graph.source(node)

    def place(self, node: cst.CSTNode, site: Site) -> str:
        """``line 20``, or ``utils/adjacency.py line 20`` for a site in another module of the project."""
        home = site.scope.graph
        if home is None or home is self.graph:
            return f"line {self.line(node)}"
        where = os.path.relpath(home.path, os.path.dirname(self.graph.path))
        return f"{where} line {home.line(node)}"

    def _report_at(self, node: cst.CSTNode, site: Site, call: cst.Call | None,
                   raw: cst.BaseExpression) -> cst.CSTNode:
        """Where a normalisation that depends on a caller's value is reported: where the fix goes. At
        the operation when it is written in this file and every call of its function passes a
        loop-free adjacency or one not known (add the identity there, as GNN102 reports its power); at
        the call when another call passes a self-looped one (the helper is right, this call is not), and at the
        call of this file that hands the value on when the operation is in another module."""
        if call is None:
            return node
        if site.scope.graph is not None and site.scope.graph is not self.graph:
            return call
        for other, caller, at in self.callers(site.scope):
            env = self.graph.bind(site.scope, other, caller, at, None)
            passed = self.value(raw, site, env)
            if passed.self_loops or passed.normalized or (passed.kind == "input" and passed.loops_removed is None):
                # a caller the helper serves right, or one handing on its own parameter: the fix
                # goes at the call; callers whose values are not known leave the helper the place
                return call
        return node

    # -- driving --------------------------------------------------------------------------------

    def run(self) -> None:
        for scope in self.graph.scopes:
            for site in scope.sites:
                self._site(site, None, None)
        for scope in self.graph.scopes:
            if scope.kind != "function":
                continue
            for call, caller, at in self.callers(scope):
                if self.graph.dispatched(call, caller, at, scope):
                    continue  # judged below, in its own body
                env = self.graph.bind(scope, call, caller, at, None)
                if any(v.kind in _JUDGED_AT_CALLS for v in carried(env.values())):
                    self._scope_with(scope, env, call, depth=0)
                if self._hands_on_parameters(call, caller):
                    self._through_importers_of(scope, call, caller, at)
            self._dispatched(scope)
            self._passed_by_importers(scope)
        self._handed_on_to_other_modules()
        self._keras_layers()
        self._sum_aggregation_layers()
        self._dense_conversions()

    def callers(self, function: Scope) -> list[tuple[cst.Call, Scope, int]]:
        return self.graph.callers(function)

    def _dispatched(self, function: Scope) -> None:
        """A function called as one entry of a table of functions (``{"sym": sym_norm, ...}[kind](adj)``,
        here or in a module importing this one) is judged with what each such call passes, and what
        the callers of the calling function pass to it: the call's line does not say which entry
        runs, so a finding is reported in the function's own body."""
        calls = [c for c in self.callers(function) if self.graph.dispatched(*c, function)]
        if self.graph.dispatchers(function):
            calls += self.graph.callers_elsewhere(function)
        for call, caller, at in calls:
            for env in self._passed(function, call, caller, at):
                if any(v.kind in ("adjacency", "square", "degree") for v in carried(env.values())):
                    self._scope_with(function, env, None, depth=0)

    def _passed_by_importers(self, function: Scope) -> None:
        """A function of this module judged with what each call in the project modules that import
        it passes (``gen_normalized_adjs(adj, d)`` in ``train.py`` with a loop-free ``adj``): the call
        is in another file, so a finding is reported in the function's own body."""
        if not any(self._judged_here(site, function) for site in function.sites):
            return  # nothing in its body a passed value could change: its importers are not read
        project = self.graph.project
        if project is None or len(project.importers(self.graph.path, function.name.split(".")[0])) > _MAX_IMPORTERS:
            return  # a utility half the package imports: a library's, whose callers are its users' code
        for call, caller, at in self.graph.callers_elsewhere(function):
            if caller.graph is None or caller.graph.dispatched(call, caller, at, function):
                continue  # a table's entry: judged by :meth:`_dispatched`
            if self._hands_on_parameters(call, caller):
                # The importer judges it with its own callers' values, reported at its call; what
                # the importer's own importers pass is judged here.
                self._through_importers_of(function, call, caller, at)
                continue
            env = self.graph.bind(function, call, caller, at, None)
            if any(v.kind in ("adjacency", "square", "degree", "dataset") for v in carried(env.values())):
                where = os.path.relpath(caller.graph.path, os.path.dirname(self.graph.path))
                self._importer_call = f"{where} line {caller.graph.line(call)}"
                try:
                    self._scope_with(function, env, None, depth=0)
                finally:
                    self._importer_call = ""

    def _through_importers_of(self, function: Scope, call: cst.Call, caller: Scope, at: int) -> None:
        """``function`` called by ``caller`` with what ``caller`` was given, where ``caller`` is called
        from another module with a graph built there (a layer's ``forward`` called by a model's
        ``forward``, the model called by the training script). No module holds the whole chain, so
        ``function`` is judged here with what those calls pass (up to three levels up, see
        :meth:`_built_by_callers`), and a finding is reported in its own body: where the matrix is
        multiplied."""
        if caller.kind != "function" or caller.graph is None:
            return
        # (a caller in this file is judged with its own callers' values here, reported at its call)
        calls = (caller.graph.callers(caller) if caller.graph is not self.graph else []) \
            + caller.graph.callers_elsewhere(caller)
        for up, outer, outer_module in self._built_by_callers(caller, calls, 0):
            env = self.graph.bind(function, call, caller, at, up)
            if any(v.from_env and v.kind in ("adjacency", "square", "degree") for v in carried(env.values())):
                where = os.path.relpath(outer_module.path, os.path.dirname(self.graph.path))
                self._importer_call = f"{where} line {outer_module.line(outer)}"
                try:
                    for site in function.sites:
                        self._products_with(site, env)
                finally:
                    self._importer_call = ""

    def _built_by_callers(self, function: Scope, calls: list[tuple[cst.Call, Scope, int]],
                          depth: int) -> Iterator[tuple[dict[str, Val], cst.Call, GraphFacts]]:
        """What each of ``calls`` passes to ``function`` where it passes a graph built on the way,
        with the call that passes it and the module of that call. A call that only hands on its own
        function's parameters is followed to that function's calls, in its module and the modules
        importing it, up to three levels: ``model(x, adj)`` inside ``train(model, x, adj)``, which
        ``main()`` calls with the graph it loaded."""
        for call, caller, at in calls:
            if caller.graph is None or caller is function:
                continue
            graph = function.graph or caller.graph
            up = graph.bind(function, call, caller, at, None)
            if any(v.kind in ("adjacency", "square", "degree") and v.origin is not None for v in carried(up.values())):
                yield up, call, caller.graph
            elif depth < 2 and self._hands_on_parameters(call, caller):
                outer_calls = caller.graph.callers(caller) + caller.graph.callers_elsewhere(caller)
                for outer_env, outer, outer_module in self._built_by_callers(caller, outer_calls, depth + 1):
                    env = graph.bind(function, call, caller, at, outer_env)
                    if any(v.from_env and v.kind in ("adjacency", "square", "degree") for v in carried(env.values())):
                        yield env, outer, outer_module

    def _products_with(self, site: Site, env: dict[str, Val]) -> None:
        """Only the products of ``site`` judged with ``env``: a value two calls away is followed to
        where it is multiplied, not into how a helper on the way normalizes it (which its own
        callers' values judge)."""
        home = site.scope.graph
        own, self.facts = self.facts, home.facts if home is not None else self.facts
        try:
            self._propagation(site, env, None)
        finally:
            self.facts = own

    def _handed_on_to_other_modules(self) -> None:
        """A call in a function of this file that gives a function of another module (a model's
        ``forward``) a graph built here: ``adj = preprocess(load(args.dataset)); model(x, adj)``
        inside ``train(args)``. That module leaves such a call to this file, since it passes on
        what ``train`` was given (a configuration), and ``train``'s own callers pass no graph: the
        callee is judged here with what the call passes, reported at the call."""
        for scope in self.graph.scopes:
            if scope.kind != "function":
                continue
            for site in scope.sites:
                if not isinstance(site.node, cst.Call):
                    continue
                inner = self.graph.function_for(site.node, scope, site.order)
                if inner is None or inner.graph is None or inner.graph is self.graph \
                        or not self._hands_on_parameters(site.node, scope):
                    continue
                env = self.graph.bind(inner, site.node, scope, site.order, None)
                if any(v.kind in ("adjacency", "square", "degree") and v.origin is not None for v in carried(env.values())):
                    self._scope_with(inner, env, site.node, depth=0)

    def _judged_here(self, site: Site, function: Scope) -> bool:
        """Whether ``site`` is a propagation, a degree inverse or a normalization, or a call of a
        project function, with an operand computed from ``function``'s parameters."""
        node = site.node
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
            return False
        inverted = self._inverted(node)
        operands = [inverted[0]] if inverted is not None else self._product_operands(node) or []
        if not operands and isinstance(node, cst.Call) and self.graph.function_for(node, site.scope, site.order):
            operands = [a.value for a in node.args]
        params: list[tuple[Scope, str]] = []
        for operand in operands:
            self._parameters_read(operand, function, 0, set(), params)
        return any(scope is function for scope, _ in params)

    def _hands_on_parameters(self, call: cst.Call, caller: Scope) -> bool:
        """``call`` passes on what its own function was given: linting the importer judges that
        function with what its callers pass, and reports at this call (where the value is chosen)."""
        if caller.kind != "function":
            return False
        params: list[tuple[Scope, str]] = []
        for arg in call.args:
            self._parameters_read(arg.value, caller, 0, set(), params)
        return bool(params)

    def _from_elsewhere(self) -> str:
        """How a value that was built in another module came here."""
        return f"passed in at {self._importer_call}" if self._importer_call else "passed in from another module"

    def _passed(self, function: Scope, call: cst.Call, caller: Scope,
                at: int) -> list[dict[str, Val]]:
        """What ``call`` passes to ``function``, and, where it passes on its own caller's parameter,
        what each call of that caller passes (one level up)."""
        envs = [self.graph.bind(function, call, caller, at, None)]
        if caller.kind == "function" and caller.graph is not None:
            for outer, outer_caller, outer_at in caller.graph.callers(caller):
                up = self.graph.bind(caller, outer, outer_caller, outer_at, None)
                if any(v.kind in ("adjacency", "square", "degree") for v in carried(up.values())):
                    envs.append(self.graph.bind(function, call, caller, at, up))
        return envs

    def _scope_with(self, scope: Scope, env: dict[str, Val], call: cst.Call | None, depth: int) -> None:
        """Judge ``scope``'s sites with ``env`` substituted; findings that depend on the values
        passed in are reported at ``call``, the caller's line."""
        for site in scope.sites:
            self._site(site, env, call)
            if depth < 2 and isinstance(site.node, cst.Call) and not self._laplacian_use(site):
                # (a helper's result taken from the identity, `I - normalize(adj)`, is a Laplacian:
                # ChebNet's, which wants no self-loops)
                for inner, dispatched in self._run_by(site, scope):
                    inner_env = self.graph.bind(inner, site.node, scope, site.order, env)
                    if any(v.from_env and v.kind in ("adjacency", "square", "degree", "input") for v in carried(inner_env.values())):
                        # Reported at the innermost call written in this file: the line that hands the value
                        # on; for one of several methods the call may run, in that method's body (as
                        # _dispatched does).
                        here = None if dispatched else site.node if scope.graph is self.graph else call
                        self._scope_with(inner, inner_env, here, depth + 1)

    def _run_by(self, site: Site, scope: Scope) -> list[tuple[Scope, bool]]:
        """The project functions the call at ``site`` runs: the one it names, or each method the class
        stored in the attribute it calls (``self.step = self.first`` in one arm, ``self.second`` in
        the other), flagged as dispatched."""
        call = site.node
        assert isinstance(call, cst.Call)
        inner = self.graph.function_for(call, scope, site.order)
        if inner is not None:
            return [(inner, False)] if inner is not scope else []
        home = scope.graph if scope.graph is not None else self.graph
        return [(f, True) for f in home.bound_methods_stored(call.func, scope) if f is not scope]

    def _site(self, site: Site, env: dict[str, Val] | None, call: cst.Call | None) -> None:
        if isinstance(site.node, cst.BinaryOperation) and isinstance(site.node.operator, cst.Add):
            if env is None:
                self._loops_after_normalizing(site)
            return
        # A site of another project module (a layer's `torch.spmm(adj, h)` judged with what this
        # file passes) names its calls through that module's imports, not this file's.
        home = site.scope.graph
        own, self.facts = self.facts, home.facts if home is not None else self.facts
        try:
            self._propagation(site, env, call)
            self._inverse(site, env, call)
            self._normalization(site, env, call)
        finally:
            self.facts = own

    def value(self, expr: cst.BaseExpression, site: Site, env: dict[str, Val] | None) -> Val:
        return self.graph.value(expr, site.scope, site.order, env)

    # -- GNN101 / GNN106: what reaches propagation ----------------------------------------------

    def _operands(self, node: cst.CSTNode) -> tuple[cst.BaseExpression, cst.BaseExpression] | None:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
            return node.left, node.right
        if not isinstance(node, cst.Call):
            return None
        name = self.facts.call_name(node)
        if name is not None:
            if name.split(".")[0] in _PROPAGATE_ROOTS and name.rsplit(".", 1)[-1] in _PROPAGATE:
                left, right = argument(node, 0, None), argument(node, 1, None)
                if left is not None and right is not None:
                    return left, right
            return None
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("dot", "mm", "matmul") \
                and len(node.args) == 1 and node.args[0].keyword is None:
            return node.func.value, node.args[0].value
        return None

    def _propagation(self, site: Site, env: dict[str, Val] | None, call: cst.Call | None) -> None:
        operands = self._operands(site.node)
        if operands is None:
            return
        left_expr, right_expr = operands
        left = self.value(left_expr, site, env)
        right = self.value(right_expr, site, env)
        if left.kind == "square" and right.kind in ("other", "input"):
            # A square matrix multiplied into features from the left propagates them: an adjacency
            # by its use, whatever it is called.
            left = dataclasses.replace(left, kind="adjacency")
        if left.kind != "adjacency" or (env is not None and not left.from_env):
            return
        if right.kind in ("adjacency", "square", "degree", "eye", "diagonal", "laplacian", "assignment", "ones"):
            return  # A @ A counts paths; D^-1 A normalizes; A @ S pools: none propagates features
        if self._coarsening(site) or self._divided_by_degree(right_expr, site, env) or self._averaged_after(site, env):
            return
        # Reported at the call: the helper propagates whatever it is given; the caller chose the value.
        where = call if call is not None else site.node
        helper = f" in `{site.scope.name}()` ({self.place(site.node, site)})" if call is not None else ""
        if left.times_degree is not None and left.origin is not None:
            self.add("GNN101", where, (
                f"adjacency `{self.src(left_expr)}` was multiplied by the degree matrix, not its inverse, "
                f"at line {self.line(left.times_degree)} (`{self.src(left.times_degree)}`), and reaches "
                f"`{self.src(site.node)}`{helper}: hub nodes are amplified instead of averaged"))
        elif left.is_raw_adjacency:
            inside = f" in `{site.scope.name}()`" if call is not None else ""
            self.add("GNN101", where, (
                f"raw adjacency `{self.src(left_expr)}` ({self._built(left)}) is multiplied with "
                f"`{self.src(right_expr)}` at {self.place(site.node, site)}{inside} without normalization: "
                "each propagation scales features by the node degree, so activations and gradients explode"))
        self._dense(left, where)

    def _averaged_after(self, site: Site, env: dict[str, Val] | None) -> bool:
        """``(A @ x) / deg``, ``A.mm(x).div(deg)``, ``h = A @ x`` then ``h /= deg`` or ``h.div_(deg)``: the
        propagated features divided by the degree is the row normalization D^-1 A x (a mean over
        neighbours), written after the product."""
        def by_degree(divisor: cst.BaseExpression | None, at: int = site.order) -> bool:
            return divisor is not None and self.graph.value(divisor, site.scope, at, env).kind == "degree"

        parent = _parent(site.statement, site.node)
        if isinstance(parent, cst.BinaryOperation) and isinstance(parent.operator, cst.Divide) and parent.left is site.node:
            return by_degree(parent.right)
        if isinstance(parent, cst.Attribute) and parent.value is site.node \
                and parent.attr.value in ops.DIVIDE_METHODS:
            call = _parent(site.statement, parent)
            return isinstance(call, cst.Call) and call.func is parent and len(call.args) == 1 and by_degree(call.args[0].value)
        target = _assigned_name(site.statement)
        if target is None or site.statement.body[0].value is not site.node:  # type: ignore[attr-defined]
            return False
        later = [(s.order, s.node) for s in self.graph.later_stores(target, site.scope, site.order)]
        later += [(order, call) for method, call, order in site.scope.mutations.get(target, []) if order > site.order]
        if not later:
            return False
        order, first = min(later, key=lambda change: change[0])
        if isinstance(first, cst.AugAssign) and isinstance(first.operator, cst.DivideAssign):
            return by_degree(first.value, order)
        if isinstance(first, cst.Call) and isinstance(first.func, cst.Attribute) \
                and first.func.attr.value in ops.DIVIDE_METHODS and first.func.attr.value.endswith("_") \
                and len(first.args) == 1:
            return by_degree(first.args[0].value, order)
        return False

    def _divided_by_degree(self, expr: cst.BaseExpression, site: Site, env: dict[str, Val] | None) -> bool:
        """``A @ (x / deg)``: the features are scaled by the inverse degree before propagating, which
        is the normalization A D^-1 (PageRank's step), written on the vector."""
        if not isinstance(expr, cst.BinaryOperation):
            return False
        if isinstance(expr.operator, cst.Divide):
            return self.value(expr.right, site, env).kind == "degree"
        if isinstance(expr.operator, cst.Multiply):
            return any(v.is_inverse for v in (self.value(expr.left, site, env), self.value(expr.right, site, env)))
        return False

    def _coarsening(self, site: Site) -> bool:
        """``S.T @ (A @ S)`` or ``(A @ S).t() @ x``: pooling builds a coarsened graph, not features."""
        path = _path(site.statement, site.node)
        parent = path[-1] if path else None
        if isinstance(parent, cst.Attribute) and parent.attr.value in ("T", "t", "transpose", "mT"):
            return True
        for ancestor in path:
            if isinstance(ancestor, cst.BinaryOperation) and isinstance(ancestor.operator, cst.MatrixMultiply) \
                    and ancestor.right is not site.node and _transposed(ancestor.left):
                return True
            if isinstance(ancestor, cst.BinaryOperation) and ancestor.right is site.node and _transposed(ancestor.left):
                return True
        return False

    def _built(self, val: Val) -> str:
        origin = val.origin
        if isinstance(origin, cst.Call) and ".datasets" in (self.facts.call_name(origin) or ""):
            return f"loaded line {self.line(origin)} by `{self.src(origin)}` without a preprocessing transform"
        if origin is not None and not self.line(origin):
            return f"built in another module: `{self.src(origin)}`, {self._from_elsewhere()}"
        text = f"built line {self.line(origin)}: `{self.src(origin)}`" if origin is not None else "built elsewhere"
        if val.dense is not None and origin is not None and val.kind == "adjacency" and self._is_random(origin):
            text += ", a random dense matrix used as a graph"
        return text

    def _is_random(self, node: cst.CSTNode) -> bool:
        return isinstance(node, cst.Call) and "rand" in (self.facts.call_name(node) or "")

    def _dense(self, val: Val, where: cst.CSTNode) -> None:
        if val.dense is None or val.origin is None or self.graph.context.is_test:
            return
        if not isinstance(val.dense, cst.Call) or self._small(val.dense) or self._is_random(val.dense):
            return
        self.add("GNN106", _conversion_name(val.dense), (
            f"`{self.src(val.dense)}` materialises a dense n x n adjacency that reaches propagation at line "
            f"{self.line(where)}: O(n^2) memory and time where sparse propagation is O(edges)"))

    def _dense_conversions(self) -> None:
        """A whole graph's adjacency made dense where it is made: ``adj.todense()``, ``adj.A``,
        ``to_dense_adj(edge_index)``, ``nx.to_numpy_array(g)``. What the dense matrix is used for
        does not change its O(n^2) memory; one graph among many (a conversion in a loop, in a
        per-item helper, of a batch of small graphs) and input to dense linear algebra (``eigh``)
        are what dense conversions are for."""
        if self.graph.context.is_test:
            return
        for scope in self.graph.scopes:
            for site in scope.sites:
                allocated = not self._densifies(site.node) and self._allocates_square(site)
                if not allocated and not self._densifies(site.node):
                    continue
                val = self._as_filled(site) if allocated else self.value(site.node, site, None)  # type: ignore[arg-type]
                masking = None if allocated or val.kind == "adjacency" else self._attention_mask(site)
                if masking is not None:  # a graph by that use, whatever it was given as
                    val = Val("adjacency", origin=site.node, dense=site.node)
                if val.kind != "adjacency" or val.dense is not site.node:
                    continue
                if val.origin is None and (val.normalized != "symmetric" or not self._loaded_graph_by_use(site)):
                    continue  # (a matrix scaled by its own row sums may be features: D^-1/2 A D^-1/2 is a graph's)
                origin = val.origin or site.node
                if (isinstance(site.node, cst.Call) and self._small(site.node)) \
                        or self._small_graph_object(site, origin) or _rectangular(origin) \
                        or self._is_random(origin) or self._one_of_many(site) or self._dense_algebra(site) \
                        or self._never_read(site):
                    continue
                if self._of_a_parameter(site) and not ((allocated or masking is not None)
                                                       and self._runs_on_inputs(site.scope)):
                    continue
                if allocated and (self._only_when_small(site) or self._every_pair_computed(site)):
                    continue
                node = site.node
                where = _conversion_name(node)
                built = f"used line {self.line(masking)} to mask attention scores: the graph's edges" \
                    if masking is not None else self._built(val) if val.origin is not None else \
                    f"loaded whole, and {val.normalized or 'scaled'} by its own degree: a graph by that use"
                what = f"`{self.src(node)}` allocates a dense n x n matrix that is filled in as the graph's adjacency" \
                    if allocated else \
                    f"`{self.src(node)}` materialises the whole graph's adjacency ({built}) as a dense n x n matrix"
                self.add("GNN106", where, f"{what}: O(n^2) memory and time where sparse propagation is O(edges)")

    def _attention_mask(self, site: Site) -> cst.Call | None:
        """``m = adj.to_dense()`` then ``torch.where(m > 0, scores, -9e15 * torch.ones_like(scores))``:
        the dense matrix keeps the scores of the pairs it joins and pushes the others to a huge
        negative value before a softmax, which is attention over a graph's edges; the matrix is
        that graph's adjacency by this use, whatever it was given as."""
        target = _assigned_name(site.statement)
        for later in site.scope.sites:
            call = later.node
            if later.order < site.order or not isinstance(call, cst.Call) \
                    or "where" not in ops.of_function(self.facts.call_name(call)) or len(call.args) != 3:
                continue
            test = call.args[0].value
            if not isinstance(test, cst.Comparison) or not (
                    test.left is site.node or target is not None and dotted_name(test.left) == target):
                continue
            if any(self._huge_negative(arg.value, later) for arg in call.args[1:]):
                return call
        return None

    def _huge_negative(self, expr: cst.BaseExpression, site: Site) -> bool:
        """``-9e15 * torch.ones_like(e)``, ``float("-inf")``, or a name holding one."""
        for _ in range(3):
            if is_negative_huge(self.facts, expr) is not None:
                return True
            if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Multiply):
                return any(is_negative_huge(self.facts, side) is not None for side in (expr.left, expr.right))
            name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
            store = (site.scope.graph or self.graph).lookup(name, site.scope, site.order)[0] if name else None
            if store is None or store.kind != "assign" or store.value is None:
                return False
            expr = store.value
        return False

    def _loaded_graph_by_use(self, site: Site) -> bool:
        """A matrix made dense that is an adjacency only by its use (scaled by its own degree: a
        normalisation) counts as a whole graph when what is converted was loaded whole (read from a
        file, or given to its function by callers that all pass a loaded graph)."""
        converted = self._converted(site.node)
        if converted is None:
            return False
        params: list[tuple[Scope, str]] = []
        self._parameters_read(converted, site.scope, 0, set(), params)
        if params:
            return all(self._given_loaded_graphs(scope, name, 0) for scope, name in params)
        return self._loaded_at(converted, site.scope, site.order, 0)

    def _every_pair_computed(self, site: Site) -> bool:
        """``for i in range(n): for j in range(n): m[i, j] = ...`` or ``m[:] = np.inf``: every entry is
        computed (distances, class compatibilities), a matrix dense by nature, not a sparse graph's edges."""
        target = _assigned_name(site.statement)
        graph = site.scope.graph or self.graph
        writes = [s for s in graph.later_stores(target, site.scope, site.order) if s.kind == "subscript"] \
            if target is not None else []
        if any(_whole(w.node) for w in writes):
            return True  # `m[:] = np.inf` first: every entry holds a value (a distance matrix)
        return bool(writes) and all(self._over_ranges(w.node, site.scope, w.order) for w in writes)

    def _over_ranges(self, write: cst.CSTNode, scope: Scope, at: int) -> bool:
        if not isinstance(write, cst.Subscript) or len(write.slice) != 2:
            return False
        graph = scope.graph or self.graph
        for element in write.slice:
            index = element.slice.value if isinstance(element.slice, cst.Index) else None
            name = dotted_name(index) if index is not None else None
            store, _home = graph.lookup(name, scope, at) if name is not None else (None, None)
            if store is None or store.kind != "for" or not isinstance(store.value, cst.Call):
                return False
            called = (self.facts.call_name(store.value) or dotted_name(store.value.func) or "").rsplit(".", 1)[-1]
            if called not in ("range", "arange", "product"):
                return False
        return True

    def _only_when_small(self, site: Site) -> bool:
        """The allocation runs under ``if n <= 2000:`` with ``n`` in its shape: the dense path is taken
        only for graphs the code checked are small."""
        shape = set(names_in(site.node))
        for ancestor in _path(site.scope.node, site.statement):
            test = ancestor.test if isinstance(ancestor, cst.If) else None
            if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 \
                    and isinstance(test.comparisons[0].operator, (cst.LessThan, cst.LessThanEqual)) \
                    and number(test.comparisons[0].comparator) is not None \
                    and dotted_name(test.left) in shape:
                return True
        return False

    @staticmethod
    def _runs_on_inputs(scope: Scope) -> bool:
        """A model's or layer's ``forward``/``call``: what it is given is a whole input graph or batch of
        them (one small graph at a time comes from a loop, which :meth:`_one_of_many` sees)."""
        return scope.kind == "function" and scope.parent is not None and scope.parent.kind == "class" \
            and scope.name.rsplit(".", 1)[-1] in ("forward", "call")

    def _allocates_square(self, site: Site) -> bool:
        """``np.zeros((n, n))``: an empty dense n x n matrix, whose role its writes decide (a library
        allocation, by the tables: a project function that happens to be called ``zeros`` is not one)."""
        node = site.node
        if not isinstance(node, cst.Call) or "allocation" not in ops.of_function(self.facts.call_name(node)):
            return False
        val = self.value(node, site, None)
        return val.kind == "square" and val.dense is node

    def _as_filled(self, site: Site) -> Val:
        """What the name an allocation is stored in holds once its function has written into it:
        ``a = zeros((n, n)); a[src, dst] = 1`` (or a block ``a[i:j, k:l] = adj``) is an adjacency."""
        target = _assigned_name(site.statement)
        if target is None:
            return Val()
        return (site.scope.graph or self.graph).filled(target, site.scope, site.order)

    def _densifies(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Attribute):
            return node.attr.value == "A"
        if not isinstance(node, cst.Call):
            return False
        name = self.facts.call_name(node)
        if name is None:
            return isinstance(node.func, cst.Attribute) and node.func.attr.value in ("todense", "toarray", "to_dense")
        short = name.rsplit(".", 1)[-1]
        if short == "to_dense_adj":
            return argument(node, 1, "batch") is None  # a batch of small graphs, padded: what dense layers take
        return short in ("to_numpy_array", "to_numpy_matrix") and name.startswith("networkx.")

    def _one_of_many(self, site: Site) -> bool:
        """The conversion runs once per graph of a collection: in a loop or comprehension, in a helper
        called from one, or in a dataset's ``__getitem__``."""
        if self._in_loop(site.statement, site.node, site.scope):
            return True
        scope = site.scope
        if scope.kind != "function":
            return False
        if scope.name.rsplit(".", 1)[-1] in ("__getitem__", "get", "process", "__iter__"):
            return True
        # A layer taken from a container by index (`self.convs[t](x, adj[t])`) in a loop runs each
        # layer of a stack once, each over its part of one graph, not one graph of a collection.
        return any(self._in_loop(self._statement_of(caller, call), call, caller)
                   for call, caller, _ in self.callers(scope) if not isinstance(call.func, cst.Subscript))

    def _statement_of(self, scope: Scope, node: cst.CSTNode) -> cst.CSTNode:
        return next((s.statement for s in scope.sites if s.node is node), node)

    @staticmethod
    def _in_loop(statement: cst.CSTNode, node: cst.CSTNode, scope: Scope) -> bool:
        if any(isinstance(a, (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp))
               for a in _path(statement, node)):
            return True
        return any(isinstance(loop, (cst.For, cst.While)) and _contains(loop, statement)
                   for loop in descendants(scope.node) if loop is not scope.node)

    def _of_a_parameter(self, site: Site) -> bool:
        """The graph made dense is what its function was given (``to_dense_adj(edge_index)``,
        ``data.adj.todense()`` in a transform or a library function), followed through the locals
        computed from it: how big that graph is depends on the caller, so nothing says it is a
        whole large graph; unless every call of the function, here or in a module importing it,
        hands it a whole loaded graph (``data_preprocessing(Planetoid(root, name)[0])``)."""
        converted = self._converted(site.node)
        if converted is None or site.scope.kind != "function":
            return False
        if self._built_by_a_loader(site) or self._loaded_at(converted, site.scope, site.order, 0):
            # Followed to a whole graph read or built by a loader (``load_data(args.dataset)``): the
            # parameters read on the way (a dataset name, a model name) do not size it.
            return False
        params: list[tuple[Scope, str]] = []
        self._parameters_read(converted, site.scope, 0, set(), params)
        return bool(params) and not all(self._given_loaded_graphs(scope, name, 0) for scope, name in params)

    def _built_by_a_loader(self, site: Site) -> bool:
        """The adjacency made dense was built (``nx.adjacency_matrix(g)``, ``sp.coo_matrix(...)``) in
        another function of this module, from nothing that function was given: a loader returned
        it whole, whatever name of a dataset the caller passed."""
        origin = self.value(site.node, site, None).origin  # type: ignore[arg-type]
        if origin is None or origin is site.node:
            return False
        home = next((scope for scope in self.graph.scopes if scope.kind == "function"
                     and any(s.node is origin for s in scope.sites)), None)
        if home is None or home is site.scope:
            return False
        params: list[tuple[Scope, str]] = []
        self._parameters_read(origin, home, 0, set(), params)  # type: ignore[arg-type]
        return not params

    def _converted(self, node: cst.CSTNode) -> cst.BaseExpression | None:
        """What a dense conversion converts: ``m`` of ``m.A``/``m.todense()``, the argument of a call."""
        if isinstance(node, cst.Attribute):
            return node.value
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and self.facts.call_name(node) is None:
            return node.func.value
        return argument(node, 0, None) if isinstance(node, cst.Call) else None

    def _parameters_read(self, expr: cst.BaseExpression, home: Scope, depth: int, seen: set[str],
                         found: list[tuple[Scope, str]]) -> None:
        """The parameters (with their functions) ``expr`` is computed from, through locals and what
        the constructor kept on ``self``."""
        graph = home.graph or self.graph
        if depth > 6:
            return
        for dotted in names_in(expr):
            name = dotted.split(".")[0]
            if name == "self" and dotted not in seen:
                # `self.edge_index` kept by the constructor from what it was given.
                seen.add(dotted)
                store, _where = graph.lookup(dotted, home, 10 ** 9)
                if store is not None and store.value is not None and store.where is not None \
                        and not self._loads(store.value, graph):
                    self._parameters_read(store.value, store.where, depth + 1, seen, found)
                continue
            if name in seen:
                continue
            seen.add(name)
            stores = home.stores.get(name, [])
            if any(store.kind == "param" for store in stores):
                found.append((home, name))
                continue
            for store in stores:
                if store.value is not None and store.kind != "param" and not self._loads(store.value, graph):
                    self._parameters_read(store.value, home, depth + 1, seen, found)

    def _given_loaded_graphs(self, function: Scope, name: str, depth: int) -> bool:
        """Every call of ``function`` (here and in the modules importing this one), none in a loop,
        passes for ``name`` a graph loaded whole from a dataset or a file."""
        graph = function.graph
        if graph is None or depth > 3 or function.kind != "function":
            return False
        calls = graph.callers(function) + graph.callers_elsewhere(function)
        if function.name.endswith(".__init__"):
            calls += graph.callers(function, True) + graph.callers_elsewhere(function, True)
        if not calls:
            return False
        for call, caller, at in calls:
            params = function.call_params(None if function.name.endswith(".__init__") else call)
            passed = argument(call, params.index(name), name) if name in params else None
            if passed is None or self._in_loop(self._statement_of(caller, call), call, caller) \
                    or not self._loaded_at(passed, caller, at, depth):
                return False
        return True

    def _loaded_at(self, expr: cst.BaseExpression, scope: Scope, at: int, depth: int) -> bool:
        """``expr`` holds (a part of) a dataset or file read whole: ``Planetoid(root, name)[0]``,
        ``data.adj`` of ``data = Dataset(...)``, what a project loader returns, what every caller
        of a function passes for its parameter."""
        graph = scope.graph
        if graph is None or depth > 6:
            return False
        while True:
            name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
            if name is not None and graph.lookup(name, scope, at)[0] is not None:
                break
            if isinstance(expr, (cst.Subscript, cst.Attribute)):
                expr = expr.value  # an item or a field of what was loaded
            elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
                    and graph.facts.call_name(expr) is None and expr.func.attr.value in _MOVES:
                expr = expr.func.value
            else:
                break
        if isinstance(expr, cst.BinaryOperation):  # `a + I` of a loaded `a`: a graph of its size
            return self._loaded_at(expr.left, scope, at, depth + 1) or self._loaded_at(expr.right, scope, at, depth + 1)
        if isinstance(expr, cst.Call):
            called = graph.facts.call_name(expr) or ""
            if reads_storage(called):
                return True
            function = graph.function_for(expr, scope, at)
            if function is None or not function.returns:
                return False
            # What a project loader returns, or what a project helper makes of a loaded graph.
            return all(self._loaded_at(value, function, order + 1, depth + 1) for value, order in function.returns) \
                or any(self._loaded_at(arg.value, scope, at, depth + 1) for arg in expr.args)
        if name is None:
            return False
        store, home = graph.lookup(name, scope, at)
        if store is None or home is None or store.value is None and store.kind != "param":
            return False
        if store.kind == "param":
            return store.value is None and self._given_loaded_graphs(home, name, depth + 1)
        value = store.value
        if store.kind == "unpack" and isinstance(value, (cst.Tuple, cst.List)):
            elements = value.elements
            index = store.index or 0
            if index >= len(elements) or isinstance(elements[index], cst.StarredElement):
                return False
            value = elements[index].value
        elif store.kind not in ("assign", "unpack"):
            return False
        assert value is not None
        return self._loaded_at(value, store.where or home, store.order, depth + 1)

    def _loads(self, expr: cst.CSTNode, graph: GraphFacts | None = None) -> bool:
        """``Planetoid(root, name)[0]``, ``sio.loadmat(path)``: a dataset read here, whatever path
        the function was given."""
        facts = (graph or self.graph).facts
        for node in [expr, *descendants(expr)]:
            if isinstance(node, cst.Call):
                name = facts.call_name(node) or ""
                if reads_storage(name):
                    return True
        return False

    def _small_graph_object(self, site: Site, origin: cst.CSTNode) -> bool:
        """``nx.to_numpy_array(nx.karate_club_graph())``, ``nx.to_numpy_array(g)`` with ``g =
        nx.cycle_graph(10)``, ``nx.adjacency_matrix(g).todense()``: a networkx graph of a fixed small
        size (a named classic, or a generator called with small literal sizes)."""
        return any(self._small_networkx(graph, site) for graph in (
            argument(site.node, 0, None) if isinstance(site.node, cst.Call) else None,
            argument(origin, 0, None) if isinstance(origin, cst.Call) else None))

    def _small_networkx(self, graph: cst.BaseExpression | None, site: Site) -> bool:
        name = dotted_name(graph) if isinstance(graph, cst.Name) else None
        if name is not None:
            store, _home = self.graph.lookup(name, site.scope, site.order)
            graph = store.value if store is not None and store.kind == "assign" else None
        if not isinstance(graph, cst.Call):
            return False
        called = self.facts.call_name(graph) or ""
        if not called.startswith("networkx."):
            return False
        if called.rsplit(".", 1)[-1] in _SMALL_NAMED_GRAPHS:
            return True
        sizes = [number(a.value) for a in graph.args if a.keyword is None]
        return bool(sizes) and all(size is not None for size in sizes[:1]) \
            and max(size for size in sizes if size is not None) <= 64

    def _never_read(self, site: Site) -> bool:
        """``dense = adj.toarray()`` and ``dense`` read nowhere after (a copy kept for a plot, a print):
        nothing computes with it."""
        target = _assigned_name(site.statement)
        if target is None or "." in target:
            return False
        line = self.line(site.statement)
        return not any(isinstance(n, cst.Name) and n.value == target and self.line(n) > line
                       for n in descendants(site.scope.node))

    def _dense_algebra(self, site: Site) -> bool:
        """``eigh(adj.toarray())``: a decomposition or matrix function that needs the dense matrix."""
        for ancestor in reversed(_path(site.statement, site.node)):
            if isinstance(ancestor, cst.Arg):
                continue
            if not isinstance(ancestor, cst.Call):
                return False
            name = (self.facts.call_name(ancestor) or "").rsplit(".", 1)[-1]
            if name in _DENSE_ALGEBRA:
                return True
            if name not in ("array", "asarray", "tensor", "as_tensor", "from_numpy", "Tensor", "FloatTensor",
                            "DoubleTensor", "float32", "float64", "convert_to_tensor", "constant"):
                return False
        return False

    def _small(self, call: cst.Call) -> bool:
        """``np.zeros((4, 4))``, ``to_dense_adj(torch.tensor([[0, 1], [1, 0]]))``: a small fixed-size
        graph, as in tests and examples."""
        if any(isinstance(n, cst.List) and any(isinstance(e.value, cst.List) for e in n.elements)
               for a in call.args for n in [a.value, *getattr(a.value, "args", ())]
               for n in ([n.value] if isinstance(n, cst.Arg) else [n])):
            return True
        sizes = [self._literal(e.value) for a in call.args for e in getattr(a.value, "elements", [])]
        sizes += [self._literal(a.value) for a in call.args]
        sizes = [s for s in sizes if s is not None]
        return bool(sizes) and max(sizes) <= 64  # type: ignore[type-var, operator]  # the Nones filtered out

    def _literal(self, expr: cst.BaseExpression) -> float | None:
        """A number, or a module constant bound to one (``NUM_NODES = 6``)."""
        if isinstance(expr, cst.Name):
            stores = self.graph.module_scope.stores.get(expr.value, [])
            return number(stores[-1].value) if len(stores) == 1 and stores[0].value is not None else None
        return number(expr)

    # -- GNN102 / GNN103 / GNN105: inverting the degree -----------------------------------------

    def _inverted(self, node: cst.CSTNode) -> tuple[cst.BaseExpression, bool] | None:
        """The expression whose inverse (square root) ``node`` computes, and whether it is a matrix
        inverse (``inv``), or None."""
        if isinstance(node, cst.AugAssign):  # `h /= deg`, `deg **= -0.5`: the same inverse, written in place
            if isinstance(node.operator, cst.DivideAssign):
                return node.value, False
            if isinstance(node.operator, cst.PowerAssign):
                exponent = number(node.value)
                return (node.target, False) if exponent is not None and exponent < 0 else None
            return None
        if isinstance(node, cst.BinaryOperation):
            if isinstance(node.operator, cst.Power):
                exponent = number(node.right)
                if exponent is not None and exponent < 0:
                    return node.left, False
            if isinstance(node.operator, cst.Divide):
                return node.right, False
            return None
        if not isinstance(node, cst.Call):
            return None
        name = self.facts.call_name(node)
        if name is not None:
            short = name.rsplit(".", 1)[-1]
            first = argument(node, 0, None)
            if first is None:
                return None
            if short in ("power", "pow", "float_power"):
                exponent = number(argument(node, 1, "exponent") or argument(node, 1, "y"))
                return (first, False) if exponent is not None and exponent < 0 else None
            if short in ("rsqrt", "reciprocal"):
                return first, False
            if short in ("inv", "inverse", "pinv") and (".linalg" in name or short == "inverse"):
                return first, True
            if short in ("fractional_matrix_power", "matrix_power") and ".linalg" in name:
                exponent = number(argument(node, 1, "t") or argument(node, 1, "n"))
                return (first, True) if exponent is not None and exponent < 0 else None
            if short in ("divide", "true_divide", "div"):
                second = argument(node, 1, None)
                return (second, False) if second is not None else None
            return None
        if isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method in ("pow", "pow_", "power"):  # `.power(x)`: a SciPy sparse matrix's element-wise power
                exponent = number(argument(node, 0, "exponent"))
                return (node.func.value, False) if exponent is not None and exponent < 0 else None
            if method in ("rsqrt", "rsqrt_", "reciprocal", "reciprocal_"):
                return node.func.value, False
            if method == "inverse" and not node.args:
                return node.func.value, True
            if method in ops.DIVIDE_METHODS and len(node.args) == 1:
                return node.args[0].value, False  # `x.div(d)` is `x / d`
        return None

    def _inverse(self, site: Site, env: dict[str, Val] | None, call: cst.Call | None) -> None:
        inverted = self._inverted(site.node)
        if inverted is None:
            return
        operand_expr, matrix_inverse = inverted
        operand = self.value(operand_expr, site, env)
        if operand.kind == "diagonal" or (operand.kind == "degree" and operand.diagonal):
            if matrix_inverse and (env is None or operand.from_env):
                self.add("GNN105", site.node, (
                    f"`{self.src(site.node)}` inverts a diagonal matrix densely: O(n^3) time and O(n^2) memory "
                    "for an element-wise reciprocal of the diagonal, and singular as soon as a node is isolated"))
        if operand.kind != "degree" or operand.power <= 0:
            return
        if operand.base is not None:
            # The row sums of an input: a degree only if the function where they are taken scales its
            # own input by their inverse (asked of that function's parameter, not of a caller's).
            local = operand if env is None else self.value(operand_expr, site, None)
            # Asked of the function whose parameter it is (`self.degrees` may be set in another method).
            home = self.graph.scope_of_param(local.base) if local.base is not None else None
            if local.base is None or not self.graph.scaled_by_own_degree(local.base, home or site.scope):
                return
        if env is not None and not operand.from_env:
            return
        if operand.guard or self._wrapped(site) or self._patched_after(site) or self._branch_guarded(site, operand_expr) \
                or self._read_where_counted(site, operand) or self._read_only_along_edges(site, operand):
            return
        if env is None and operand.unknown_source and site.scope.kind == "function" \
                and self._guarded_by_every_caller(site, operand_expr):
            return
        if env is None and operand.unknown_source and site.scope.kind == "function" \
                and self.graph.across_modules(operand_expr, site.scope, site.order).guard:
            return  # guarded by what every importing module passes in
        what = f"`{self.src(operand_expr)}`"
        source = ""
        if operand.origin is not None and not operand.unknown_source:
            source = f" of the adjacency built line {self.line(operand.origin)}"
        caller = f" (passed in at line {self.line(call)})" if call is not None else \
            f" ({self._from_elsewhere()})" if self._importer_call else ""
        if operand.eps is not None:
            eps, eps_node = operand.eps
            self.add("GNN103", site.node, (
                f"`{self.src(site.node)}` inverts the degree {what}{source}{caller} guarded only by the epsilon "
                f"{eps:g} (`{self.src(eps_node)}`, line {self.line(eps_node)}): an isolated node gets a "
                f"coefficient of {_coefficient(eps, self._exponent(site, env))}, which explodes "
                "activations and gradients"))
            return
        self.add("GNN102", site.node, (
            f"`{self.src(site.node)}` inverts the degree {what}{source}{caller} with no zero guard: an isolated "
            "node gives inf, and 0 * inf = NaN"))

    def _read_where_counted(self, site: Site, operand: Val) -> bool:
        """The inverse of a degree counted over ``idx`` read back only at ``idx``: in its own statement
        (``(1. / degree(idx))[idx]``), or, stored in a name, at every later read of that name
        (``inv = degree(idx).pow(-0.5)`` then only ``inv[idx]`` / ``inv.index_select(0, idx)``). The
        fact itself, and ``degree(idx)[idx]`` read back before inverting, is the value layer's
        (:meth:`GraphFacts.reads_where_counted`)."""
        if operand.counted_over is None:
            return False
        inverse = self.value(site.node, site, None)  # type: ignore[arg-type]
        path = _path(site.statement, site.node)
        if any(self.graph.reads_where_counted(ancestor, inverse) for ancestor in path):
            return True
        target = _assigned_name(site.statement)
        if target is None or not isinstance(site.statement, cst.SimpleStatementLine) \
                or site.statement.body[0].value is not site.node:  # type: ignore[attr-defined]
            return False
        return self._every_read_counted(target, site, inverse)

    def _every_read_counted(self, target: str, site: Site, inverse: Val) -> bool:
        """Every read of ``target`` in the scope is a read-back at the counted index, and neither the
        target nor the index is stored to again (the index read is the one counted)."""
        stores = site.scope.stores.get(target, [])
        if len(stores) != 1 or "." in target or site.scope.kind != "function":
            return False
        if any(self.graph.later_stores(name, site.scope, site.order)
               for index in inverse.counted_over or () for name in names_in(cst.parse_expression(index))):
            return False
        reads = 0
        for node in descendants(site.scope.node):
            if not (isinstance(node, cst.Name) and node.value == target) or _contains(site.statement, node) \
                    or node is site.statement:
                continue
            read = _parent(site.scope.node, node)
            if isinstance(read, cst.Attribute) and read.value is node:
                read = _parent(site.scope.node, read)  # `inv.index_select(0, idx)`: the call reads it
            if read is None or _gathered_from(read) is not node or not self.graph.reads_where_counted(read, inverse):
                return False
            reads += 1
        return reads > 0

    def _read_only_along_edges(self, site: Site, operand: Val) -> bool:
        """``g.ndata["k"] = g.in_degrees() ** -0.5`` read only by DGL's built-in message functions
        at the destination (``fn.u_mul_v(.., "k", ..)``): every destination of an edge has in-degree
        >= 1 (and every source out-degree >= 1), the DGL analogue of ``degree(col)[col]``."""
        origin = operand.origin
        if not isinstance(origin, cst.Call) or not isinstance(origin.func, cst.Attribute):
            return False
        end = {"in_degrees": "v", "out_degrees": "u"}.get(origin.func.attr.value)
        statement = site.statement
        if end is None or not isinstance(statement, cst.SimpleStatementLine) \
                or not isinstance(statement.body[0], cst.Assign) or len(statement.body[0].targets) != 1:
            return False
        target = statement.body[0].targets[0].target
        if not (isinstance(target, cst.Subscript) and isinstance(target.value, cst.Attribute)
                and target.value.attr.value == "ndata" and len(target.slice) == 1
                and isinstance(target.slice[0].slice, cst.Index)):
            return False
        field = _string(target.slice[0].slice.value)
        if field is None:
            return False
        uses = [node for node in descendants(site.scope.node) if _string(node) == field]
        reads = 0
        for other in site.scope.sites:
            call = other.node
            if not isinstance(call, cst.Call):
                continue
            name = self.facts.call_name(call)
            if name is None or not name.startswith("dgl.function."):
                continue
            ends = _message_ends(name.rsplit(".", 1)[-1])
            for position, arg in enumerate(call.args[:len(ends)]):
                if _string(arg.value) == field:
                    if ends[position] != end:
                        return False
                    reads += 1
        return reads > 0 and reads == len(uses) - 1  # every other mention of the field is such a read

    def _guarded_by_every_caller(self, site: Site, operand_expr: cst.BaseExpression) -> bool:
        """A helper inverting the degree of its parameter is safe when every call in the module
        passes a guarded value (``normalize(A + I)``); with no call, or one passing a value this
        analysis cannot read, it is judged on its own. Unguarded callers are reported in ``_scope_with``."""
        callers = self.callers(site.scope)
        if not callers:
            return False
        for call, caller, at in callers:
            env = self.graph.bind(site.scope, call, caller, at, None)
            val = self.graph.value(operand_expr, site.scope, site.order, env)
            if val.kind != "degree" or not val.from_env:
                return False
            if not val.guard:
                # Reported with the caller's line by the pass over call sites, where that pass
                # judges this call (a DGL graph passed in is not one it reads): else judged here.
                return any(v.kind in _JUDGED_AT_CALLS for v in carried(env.values()))
        return True

    def _exponent(self, site: Site, env: dict[str, Val] | None) -> float:
        """The power the inverse raises the degree to: -0.5 for D^-1/2, -1 for D^-1."""
        if isinstance(site.node, cst.AugAssign):
            exponent = number(site.node.value) if isinstance(site.node.operator, cst.PowerAssign) else None
            return exponent if exponent is not None and exponent < 0 else -1.0
        result = self.value(site.node, site, env)  # type: ignore[arg-type]
        return result.power if result.kind == "degree" and result.power < 0 else -1.0

    def _wrapped(self, site: Site) -> bool:
        """The inverse sits inside ``where``/``nan_to_num``/``masked_fill``/``clamp`` in its statement."""
        for ancestor in _path(site.statement, site.node):
            if isinstance(ancestor, cst.Call):
                name = self.facts.call_name(ancestor)
                short = (name or "").rsplit(".", 1)[-1] if name else \
                    (ancestor.func.attr.value if isinstance(ancestor.func, cst.Attribute) else "")
                if short in _GUARD_CALLS:
                    return True
        return False

    def _branch_guarded(self, site: Site, operand: cst.BaseExpression) -> bool:
        """The inverse runs only where its operand is not zero: inside ``if d[i] > 0:`` (``!= 0``,
        ``if d[i]:``) or the ``else`` of ``if d[i] == 0:``, the test reading the very operand inverted.
        The same guard ``where(d > 0, 1 / d, 0)`` expresses on values, written as a branch."""
        node: cst.CSTNode = site.statement
        for ancestor in reversed(_path(site.scope.node, site.statement)):
            if isinstance(ancestor, cst.If):
                inside = node is ancestor.body
                if _nonzero_test(ancestor.test, operand, when=inside):
                    return True
            node = ancestor
        return False

    def _patched_after(self, site: Site) -> bool:
        """``deg_inv = deg ** -1`` followed by ``deg_inv[np.isinf(deg_inv)] = 0``, ``.masked_fill_(...)``,
        or ``deg_inv = torch.where(torch.isinf(deg_inv), 0, deg_inv)``."""
        statement = site.statement
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        targets = []
        for small in statement.body:
            if isinstance(small, cst.Assign) and small.value is not None:
                targets += [dotted_name(t.target) for t in small.targets]
            elif isinstance(small, (cst.AnnAssign, cst.AugAssign)):
                targets.append(dotted_name(small.target))
            elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
                    and isinstance(small.value.func, cst.Attribute) and small.value.func.attr.value.endswith("_"):
                targets.append(dotted_name(small.value.func.value))  # `h.div_(deg)` changes `h` in place
        for target in filter(None, targets):
            for method, _node, _value in self.graph.after(target, site.scope, site.order, None):
                if method == "subscript" or method in ("masked_fill_", "clamp_", "clip_", "nan_to_num_", "fill_",
                                                       "clamp_min_", "index_fill_", "fn:numpy.nan_to_num",
                                                       "fn:numpy.place", "fn:numpy.putmask", "fn:numpy.copyto"):
                    return True
            for store in self.graph.later_stores(target, site.scope, site.order):
                if store.value is not None and target in names_in(store.value) and self._mentions_guard(store.value):
                    return True
        return False

    def _mentions_guard(self, expr: cst.CSTNode) -> bool:
        for node in descendants(expr):
            if type(node) is cst.Call:
                name = self.facts.call_name(node)
                short = (name or "").rsplit(".", 1)[-1] if name else \
                    (node.func.attr.value if isinstance(node.func, cst.Attribute) else "")
                if short in _GUARD_CALLS:
                    return True
        return False

    # -- GNN104: normalization without self-loops ---------------------------------------------

    def _normalization(self, site: Site, env: dict[str, Val] | None, call: cst.Call | None) -> None:
        node = site.node
        raw = None
        if isinstance(node, cst.Call):
            name = self.facts.call_name(node) or ""
            if name.rsplit(".", 1)[-1] in ("normalized_adjacency", "normalize") \
                    and name.split(".")[0] in ("spektral", "sklearn"):
                first = argument(node, 0, None)
                raw = first if first is not None else None
        if raw is None:
            operands = self._product_operands(node)
            if operands is None:
                return
            result = self.value(node, site, env)  # type: ignore[arg-type]
            if result.kind != "adjacency" or result.normalized is None:
                return
            raw = next((o for o in operands if self._raw_no_loops(self.value(o, site, env))), None)
            if raw is None:
                if env is None:
                    self._looped_copy_unused(site, operands)
                return
        adjacency = self.value(raw, site, env)
        if not self._raw_no_loops(adjacency) or (env is not None and not adjacency.from_env):
            return
        if self._laplacian_use(site) or self._for_loop_free_layers(node):
            return
        where = self._report_at(node, site, call, raw)
        built = self.line(adjacency.origin)  # type: ignore[arg-type]
        origin = [f"built line {built}" if built else self._from_elsewhere()]
        if adjacency.loops_removed is not None:  # the code strips them itself (`a - I`, `setdiag(0)`)
            origin = [f"its self-loops removed at line {self.line(adjacency.loops_removed)}"]
        if call is not None and where is node:
            origin.append(f"passed in at line {self.line(call)}")
        helper = f" in `{site.scope.name}()` ({self.place(node, site)})" if where is call else ""
        self.add("GNN104", where, (
            f"`{self.src(node)}`{helper} normalizes the adjacency `{self.src(raw)}` "
            f"({', '.join(origin)}) without self-loops: each "
            "node drops its own features and an isolated node has degree 0; add the identity first (A + I)"))

    def _loops_after_normalizing(self, site: Site) -> None:
        """``mean_adj + sp.eye(n)`` where ``mean_adj`` was returned normalized without self-loops by a
        helper: the identity comes after the normalization, not before it (the renormalization
        trick). A normalization written in this function is reported where it is written."""
        node = site.node
        left, right = self.value(node.left, site, None), self.value(node.right, site, None)  # type: ignore[attr-defined]
        for (expr, val), other in (((node.left, left), right), ((node.right, right), left)):  # type: ignore[attr-defined]
            if other.kind == "eye" and val.kind in ("other", "input"):
                normalizer = self._normalized_by_a_helper(expr, site)
                if normalizer is not None:
                    self.add("GNN104", normalizer, (
                        f"`{self.src(normalizer)}` normalizes its argument by its own degree without self-loops, "
                        f"and the identity is added only afterwards, at line {self.line(node)} (`{self.src(node)}`): "
                        "each node's own weight is 1 whatever its degree and isolated nodes keep degree 0; "
                        "add the identity before normalizing (D^-1/2 (A + I) D^-1/2)"))
                    return
            if other.kind != "eye" or val.kind != "adjacency" or not val.normalized or val.self_loops or val.loops_unknown \
                    or val.origin is None or not self._returned_by_a_helper(expr, site):
                continue
            self.add("GNN104", node, (
                f"`{self.src(node)}` adds self-loops to `{self.src(expr)}`, which was already normalized "
                f"({val.normalized}) without them: the identity belongs before the normalization (D^-1/2 (A + I) "
                "D^-1/2); added after, each node's own weight is 1 whatever its degree and the operator's "
                "eigenvalues reach 2, so repeated propagation grows"))
            return

    def _normalized_by_a_helper(self, expr: cst.BaseExpression, site: Site) -> cst.Call | None:
        """The call that stored ``expr``, where it calls a project function that scales the argument by
        that argument's own inverse degree (a normalizer by its use, see
        :meth:`GraphFacts.scaled_by_own_degree`) and returns it normalized without self-loops, and the
        argument passed holds none that the analysis knows of: ``adj = normalize_adj(adj)`` of a matrix
        loaded from a file, whatever the names."""
        name = dotted_name(expr)
        if name is None:
            return None
        store, home = self.graph.lookup(name, site.scope, site.order)
        if store is None or home is None or store.kind != "assign" or not isinstance(store.value, cst.Call):
            return None
        call = store.value
        function = self.graph.function_for(call, home, store.order)
        if function is None or function.graph is None:
            return None
        params = function.call_params(call)
        for position, param in enumerate(params):
            passed = argument(call, position, param)
            own = next((s.node for s in function.stores.get(param, []) if s.kind == "param"), None)
            if passed is None or own is None or not function.graph.scaled_by_own_degree(own, function):
                continue
            given = self.graph.value(passed, home, store.order)
            if given.self_loops or given.loops_unknown or given.normalized or given.kind not in ("other", "input"):
                return None
            returned = [function.graph.value(ret, function, order + 1) for ret, order in function.returns]
            if returned and all(r.kind == "adjacency" and r.normalized and not r.self_loops and not r.loops_unknown
                                for r in returned):
                return call
        return None

    def _returned_by_a_helper(self, expr: cst.BaseExpression, site: Site) -> bool:
        """``expr`` names what a project function returned (``plain, norm, mean = data.get_adj_mat()``)."""
        name = dotted_name(expr)
        if name is None:
            return False
        store, home = self.graph.lookup(name, site.scope, site.order)
        if store is None or home is None or not isinstance(store.value, cst.Call):
            return False
        return self.graph.function_for(store.value, home, store.order) is not None

    def _looped_copy_unused(self, site: Site, operands: list[cst.BaseExpression]) -> None:
        """``a_hat = a.tolil(); a_hat.setdiag(1)`` and then ``a`` normalized, not ``a_hat``: the function
        builds the self-looped graph itself and normalizes the one without loops."""
        for operand in operands:
            val = self.value(operand, site, None)
            if val.kind != "input" or val.self_loops or val.origin is None:
                continue
            read = names_in(site.statement)
            for name, stores in site.scope.stores.items():
                if name in read or not any(s.kind != "param" and s.order < site.order for s in stores):
                    continue
                copy = self.graph.value(cst.parse_expression(name), site.scope, site.order)
                if copy.kind == "input" and copy.origin is val.origin and copy.self_loops:
                    self.add("GNN104", site.node, (
                        f"`{self.src(site.node)}` normalizes `{self.src(operand)}` without self-loops, while the "
                        f"self-looped copy `{name}` ({copy.self_loops}) built here is never used: each node drops "
                        "its own features and an isolated node has degree 0"))
                    return

    def _raw_no_loops(self, val: Val) -> bool:
        if val.kind == "input" and val.loops_removed is not None:
            return True  # a matrix whose self-loops the code removed, normalized as a graph
        return val.kind == "adjacency" and val.normalized is None and val.origin is not None and not val.self_loops \
            and not val.loops_unknown

    def _product_operands(self, node: cst.CSTNode) -> list[cst.BaseExpression] | None:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator,
                                                               (cst.MatrixMultiply, cst.Multiply, cst.Divide)):
            return [node.left, node.right]
        if isinstance(node, cst.Call):
            operands = self._operands(node)
            if operands is not None:
                return list(operands)
            # `np.multiply(a, b)` names a library function; `a.multiply(b)` is a method of `a`.
            name = self.facts.call_name(node) or ""
            if name.rsplit(".", 1)[-1] in ("multiply", "divide", "true_divide") and len(node.args) >= 2:
                return [node.args[0].value, node.args[1].value]
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("multiply", "mul") and node.args:
                return [node.func.value, node.args[0].value]
        return None

    def _for_loop_free_layers(self, node: cst.CSTNode) -> bool:
        """Spektral's ``normalized_adjacency`` in a module whose Spektral layers all take exactly that
        (GCSConv, ARMAConv, TAGConv, DiffusionConv): the input those layers document, not a missing
        renormalization."""
        if not isinstance(node, cst.Call) or not (self.facts.call_name(node) or "").startswith("spektral."):
            return False
        layers = {(self.facts.call_name(site.node) or "").rsplit(".", 1)[-1]
                  for scope in self.graph.scopes for site in scope.sites
                  if isinstance(site.node, cst.Call) and self._preprocessed_layer(site.node)}
        return bool(layers) and layers <= _SPEKTRAL_LOOP_FREE

    def _laplacian_use(self, site: Site) -> bool:
        """``I - D^-1/2 A D^-1/2`` is a Laplacian (ChebNet), which wants no self-loops: what ``site``
        computes is subtracted from something, in its statement or, through the name it is stored
        in, in any later statement of its scope (``L = I - a_norm``)."""
        for ancestor in _path(site.statement, site.node):
            if isinstance(ancestor, cst.BinaryOperation) and isinstance(ancestor.operator, cst.Subtract):
                return True
        target = _assigned_name(site.statement)
        if target is None:
            return False
        return any(isinstance(store.value, cst.BinaryOperation) and isinstance(store.value.operator, cst.Subtract)
                   and target in names_in(store.value.right) and store.order > site.order
                   for stores in site.scope.stores.values() for store in stores)

    # -- layers that expect a normalized adjacency ------------------------------------------------

    def _keras_layers(self) -> None:
        """Spektral GCNConv & co. called, or a model containing one fit, with a raw adjacency."""
        holders: set[str] = set()
        model_classes: set[str] = set()
        layer_calls: list[Site] = []
        for scope in self.graph.scopes:
            for site in scope.sites:
                if not isinstance(site.node, cst.Call) or not self._preprocessed_layer(site.node):
                    continue
                layer_calls.append(site)
                holder = _assigned_name(site.statement)
                if holder:
                    holders.add(holder)
                enclosing = _enclosing_class(scope)
                if enclosing is not None:
                    model_classes.add(enclosing.name)
        if not layer_calls:
            return
        # A Sequential/Model built from such a layer, an instance of a model class defining one.
        for scope in self.graph.scopes:
            for site in scope.sites:
                if not isinstance(site.node, cst.Call):
                    continue
                holder = _assigned_name(site.statement)
                if holder is None:
                    continue
                func = site.node.func
                if isinstance(func, cst.Name) and func.value in model_classes:
                    holders.add(holder)
                elif any(_contains(site.node, layer.node) for layer in layer_calls) and site.node is not None:
                    holders.add(holder)
                elif self._functional_model_of(site, layer_calls):
                    holders.add(holder)
        for scope in self.graph.scopes:
            for site in scope.sites:
                node = site.node
                if not isinstance(node, cst.Call):
                    continue
                func = node.func
                callee = dotted_name(func)
                target = False
                if isinstance(func, cst.Call) and self._preprocessed_layer(func):
                    target = True
                elif callee is not None and callee in holders:
                    target = True
                elif isinstance(func, cst.Attribute) and func.attr.value in _KERAS_MODEL_METHODS \
                        and dotted_name(func.value) in holders:
                    target = True
                if not target:
                    continue
                for arg in node.args:
                    for element in self._inputs(arg.value, site)[1:]:
                        val = self.value(element, site, None)
                        if val.kind == "square":
                            val = dataclasses.replace(val, kind="adjacency")
                        if val.is_raw_adjacency:
                            self.add("GNN101", element, (
                                f"raw adjacency `{self.src(element)}` ({self._built(val)}) is fed to "
                                f"`{self.src(func)}`, whose graph convolution expects the preprocessed matrix: "
                                "pass it through `gcn_filter` / `Layer.preprocess` (or a `LayerPreprocess` "
                                "transform) first"))
                            self._dense(val, node)

    def _functional_model_of(self, site: Site, layer_calls: list[Site], depth: int = 0) -> bool:
        """``Model(inputs=[x_in, a_in], outputs=out)`` whose ``outputs`` were computed, through the
        assignments that built them, by one of ``layer_calls``; or a call to a function of the module
        that returns such a model (``model = build_model(...)``): a model holding such a layer."""
        call = site.node
        if not isinstance(call, cst.Call):
            return False
        function = self.graph.function_for(call, site.scope, site.order)
        if function is not None and depth < 2:
            return any(self._functional_model_of(Site(value, function, order, value), layer_calls, depth + 1)
                       for value, order in self._resolved(function.returns))
        if not (self.facts.call_name(call) or "").endswith(".Model"):
            return False
        outputs = argument(call, 1, "outputs")
        frontier = [(outputs, site.order)] if outputs is not None else []
        for _ in range(12):
            if not frontier:
                break
            expr, at = frontier.pop()
            if any(_contains(expr, layer.node) for layer in layer_calls):
                return True
            for name in names_in(expr):
                store, _ = self.graph.lookup(name, site.scope, at)
                if store is not None and store.value is not None:
                    frontier.append((store.value, store.order))
        return False

    def _resolved(self, returns: list[tuple[cst.BaseExpression, int]]) -> list[tuple[cst.BaseExpression, int]]:
        """What a function returns, a returned name replaced by the call it was assigned."""
        found = []
        for value, order in returns:
            name = dotted_name(value)
            if name is not None:
                scope = next((s for s in self.graph.scopes if any(r is value for r, _ in s.returns)), None)
                store, _ = self.graph.lookup(name, scope, order + 1) if scope is not None else (None, None)
                if store is not None and store.value is not None:
                    value, order = store.value, store.order
            found.append((value, order))
        return found

    def _inputs(self, expr: cst.BaseExpression, site: Site) -> list[cst.BaseExpression]:
        if isinstance(expr, (cst.List, cst.Tuple)):
            return [e.value for e in expr.elements]
        name = dotted_name(expr)
        if name is not None:
            store, _home = self.graph.lookup(name, site.scope, site.order)
            if store is not None and store.kind == "assign" and isinstance(store.value, (cst.List, cst.Tuple)):
                return [e.value for e in store.value.elements]
        return []

    def _preprocessed_layer(self, call: cst.Call) -> bool:
        name = self.facts.call_name(call) or ""
        return name.startswith("spektral.layers") and name.rsplit(".", 1)[-1] in _SPEKTRAL_PREPROCESSED

    def _sum_aggregation_layers(self) -> None:
        """PyG ``GCNConv(normalize=False)`` / DGL ``GraphConv(norm="none")`` that some call (or no
        call at all) feeds neither edge weights nor a graph normalized beforehand."""
        for scope in self.graph.scopes:
            for site in scope.sites:
                node = site.node
                if not isinstance(node, cst.Call):
                    continue
                name = self.facts.call_name(node) or ""
                short = name.rsplit(".", 1)[-1]
                if name.startswith("torch_geometric.nn") and short == "GCNConv":
                    flag = argument(node, None, "normalize")
                    if isinstance(flag, cst.Name) and flag.value == "False" \
                            and not self._normalized_at_every_call(site, 1, 2, "edge_weight"):
                        self.add("GNN101", node, (
                            f"`{self.src(node)}` turns off GCN normalization and no call of it passes edge "
                            "weights or a graph normalized beforehand (`gcn_norm`, `T.GCNNorm()`, degree "
                            "scaling): messages are summed raw, so activations grow with node degree"))
                elif name.startswith("dgl.nn") and short == "GraphConv":
                    flag = argument(node, None, "norm")
                    if isinstance(flag, cst.SimpleString) and flag.evaluated_value == "none" \
                            and not self._normalized_at_every_call(site, 0, 3, "edge_weight"):
                        self.add("GNN101", node, (
                            f"`{self.src(node)}` turns off GCN normalization and no call of it passes edge "
                            "weights or a graph normalized beforehand (`EdgeWeightNorm`, degree scaling): "
                            "messages are summed raw, so activations grow with node degree"))

    def _normalized_at_every_call(self, layer: Site, graph_position: int, position: int, keyword: str) -> bool:
        """Whether every call of the layer built by ``layer`` (``self.conv = GraphConv(...)`` then
        ``self.conv(g, h, edge_weight=w)``; or one of a ``ModuleList`` called in a loop, ``for conv in
        self.convs: conv(x, adj)``) passes edge weights or a graph normalized beforehand, followed
        through the callers of the function it is called in (``model(x, adj)`` with ``adj`` scaled
        by its degrees in ``main()``): weights computed elsewhere may well be the normalization (a
        PPR diffusion, ``EdgeWeightNorm``), so the layer sums nothing raw."""
        calls = self._calls_of(layer)
        if not calls:
            return False
        for call, site in calls:
            weights = argument(call, position, keyword)
            if weights is not None and self.value(weights, site, None).kind != "ones":
                continue
            graph = argument(call, graph_position, None)
            if graph is None or any(val.normalized is None
                                    for val in self._handed(graph, site.scope, site.order)):
                return False
        return True

    def _handed(self, expr: cst.BaseExpression, scope: Scope, at: int, depth: int = 0) -> list[Val]:
        """What ``expr`` may hold, a parameter (or an attribute of one: ``data.adj_t``) followed to
        what each call of its function passes, up to three calls back: ``conv(x, adj_t)`` in
        ``forward`` holds what ``model(data.x, data.adj_t)`` in ``train`` passes, which is what
        ``main()`` stored in ``data.adj_t`` before calling ``train(model, data)``."""
        val = self.graph.value(expr, scope, at)
        name = dotted_name(expr)
        if name is None or val.normalized is not None or depth >= 3 or scope.kind != "function":
            return [val]
        root = name.split(".")[0]
        if root not in scope.params:
            return [val]
        calls = self._calls_running(scope)
        found: list[Val] = []
        for call, caller, order in calls:
            params = scope.call_params(call)
            passed = argument(call, params.index(root), root) if root in params else None
            outer = dotted_name(passed) if passed is not None else None
            if passed is None or (outer is None and name != root):
                return [val]
            found += self._handed(passed if name == root else cst.parse_expression(f"{outer}{name[len(root):]}"),
                                  caller, order, depth + 1)
        return found or [val]

    def _calls_running(self, function: Scope) -> list[tuple[cst.Call, Scope, int]]:
        """The calls of ``function``, with, for a model's ``forward``/``call``, the calls of instances
        handed in as parameters (``train(model, data)`` calling ``model(data.x, data.adj_t)``)."""
        found = {id(c[0]): c for c in passed.callers(function)}
        owner = function.parent
        if owner is None or owner.kind != "class" or function.name.rsplit(".", 1)[-1] not in ("forward", "call"):
            return list(found.values())
        for scope in self.graph.scopes:
            for site in scope.sites:
                call = site.node
                if not isinstance(call, cst.Call) or id(call) in found or not isinstance(call.func, cst.Name) \
                        or self.facts.qualified_name(call.func) is not None:
                    continue
                if any(isinstance(b.call.func, cst.Name) and b.call.func.value == owner.name and b.graph is self.graph
                       for b in passed.built_by(call.func, scope, site.order)):
                    found[id(call)] = (call, scope, site.order)
        return list(found.values())

    def _calls_of(self, layer: Site) -> list[tuple[cst.Call, Site]]:
        """The calls of the layer ``layer`` builds: through the name it is stored in, or through the
        container it is put in (``self.convs.append(GCNConv(...))``, ``ModuleList([GCNConv(...)])``),
        subscripted (``self.convs[-1](x, adj)``) or iterated (``for conv in self.convs[:-1]``)."""
        container = self._container_of(layer)
        calls = []
        for scope in self.graph.scopes:
            for site in scope.sites:
                call = site.node
                if not isinstance(call, cst.Call) or self.facts.qualified_name(call.func) is not None:
                    continue
                # `self.convs` names the container only in the methods of the class that fills it.
                same_owner = _enclosing_class(scope) is _enclosing_class(layer.scope)
                container_here = container if container is not None and (same_owner or "." not in container) else None
                if container_here is not None and isinstance(call.func, cst.Subscript) \
                        and dotted_name(call.func.value) == container_here:
                    calls.append((call, site))
                    continue
                name = dotted_name(call.func)
                if name is None:
                    continue
                store, _ = self.graph.lookup(name, scope, site.order)
                if store is None:
                    continue
                if store.value is layer.node or (container_here is not None and store.kind == "for"
                                                  and store.value is not None
                                                  and container_here in names_in(store.value)):
                    calls.append((call, site))
        return calls

    def _container_of(self, layer: Site) -> str | None:
        """The list a layer is put in: the receiver of the ``append``/``extend``/``insert`` around it,
        or the name a list (``ModuleList([...])``, a comprehension) holding it is assigned to."""
        for ancestor in reversed(_path(layer.statement, layer.node)):
            if isinstance(ancestor, cst.Call) and isinstance(ancestor.func, cst.Attribute) \
                    and ancestor.func.attr.value in ("append", "extend", "insert"):
                return dotted_name(ancestor.func.value)
        target = _assigned_name(layer.statement)
        body = layer.statement.body[0] if isinstance(layer.statement, cst.SimpleStatementLine) else None
        if target is not None and isinstance(body, cst.Assign) and body.value is not layer.node:
            return target
        return None


def _rectangular(origin: cst.CSTNode) -> bool:
    """``coo_matrix((values, (node, feature)), shape=(n_nodes, n_features))``: pairs of two different
    kinds of things (a feature matrix, a bipartite block), not an n x n graph."""
    shape = argument(origin, None, "shape") if isinstance(origin, cst.Call) else None
    if not isinstance(shape, cst.Tuple) or len(shape.elements) != 2:
        return False
    rows, cols = (e.value for e in shape.elements)
    if number(rows) is not None or number(cols) is not None:
        return number(rows) != number(cols)
    return not rows.deep_equals(cols)


def _whole(write: cst.CSTNode) -> bool:
    """``m[:] = v``, ``m[:, :] = v``: a write to every entry."""
    return isinstance(write, cst.Subscript) and all(
        isinstance(e.slice, cst.Slice) and e.slice.lower is None and e.slice.upper is None for e in write.slice)


def _transposed(expr: cst.BaseExpression) -> bool:
    """``S.T``, ``S.t()``, ``S.transpose(0, 1)``, ``S.t().to_sparse_csr()``."""
    while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        if expr.func.attr.value in ("t", "transpose"):
            return True
        expr = expr.func.value
    return isinstance(expr, cst.Attribute) and expr.attr.value in ("T", "mT")


def _coefficient(eps: float, exponent: float) -> str:
    return f"{eps ** exponent:.0e}"


def _string(node: cst.CSTNode) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _message_ends(builtin: str) -> tuple[str, ...]:
    """Where each field argument of a DGL built-in message function is read: ``u_mul_v`` reads its
    first field at the source (u) and its second at the destination (v); ``copy_u`` reads one at u."""
    parts = builtin.split("_")
    if len(parts) == 3 and parts[0] in "uve" and parts[2] in "uve":
        return parts[0], parts[2]
    if builtin in ("copy_u", "copy_src"):
        return ("u",)
    return ()


def _nonzero_test(test: cst.BaseExpression, operand: cst.BaseExpression, when: bool) -> bool:
    """Whether ``test`` being ``when`` means ``operand`` is not zero: ``operand > 0``, ``operand != 0``,
    ``operand >= c`` (c > 0), ``operand`` itself when true; ``operand == 0`` when false."""
    if when and _same_expression(test, operand):
        return True
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 \
            or not _same_expression(test.left, operand):
        return False
    target = test.comparisons[0]
    bound = number(target.comparator)
    if bound is None:
        return False
    if when:
        return isinstance(target.operator, cst.GreaterThan) and bound >= 0 \
            or isinstance(target.operator, cst.NotEqual) and bound == 0 \
            or isinstance(target.operator, cst.GreaterThanEqual) and bound > 0
    return isinstance(target.operator, (cst.Equal, cst.LessThanEqual)) and bound == 0


def _same_expression(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    return a.deep_equals(b) if not isinstance(a, cst.Name) else isinstance(b, cst.Name) and a.value == b.value


def _conversion_name(node: cst.CSTNode) -> cst.CSTNode:
    """Where a dense conversion is reported, whichever path finds it: at its own name (a chained
    call starts lines above it)."""
    if isinstance(node, cst.Attribute):
        return node.attr
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute):
        return node.func.attr
    return node


def _path(root: cst.CSTNode, target: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes strictly between ``root`` and ``target`` (outermost first), or [] if not found."""
    stack: list[tuple[cst.CSTNode, list[cst.CSTNode]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path[1:] if path and path[0] is root else path
        for child in children(node):
            stack.append((child, [*path, node]))
    return []


def _contains(outer: cst.CSTNode, inner: cst.CSTNode) -> bool:
    if outer is inner:
        return False
    return any(node is inner for node in descendants(outer))


def _assigned_name(statement: cst.CSTNode) -> str | None:
    if isinstance(statement, cst.SimpleStatementLine) and statement.body \
            and isinstance(statement.body[0], cst.Assign) and len(statement.body[0].targets) == 1:
        return dotted_name(statement.body[0].targets[0].target)
    return None


def _gathered_from(read: cst.CSTNode) -> cst.CSTNode | None:
    """What ``x[i]`` or ``x.index_select(0, i)`` reads from: ``x``."""
    if isinstance(read, cst.Subscript):
        return read.value
    if isinstance(read, cst.Call) and isinstance(read.func, cst.Attribute):
        return read.func.value
    return None


def _parent(root: cst.CSTNode, target: cst.CSTNode) -> cst.CSTNode | None:
    path = _path(root, target)
    return path[-1] if path else None


def _enclosing_class(scope: Scope | None) -> Scope | None:
    while scope is not None and scope.kind != "class":
        scope = scope.parent
    return scope


class _GraphRule(Rule):
    """The graph rules judge, once the file is walked, what the shared :class:`GraphFacts` recorded."""

    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.graph = GraphFacts.of(context)

    def finish(self) -> None:
        analysis = PropagationAnalysis.of(self.graph)
        for finding in analysis.findings:
            if finding.code == self.code:
                self.report(finding.node, finding.message, replacement=self.replacement(finding.node))

    def replacement(self, node: cst.CSTNode) -> cst.CSTNode | None:
        return None


class UnnormalizedAdjacency(_GraphRule):
    code = "GNN101"
    name = "unnormalized-adjacency"
    severity = "error"
    message = "a raw adjacency reaches propagation without normalization"
    fix_title = "normalize first: D^-1/2 (A + I) D^-1/2 (gcn_filter, gcn_norm) or D^-1 A"
    triggers = ("adjacency", "to_numpy", "to_dense_adj", "to_scipy", "coo_", "csr_", "csc_", "SparseTensor", "rand",
                "zeros", "ones", "empty", "array", "tensor", "constant", "spektral", "GCNConv", "GraphConv",
                # a product whose adjacency the project's other modules build and pass in
                "@ ", ".mm(", "spmm(", "matmul(", "einsum(", ".dot(")


class ZeroDegreeDivision(_GraphRule):
    code = "GNN102"
    name = "zero-degree-division"
    severity = "error"
    message = "inverse of node degrees with no zero guard"
    fix = "safe"  # --fix
    fix_title = "add self-loops before taking the degree, clamp(min=1), or zero the infs (deg_inv[isinf] = 0)"
    # A degree is a row sum, a degree call, or a count by segment (`scatter_add(ones, row)`, `bincount(col)`).
    triggers = ("sum", "deg", "scatter", "segment", "bincount")

    def replacement(self, node: cst.CSTNode) -> cst.CSTNode | None:
        """The inverse with its infinities zeroed, in the framework's idiom: ``torch.nan_to_num(x,
        posinf=0.0)``, ``np.nan_to_num(x, posinf=0.0)``, ``tf.math.divide_no_nan(1.0, d ** p)``. Safe:
        the value is unchanged wherever it was finite, and isolated nodes get 0 as PyG's gcn_norm does."""
        if not isinstance(node, cst.BaseExpression):
            return None
        framework = _framework_of(self.facts, node)
        if framework in ("torch", "numpy"):
            spelled = self.facts.spelling_for(f"{framework}.nan_to_num")
            if spelled is None:
                return None
            return cst.Call(func=cst.parse_expression(spelled), args=[
                cst.Arg(node.with_changes(lpar=[], rpar=[]) if isinstance(node, cst.BinaryOperation) else node,
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))),
                cst.Arg(cst.Float("0.0"), keyword=cst.Name("posinf"),
                        equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""),
                                              whitespace_after=cst.SimpleWhitespace("")))])
        if framework == "tensorflow":
            root = _positive_root(self.facts, node)
            spelled = self.facts.spelling_for("tensorflow.math.divide_no_nan")
            if root is None or spelled is None:
                return None
            return cst.Call(func=cst.parse_expression(spelled), args=[
                cst.Arg(cst.Float("1.0"), comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(root)])
        return None


class TinyDegreeEpsilon(_GraphRule):
    code = "GNN103"
    name = "tiny-degree-epsilon"
    severity = "warning"
    message = "the only guard of a degree inverse is an epsilon below 1e-6"
    fix_title = "add self-loops (A + I) or clamp the degree to at least 1 instead of a tiny epsilon"
    # A degree is a row sum, a degree call, or a count by segment (`scatter_add(ones, row)`, `bincount(col)`).
    triggers = ("sum", "deg", "scatter", "segment", "bincount")


class MissingSelfLoops(_GraphRule):
    code = "GNN104"
    name = "missing-self-loops"
    severity = "warning"
    message = "adjacency normalized without self-loops"
    fix_title = "add the identity before normalizing: A_hat = A + I"
    triggers = ("sum", "deg", "normalize", "scatter", "segment", "bincount")


class DenseDiagonalInverse(_GraphRule):
    code = "GNN105"
    name = "dense-diagonal-inverse"
    severity = "warning"
    message = "dense matrix inverse of a diagonal matrix"
    fix_title = "invert the diagonal element-wise: np.diag(1 / d) (with a zero guard)"
    triggers = ("inv",)


class DenseAdjacency(_GraphRule):
    code = "GNN106"
    name = "dense-adjacency"
    severity = "info"
    message = "dense n x n adjacency materialised for propagation"
    fix_title = "keep the graph sparse: edge_index / SparseTensor / tf.sparse with sparse matmul"
    triggers = ("to_dense_adj", "to_numpy", "todense", "toarray", "to_dense", "zeros", "empty", ".A")


def _framework_of(facts: Facts, node: cst.CSTNode) -> str | None:
    """Which library computes ``node``: its own qualified name, else the only one the file imports
    (tensor methods such as ``.pow()`` and ``.rsqrt()`` are PyTorch's)."""
    if isinstance(node, cst.Call):
        name = facts.call_name(node)
        if name is not None:
            root = name.split(".")[0]
            return {"torch": "torch", "numpy": "numpy", "tensorflow": "tensorflow"}.get(root)
        if isinstance(node.func, cst.Attribute) and node.func.attr.value in ("pow", "rsqrt", "reciprocal"):
            return "torch" if facts.is_imported("torch") else None
        return None
    imported = [f for f in ("torch", "numpy", "tensorflow") if facts.is_imported(f)]
    return imported[0] if len(imported) == 1 else None


def _positive_root(facts: Facts, node: cst.CSTNode) -> cst.BaseExpression | None:
    """``d ** p`` for an inverse written as ``d ** -p``, ``tf.pow(d, -p)``, ``tf.math.rsqrt(d)``,
    ``tf.math.reciprocal(d)`` or ``1 / d`` (the denominator ``divide_no_nan`` guards)."""
    if isinstance(node, cst.BinaryOperation):
        if isinstance(node.operator, cst.Divide) and number(node.left) == 1.0:
            return node.right
        exponent = number(node.right) if isinstance(node.operator, cst.Power) else None
        if exponent is not None and exponent < 0:
            return cst.BinaryOperation(left=node.left, operator=node.operator,
                                       right=cst.parse_expression(repr(-exponent)))
        return None
    if not isinstance(node, cst.Call):
        return None
    short = (facts.call_name(node) or "").rsplit(".", 1)[-1]
    first = argument(node, 0, None)
    if first is None:
        return None
    if short == "reciprocal":
        return first
    if short == "rsqrt":
        return cst.BinaryOperation(left=first, operator=cst.Power(), right=cst.Float("0.5"))
    if short == "pow":
        exponent = number(argument(node, 1, None))
        if exponent is not None and exponent < 0:
            return node.with_changes(args=[node.args[0], node.args[1].with_changes(value=cst.parse_expression(repr(-exponent)))])
    return None
