"""What graph code computes: adjacencies, degrees, their inverses, and how they were made safe.

The GNN1xx rules ask questions that the walk-order facts of :mod:`gnnlint.analysis.scopes` cannot answer:
whether an ``adj`` reaching ``adj @ x`` was normalized *somewhere* on the way, whether the inverse
``deg ** -0.5`` is patched *afterwards* (``deg_inv[np.isinf(deg_inv)] = 0``), and what a module's own
``normalize(adj)`` helper returns, even when it is defined after its caller. So this layer records
every store, in-place mutation, return and call of the module during the engine's single walk
(:meth:`GraphFacts.handlers`, fed by the engine), and evaluates expressions afterwards (:meth:`GraphFacts.value`) into a
small abstract value, :class:`Val`, by following names through the scope's stores up to the
statement asking, and through the module's helper functions with their arguments substituted.

It answers "not known" (``Val()``) whenever it cannot tell: an unknown call hides what it returns,
which keeps the rules from firing on code that normalizes with a helper from another module.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis import arms, feeds, ops, project, saved
from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import AUG_TO_BINARY, argument, dotted_name, number
from gnnlint.analysis.scopes import is_receiver, spelling
from gnnlint.analysis.tables import table_entries

if TYPE_CHECKING:
    from gnnlint.engine import FileContext
    from gnnlint.analysis.scopes import ScopeKind

TINY_EPSILON = 1e-6
# Evaluations per file before the layer gives up and answers "not known" (a few thousand is typical).
_STEP_BUDGET = 200_000

# Roots of libraries: never looked for among the project's files.
_LIBRARY_ROOTS = frozenset({"torch", "numpy", "scipy", "tensorflow", "keras", "tf_keras", "dgl", "torch_geometric",
                            "spektral", "networkx", "sklearn", "jax", "pandas", "math", "os", "sys", "time",
                            "random", "argparse", "collections", "itertools", "functools", "pickle", "json",
                            "ogb", "tqdm", "torch_sparse", "torch_scatter", "stellargraph", "tensorboardX"})
# What calling an instance of a model class runs (PyTorch, Keras, plain Python).
_CALL_METHODS = ("forward", "call", "__call__")

# Edge lists made symmetric: every edge of the argument, in both directions.
_UNDIRECTED = frozenset({"torch_geometric.utils.to_undirected", "torch_geometric.utils.undirected.to_undirected"})

# DGL graph methods returning the graph's adjacency as a sparse 0/1 matrix (its edge structure).
_DGL_ADJACENCY = frozenset({"adjacency_matrix", "adj_external"})

# Joining arrays end to end along an existing axis.
_CONCATENATE = frozenset({"cat", "concat", "concatenate", "hstack"})

_NUMPY_LIKE = ("numpy", "torch", "tensorflow", "keras", "tf_keras", "jax.numpy", "cupy")


# What reads a graph's pairs from storage: a file, a pickled or saved array, a table.
READERS = frozenset({"numpy.loadtxt", "numpy.genfromtxt", "numpy.load", "numpy.fromfile", "pandas.read_csv",
                      "pandas.read_table", "pandas.read_pickle", "pickle.load", "scipy.io.loadmat", "torch.load",
                      "json.load", "networkx.read_edgelist", "open"})


def _operands_of(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The expressions directly inside ``node``: a call's callee and arguments, an operation's operands."""
    if isinstance(node, cst.Call):
        return [node.func, *(a.value for a in node.args)]
    if isinstance(node, cst.Subscript):
        return [node.value]
    if isinstance(node, cst.Attribute):
        return [node.value]
    if isinstance(node, (cst.BinaryOperation,)):
        return [node.left, node.right]
    if isinstance(node, (cst.List, cst.Tuple)):
        return [e.value for e in node.elements]
    return []


def read_back_index(node: cst.CSTNode) -> cst.BaseExpression | None:
    """The index ``i`` of a gather along the first axis: ``x[i]`` or ``x.index_select(0, i)``."""
    if isinstance(node, cst.Subscript) and len(node.slice) == 1 and isinstance(node.slice[0].slice, cst.Index):
        return node.slice[0].slice.value
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "index_select" \
            and number(argument(node, 0, "dim")) == 0:
        return argument(node, 1, "index")
    return None


def _lib(name: str | None, *suffixes: str) -> bool:
    """``numpy.sum`` / ``torch.sum`` / ``tensorflow.math.reduce_sum``: a library function with one of
    these dotted suffixes, under a numerical package root."""
    if name is None:
        return False
    return any(name == f"{root}.{suffix}" for root in _NUMPY_LIKE for suffix in suffixes)


@dataclasses.dataclass(frozen=True)
class Val:
    """The abstract value of an expression. ``kind`` is one of:

    * ``adjacency``: ``origin`` is where it was built (None: a parameter, provenance unknown),
      ``normalized`` how it was normalized (None: raw), ``self_loops`` how they were added;
    * ``degree``: a degree vector (``diagonal``: matrix) raised to ``power`` (1 = the degree,
      -0.5 = inverse square root); ``guard`` says what keeps it off zero, ``eps`` holds a tiny
      additive epsilon when that is all there is;
    * ``edges``: an edge index or edge weights (``self_loops`` when added, ``normalized``);
    * ``matrix`` (a 2-D zeros matrix or a batch of them, not yet filled), ``mask`` (a 0/1 matrix
      filled at index pairs, such as sampled neighbours: its row sums may be 0);
    * ``rowsums`` (the row sums of a matrix not known, held by the binding ``base``, raised to ``power``);
    * ``laplacian`` (``degree_diagonal`` when it is D - A, unnormalised), ``eye`` (an identity),
      ``square`` (an anonymous dense n x n matrix), ``offdiagonal`` (a mask that zeroes the diagonal:
      ``eye(n) == 0``, ``1 - eye(n)``), ``number`` (``value``), ``dataset`` (a Spektral
      dataset), ``list`` (a Python list, ``element`` says of what), ``other`` (not known).
    """

    kind: str = "other"
    origin: cst.CSTNode | None = None
    normalized: str | None = None
    self_loops: str | None = None
    dense: cst.CSTNode | None = None
    diagonal: bool = False
    power: float = 1.0
    guard: str | None = None
    eps: tuple[float, cst.CSTNode] | None = None
    value: float | None = None
    # A degree taken of something whose provenance is unknown (a parameter, an index tensor).
    unknown_source: bool = False
    # Came in through a helper's parameter, substituted from a call site.
    from_env: bool = False
    # An adjacency multiplied by a degree that was not inverted.
    times_degree: cst.CSTNode | None = None
    # The sources of the indices a degree counted over (``degree(col, n)``) is read back at: at
    # ``col``, every entry read counts at least the edge being read (see :meth:`GraphFacts._counted_over`).
    counted_over: tuple[str, ...] | None = None
    # Read back at an index it counts over: every entry is >= 1.
    read_back: bool = False
    # A per-node sum of weights (``scatter_add(w, col)``), not a count of ones: read back at ``col``,
    # an entry holds at least the weight read, which may be 0: no degree >= 1, a sum (GNN504's).
    weighted: bool = False
    # An adjacency filled at index pairs whose provenance this analysis cannot establish (a kNN
    # search, a thresholded similarity): whether a pair joins a node to itself is not known, so it
    # is not claimed to lack self-loops.
    loops_unknown: bool = False
    # ``input`` (a function parameter whose provenance is unknown) a degree was taken of: an input
    # scaled by the inverse of its own degree is an adjacency being normalized, whatever its name.
    base: cst.CSTNode | None = None
    # A combinatorial Laplacian D - A (``laplacian``), or the edges and weights that list one
    # (``edges``, from ``get_laplacian(..., normalization=None)``): its diagonal is the degree.
    degree_diagonal: bool = False
    # ``list``: what indexing it or iterating over it gives (a list of metapath adjacencies built by
    # ``append``); None while nothing known was put in.
    element: Val | None = None
    # ``list`` written out (``[x, a]``, ``(x, a)``): what each position holds, for the element a
    # callee unpacks (``x, a = inputs`` in a Keras layer's ``call``) or indexes (``inputs[1]``).
    items: tuple[Val, ...] | None = None
    # ``list`` written as ``(coordinates, entries, shape)`` of one matrix (what a TF1 sparse
    # placeholder is fed): that matrix's value.
    coo: Val | None = None
    # ``input``: the identity was subtracted (``a - I``) or the diagonal zeroed (``setdiag(0)``): the
    # code removed the self-loops of a matrix it treats as a graph, so it is known to hold none.
    loops_removed: cst.CSTNode | None = None

    @property
    def is_adjacency(self) -> bool:
        return self.kind == "adjacency"

    @property
    def is_raw_adjacency(self) -> bool:
        return self.kind == "adjacency" and self.normalized is None and self.origin is not None

    @property
    def is_degree(self) -> bool:
        return self.kind == "degree"

    @property
    def at_least_one(self) -> bool:
        """A degree every entry of which counts at least one edge: self-loops, or read back where counted."""
        return self.kind == "degree" and (self.self_loops is not None or self.read_back)

    @property
    def is_inverse(self) -> bool:
        return self.kind == "degree" and self.power < 0


UNKNOWN = Val()


class Bound(dict):  # type: ignore[type-arg]  # dict[str, Val], with the literals beside it
    """What one call binds to a function's parameters, and the literals among them that its
    ``if``s test (``norm=False`` passed, or a literal default left): ``spans`` are the statements
    those literals rule out (see :mod:`gnnlint.analysis.arms`)."""

    def __init__(self, values: dict[str, Val], function: Scope, literals: dict[str, Any],
                 spans: list[tuple[int, int]]) -> None:
        super().__init__(values)
        self.function = function
        self.literals = literals
        self.spans = spans


@dataclasses.dataclass
class Branch:
    """The body of an ``if flag:`` with no ``else`` (``flag`` a name, ``self.x`` or ``not name``): a
    configuration switch, so the code after it runs both with and without the body. ``end`` is the
    order of the body's last statement, set when the walk leaves it."""

    start: int
    scope: Scope
    end: int | None = None
    test: cst.BaseExpression | None = None


@dataclasses.dataclass(frozen=True)
class Store:
    """``target = value`` (``assign``), ``target op= value`` (``augassign``, ``operator`` set),
    ``target[...] = value`` (``subscript``, ``node`` is the subscript), element ``index`` of an
    unpacked ``value`` (``unpack``), a loop variable (``for``)."""

    target: str
    value: cst.BaseExpression | None
    kind: str
    order: int
    node: cst.CSTNode
    index: int | None = None
    operator: cst.BaseAugOp | None = None
    # Where the statement runs, when that is not the scope holding the store: ``self.x = f(a)`` is
    # kept with the class but its value is computed in the method, with the method's names.
    where: Scope | None = None
    # The ``if flag:`` body the store is made in, if any: after it, the value may be the one before.
    branch: Branch | None = None


@dataclasses.dataclass(frozen=True)
class Site:
    """An expression of interest (a call, a binary operation) with where it was met."""

    node: cst.CSTNode
    scope: Scope
    order: int
    statement: cst.CSTNode


class Scope:
    """A module, class or function body: its stores, in-place mutations, returns and sites."""

    def __init__(self, kind: ScopeKind, name: str, node: cst.CSTNode, parent: Scope | None,
                 graph: GraphFacts | None = None) -> None:
        self.kind = kind
        self.graph: GraphFacts | None = graph if graph is not None else (parent.graph if parent else None)
        self.name = name
        self.node = node
        self.parent = parent
        self.params: list[str] = []
        self.stores: dict[str, list[Store]] = {}
        # receiver -> [(method or "fn:<qualified name>", call, order)]
        self.mutations: dict[str, list[tuple[str, cst.Call, int]]] = {}
        self.returns: list[tuple[cst.BaseExpression, int]] = []
        self.sites: list[Site] = []
        # The parameters its `if`s test, with the key they were read under (see GraphFacts._tested_params).
        self.tested: tuple[tuple[int, int], set[str]] | None = None

    def __repr__(self) -> str:
        return f"<Scope {self.kind} {self.name}>"

    def call_params(self, call: cst.Call | None = None) -> list[str]:
        """The parameters in the order a call fills them: without the leading ``self``/``cls`` that
        a call through an attribute (``obj.method(...)``) passes implicitly; with no ``call``, that
        any call passes implicitly (constructors, callers gathered in several forms). Calling an
        instance (``model(x, adj)``) runs its ``forward``/``call`` with the instance as ``self``."""
        instance_call = self.parent is not None and self.parent.kind == "class" \
            and self.name.rsplit(".", 1)[-1] in _CALL_METHODS
        if self.params[:1] in (["self"], ["cls"]) and (call is None or instance_call
                                                      or isinstance(call.func, cst.Attribute)):
            return self.params[1:]
        return list(self.params)


class GraphFacts:
    """Every store, mutation, return and site of one module, and the evaluation of expressions."""

    def __init__(self, context: FileContext) -> None:
        self.context = context
        self.facts = context.facts
        self.module_scope = Scope("module", "", context.module, None, self)
        self.scopes: list[Scope] = [self.module_scope]
        self.functions: dict[str, Scope] = {}  # "name" or "Class.name"
        self._stack: list[Scope] = [self.module_scope]
        self._branches: list[Branch | None] = []
        # Each `if` with an `else`/`elif` being walked: [node, order of its test, last order of its body].
        self._ifs: list[list[Any]] = []
        # (test, last of body, last of orelse) of each `if` with an `else`: its arms never both run.
        self._arms: list[tuple[int, int, int]] = []
        # order -> {arm index: in its body (else in its orelse)}, for each order `apart` was asked about.
        self._arm_paths: dict[int, dict[int, bool]] = {}
        # scope id -> each `if` of its body (see arms.IfArms), to rule out an arm by a parameter's literal
        self._if_arms: dict[int, list[arms.IfArms]] = {}
        # (function id, importers read) -> the literals every call passes to the parameters its
        # `if`s test, and the statements they rule out
        self._caller_literals: dict[tuple[int, bool], tuple[dict[str, Any], list[tuple[int, int]]]] = {}
        self._values_read: frozenset[str] | None = None  # see _read_as_values
        # (scope id, name, order of the last store, arms recorded) -> the stores of its if/elif chain.
        self._chains: dict[tuple[int, str, int, int], list[Store] | None] = {}
        self._factory_classes: dict[int, list[tuple[Path, str]]] = {}
        self._writes: list[tuple[cst.Call, Site, cst.BaseExpression, str, str]] | None = None
        self._stars: list[GraphFacts] | None = None  # see _star_modules
        # Loops the walk is inside: an if/else in a loop can run one arm, then the other on the next pass.
        self._loops = 0
        self.star_imports: list[str] = []  # `from utility.helper import *`: modules whose names are ours
        self._order = 0
        self._statement: cst.CSTNode = context.module
        self._statement_order = 0
        self._memo: dict[tuple[object, ...], tuple[Any, ...]] = {}
        self._depth = 0
        self._steps = 0
        self._helper_depth = 0
        self._caller_depth = 0
        # Bumped each time a depth limit stops a helper or caller from being followed: a value
        # evaluated under such a cut is not memoized, since evaluated again from a shallower
        # place (the call site itself) it is followed in full.
        self._cuts = 0
        self.classes: set[str] = set()
        self._callers: dict[tuple[Path, str], list[tuple[cst.Call, Scope, int]]] | None = None
        self._elsewhere: dict[int, list[tuple[cst.Call, Scope, int]]] = {}
        self._feed_index: feeds.FeedIndex | None = None
        # Each call met, with its number in walk order and its site.
        self._calls: dict[cst.CSTNode, tuple[int, Site]] = {}
        # (function id, parameter) -> the project class every call of it passes an instance of
        self._instances_passed: dict[tuple[int, str], tuple[Path, str] | None] = {}
        self.complete = False  # the whole module recorded (the walk has left it)
        # The project's other modules (None for text with no file behind it).
        self.project = project.for_file(context.path)
        self.path = Path(os.path.abspath(context.path))

    def forget_evaluations(self) -> None:
        """Drop what was evaluated (not what was recorded): a project module's record is reused for
        the next linted file, whose dependencies its evaluations must be recorded against."""
        self._memo.clear()
        self._elsewhere.clear()
        self._instances_passed.clear()
        self._factory_classes.clear()
        self._stars = None
        self._callers = None
        self._caller_literals.clear()
        self._steps = 0

    @classmethod
    def of(cls, context: FileContext) -> GraphFacts:
        """The one instance per file, shared by every graph rule."""
        return context.shared("graph", lambda: cls(context))

    # -- recording, during the walk -------------------------------------------------------------

    def handlers(self) -> tuple[dict[type, Callable[..., None]], dict[type, Callable[..., None]]]:
        """(on entering, on leaving) by exact node type: the engine feeds the record as it walks,
        before any rule sees the node."""
        enter: dict[type, Callable[..., None]] = {
            kind: self.statement for kind in (cst.SimpleStatementLine, cst.With, cst.Try)}
        for kind in (cst.Assign, cst.AnnAssign, cst.AugAssign, cst.Expr, cst.Return):
            enter[kind] = self._small_statement
        enter[cst.While] = self._enter_while
        enter[cst.If] = self._enter_if
        enter[cst.Else] = self._enter_else
        enter[cst.ImportFrom] = self._enter_import_from
        self._small_handlers: dict[type, Callable[..., None]] = {
            cst.Assign: self._enter_assign, cst.AnnAssign: self._enter_ann_assign,
            cst.AugAssign: self._enter_aug_assign, cst.Expr: self._enter_expr, cst.Return: self._enter_return}
        enter.update({cst.For: self._enter_for, cst.FunctionDef: self._enter_function_def,
                      cst.ClassDef: self._enter_class_def, cst.Call: self.site,
                      cst.BinaryOperation: self._enter_binary, cst.Attribute: self._enter_attribute,
                      cst.CompFor: self._enter_comp_for})
        return enter, {cst.FunctionDef: self._leave_definition, cst.ClassDef: self._leave_definition,
                       cst.Module: self._leave_module, cst.If: self._leave_if,
                       cst.For: self._leave_loop, cst.While: self._leave_loop}

    def _small_statement(self, node: cst.BaseSmallStatement) -> None:
        """``deg = a.sum(1); inv = deg.pow(-0.5)``, ``if c: a = f(x)``: a statement that shares its line
        with the one before it, or is the one-line body of a block, comes after what precedes it, so
        it sees the stores made there."""
        line = self._statement
        if not (isinstance(line, cst.SimpleStatementLine) and line.body and line.body[0] is node):
            self._order += 1
            self._statement_order = self._order
        self._small_handlers[type(node)](node)

    def _enter_import_from(self, node: cst.ImportFrom) -> None:
        if isinstance(node.names, cst.ImportStar) and self.scope is self.module_scope:
            module = dotted_name(node.module) if node.module is not None else ""
            self.star_imports.append("." * len(node.relative) + (module or ""))

    def _star_modules(self, depth: int = 0) -> list[GraphFacts]:
        """The project modules this one star-imports, and those they star-import (two levels); kept
        for the linted file (a name lookup asks for each name, and a package that star-imports a
        dozen modules would otherwise be recorded again, each of them with it, at every lookup)."""
        if self.project is None or depth > 1:
            return []
        if depth == 0 and self._stars is not None:
            return self._stars
        found = []
        for module in self.star_imports:
            if module.split(".")[0] in _LIBRARY_ROOTS:
                continue
            path = self.project.module_file(self.path, module)
            other = self.project.facts_of(path) if path is not None else None
            if other is not None and other is not self:
                found += [other, *other._star_modules(depth + 1)]
        if depth == 0:
            self._stars = found
        return found

    def _star_name(self, name: str) -> tuple[GraphFacts, str] | None:
        """The star-imported module whose module-level code binds ``name`` or defines it as a class."""
        for other in self._star_modules():
            if name in other.classes or name in other.module_scope.stores:
                return other, name
        return None

    def _enter_if(self, node: cst.If) -> None:
        if self._ifs and self._ifs[-1][0].orelse is node:
            self._ifs[-1][2] = self._order  # an `elif`: the body before it has ended
        self.statement(node)
        self._ifs.append([node, self._order, None])
        switch = node.orelse is None and _is_switch(node.test)
        self._branches.append(Branch(self._order, self.scope, test=node.test) if switch else None)

    def _enter_else(self, node: cst.Else) -> None:
        if self._ifs and self._ifs[-1][0].orelse is node:
            self._ifs[-1][2] = self._order

    def _leave_if(self, node: cst.If) -> None:
        if self._ifs and self._ifs[-1][0] is node:
            _, test, body_end = self._ifs.pop()
            if body_end is not None and not self._loops:
                self._add_arm(test, body_end, self._order)
            scope = self.scope
            top_level = scope.kind == "function" and node in getattr(scope.node.body, "body", ())  # type: ignore[attr-defined]
            self._if_arms.setdefault(id(scope), []).append(arms.IfArms(
                node.test, test, body_end if body_end is not None else self._order, self._order, top_level,
                arms.always_exits(node.body), arms.always_exits(node.orelse)))
        branch = self._branches.pop() if self._branches else None
        if branch is not None:
            branch.end = self._order

    def _branch(self) -> Branch | None:
        """The innermost ``if flag:`` body of the current scope the walk is in."""
        for branch in reversed(self._branches):
            if branch is not None and branch.scope is self.scope:
                return branch
        return None

    def _leave_module(self, node: cst.Module) -> None:
        # What was evaluated during the walk saw only the stores and calls met so far.
        self.forget_evaluations()
        self.complete = True

    def _enter_for(self, node: cst.For) -> None:
        self.statement(node)
        self._loops += 1
        self.store(node.target, node.iter, "for", node)

    def _enter_while(self, node: cst.While) -> None:
        self.statement(node)
        self._loops += 1

    def _leave_loop(self, node: cst.For | cst.While) -> None:
        self._loops -= 1

    def _enter_comp_for(self, node: cst.CompFor) -> None:
        # `[norm(a) for a in adjs]`: `a` is each element of `adjs`, seen only by its own statement.
        self.store(node.target, node.iter, "comp", node)

    def _enter_function_def(self, node: cst.FunctionDef) -> None:
        self.statement(node)
        self.enter_function(node)

    def _enter_class_def(self, node: cst.ClassDef) -> None:
        self.statement(node)
        self.enter_class(node)

    def _leave_definition(self, node: cst.CSTNode) -> None:
        self.leave_scope()

    def _enter_assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self.store(target.target, node.value, "assign", node)

    def _enter_ann_assign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self.store(node.target, node.value, "assign", node)

    def _enter_aug_assign(self, node: cst.AugAssign) -> None:
        self.store(node.target, node.value, "augassign", node, operator=node.operator)
        self.site(node)

    def _enter_expr(self, node: cst.Expr) -> None:
        if isinstance(node.value, cst.Call):
            self.expression_statement(node.value)

    def _enter_return(self, node: cst.Return) -> None:
        if node.value is not None:
            self.returned(node.value)

    def _enter_binary(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, (cst.MatrixMultiply, cst.Power, cst.Divide, cst.Multiply, cst.Add)):
            self.site(node)

    def _enter_attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "A":  # a SciPy sparse matrix read as a dense array: a dense conversion
            self.site(node)

    def value_here(self, expr: cst.BaseExpression) -> Val:
        """What ``expr`` holds at the statement the walk is in (stores of that statement excluded),
        for rules that judge during the walk."""
        return self.value(expr, *self.here())

    def across_modules(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Val:
        """What ``expr`` holds when its function's callers in the modules that import this one count
        too (a layer's graph is built by ``train.py``). Reading those modules costs a parse each, so
        a rule asks this only where it is about to report and a guard upstream would clear it."""
        if self.project is None:
            return self.value(expr, scope, at)
        self.project.reach = True
        try:
            return self.value(expr, scope, at)
        finally:
            self.project.reach = False

    def here(self) -> tuple[Scope, int]:
        """The scope and statement the walk is in: where a rule judging during the walk asks."""
        return self.scope, self._statement_order

    @property
    def scope(self) -> Scope:
        return self._stack[-1]

    def statement(self, node: cst.CSTNode) -> None:
        self._order += 1
        self._statement = node
        self._statement_order = self._order

    def enter_function(self, node: cst.FunctionDef) -> None:
        owner = next((s.name for s in reversed(self._stack) if s.kind == "class"), None)
        name = f"{owner}.{node.name.value}" if owner else node.name.value
        scope = Scope("function", name, node, self.scope)
        params = [*node.params.posonly_params, *node.params.params]
        scope.params = [spelling(p.name) for p in params]
        for param in [*params, *node.params.kwonly_params]:
            scope.stores.setdefault(spelling(param.name), []).append(
                Store(spelling(param.name), param.default, "param", 0, param))
        self.scopes.append(scope)
        self.functions.setdefault(name, scope)
        self._stack.append(scope)

    def enter_class(self, node: cst.ClassDef) -> None:
        scope = Scope("class", node.name.value, node, self.scope)
        if self.scope is self.module_scope:
            self.classes.add(node.name.value)
        self.scopes.append(scope)
        self._stack.append(scope)

    def leave_scope(self) -> None:
        if len(self._stack) > 1:
            self._stack.pop()

    def store(self, target: cst.BaseExpression, value: cst.BaseExpression | None, kind: str,
              node: cst.CSTNode, operator: cst.BaseAugOp | None = None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            elements = [e.value for e in target.elements]
            star = next((i for i, e in enumerate(target.elements) if isinstance(e, cst.StarredElement)), None)
            if isinstance(value, (cst.Tuple, cst.List)) and len(value.elements) == len(elements) and star is None \
                    and not any(isinstance(e, cst.StarredElement) for e in value.elements):
                for element, part in zip(elements, (e.value for e in value.elements)):
                    self.store(element, part, kind, node)
            else:
                for index, element in enumerate(elements):
                    name = dotted_name(element)
                    if name is None:
                        continue
                    # `x, *rest, a = inputs`: from the star on, a target's position is not known
                    # (the length of what is unpacked decides it): no value, not the left-hand count.
                    known = star is None or index < star
                    self._scope_for(name).stores.setdefault(name, []).append(
                        Store(name, value if known else None,
                              "unpack" if kind == "assign" else kind if kind == "comp" else "for",
                              self._statement_order, node, index=index if known else None,
                              where=self._method_of(name),
                              branch=self._branch() if not name.startswith("self.") else None))
            return
        if isinstance(target, cst.Subscript):
            base = dotted_name(target.value)
            if base is not None:
                self._scope_for(base).stores.setdefault(base, []).append(
                    Store(base, value, "subscript", self._statement_order, target, operator=operator,
                          where=self._method_of(base)))
            return
        name = dotted_name(target)
        if name is not None:
            self._scope_for(name).stores.setdefault(name, []).append(
                Store(name, value, kind, self._statement_order, node, operator=operator, where=self._method_of(name),
                      branch=self._branch() if not name.startswith("self.") else None))

    def expression_statement(self, call: cst.Call) -> None:
        """``x.masked_fill_(...)``, ``np.fill_diagonal(A, 1)``: calls that change their receiver."""
        if isinstance(call.func, cst.Attribute) and self.facts.qualified_name(call.func) is None:
            receiver = dotted_name(call.func.value)
            if receiver is not None:
                self._scope_for(receiver).mutations.setdefault(receiver, []).append(
                    (call.func.attr.value, call, self._statement_order))
            return
        name = self.facts.call_name(call)
        first = argument(call, 0, None)
        receiver = dotted_name(first) if first is not None else None
        if name is not None and receiver is not None:
            self._scope_for(receiver).mutations.setdefault(receiver, []).append(
                (f"fn:{name}", call, self._statement_order))

    def returned(self, value: cst.BaseExpression) -> None:
        self.scope.returns.append((value, self._statement_order))

    def site(self, node: cst.CSTNode) -> None:
        site = Site(node, self.scope, self._statement_order, self._statement)
        self.scope.sites.append(site)
        if isinstance(node, cst.Call):
            self._calls[node] = (len(self._calls), site)

    def call_number(self, call: cst.Call) -> int | None:
        """Where ``call`` comes among the calls of the module in walk order: the same in every record
        of the file (each its own tree), so it names the call across them."""
        known = self._calls.get(call)
        return known[0] if known is not None else None

    def _method_of(self, name: str) -> Scope | None:
        return self.scope if name.startswith("self.") and self.scope.kind == "function" else None

    def _scope_for(self, name: str) -> Scope:
        if name.startswith("self."):
            for scope in reversed(self._stack):
                if scope.kind == "class":
                    return scope
        return self.scope

    # -- queries --------------------------------------------------------------------------------

    def line(self, node: cst.CSTNode) -> int:
        return self.context.line(node) or 0  # the engine's positions, computed once per file

    def source(self, node: cst.CSTNode) -> str:
        text = self.context.module.code_for_node(node).strip()
        return text if len(text) <= 60 else text[:57] + "..."

    def lookup(self, name: str, scope: Scope, at: int,
               dead: list[tuple[int, int]] | None = None) -> tuple[Store | None, Scope | None]:
        """The last store to ``name`` before statement ``at``, in ``scope`` or the scopes around it
        (an outer scope's stores all count: a function runs after the module body); none of
        ``scope``'s own in the ``dead`` statements (an arm ruled out by a parameter's literal)."""
        current: Scope | None = scope
        first = True
        while current is not None:
            if current.kind == "class" and not name.startswith("self."):
                current = current.parent
                continue
            if current.kind == "class" and scope.kind == "function":
                stores = self._attribute_stores([s for s in current.stores.get(name, []) if self._seen(s, at, first)],
                                                scope, at)
                if stores:
                    return stores[-1], current
            else:  # the last one seen: from the end, so a long if/elif chain is not scanned per read
                found = next((s for s in reversed(current.stores.get(name, [])) if self._seen(s, at, first)
                              and not (first and dead and arms.is_dead(s.order, dead))), None)
                if found is not None:
                    return found, current
            if name.startswith("self.") and current.kind == "class":
                return None, None
            current = current.parent
            first = False
        return None, None

    def _seen(self, store: Store, at: int, first: bool) -> bool:
        """Whether a read at statement ``at`` may see ``store`` (``first``: made in the read's own
        scope, where only the stores before it count). A comprehension's variable is seen by its own
        statement only; an item assignment is a change, not a store of the name."""
        if store.kind == "subscript":
            return False
        if not first:
            return store.kind != "comp"
        if store.kind == "comp":
            return store.order == at
        return store.order < at and not self.apart(store.order, at)

    @staticmethod
    def _attribute_stores(stores: list[Store], method: Scope, at: int) -> list[Store]:
        """The stores of ``self.x`` that a read in ``method`` at statement ``at`` may see: those the
        method made before it (``self.d = diag(...)`` then ``self.d = self.d.inverse()``), else those
        of the other methods (``__init__`` sets what ``forward`` reads)."""
        mine = [s for s in stores if s.where is method]
        if not mine:
            return stores
        before = [s for s in mine if s.order < at]
        return before or [s for s in stores if s.where is not method]

    def after(self, name: str, scope: Scope, start: int, end: int | None,
              dead: list[tuple[int, int]] | None = None) -> Iterator[tuple[str, cst.CSTNode, cst.BaseExpression | None]]:
        """In-place changes to ``name`` in ``scope`` between statements ``start`` and ``end``:
        ("subscript", target, value) for ``name[...] = value`` and (method, call, None) for calls;
        none in ``scope``'s ``dead`` statements."""
        home = self._home(name, scope)
        if home is None:
            return
        dead = dead if home is scope else None
        for store in home.stores.get(name, []):
            if store.kind == "subscript" and self._between(store.order, start, end) \
                    and not (dead and arms.is_dead(store.order, dead)):
                yield "subscript", store.node, store.value
        for method, call, order in home.mutations.get(name, []):
            if self._between(order, start, end) and not (dead and arms.is_dead(order, dead)):
                yield method, call, None

    def _between(self, order: int, start: int, end: int | None) -> bool:
        """A change at ``order`` made to what was stored at ``start`` and seen at ``end``: not one made
        in another arm of an ``if``/``else`` than either."""
        return order > start and (end is None or order < end) and not self.apart(order, start) \
            and (end is None or not self.apart(order, end))

    def later_stores(self, name: str, scope: Scope, start: int) -> list[Store]:
        home = self._home(name, scope)
        return [s for s in home.stores.get(name, []) if s.order > start] if home is not None else []

    def _home(self, name: str, scope: Scope) -> Scope | None:
        current: Scope | None = scope
        while current is not None:
            if name in current.stores or name in current.mutations:
                return current
            current = current.parent
        return None

    def function_for(self, call: cst.Call, scope: Scope, at: int | None = None) -> Scope | None:
        """The project's function that ``call`` runs, if any: ``helper(...)``, ``self.method(...)``,
        an imported ``utils.normalize(...)``, or a call of an instance of a project class
        (``model(g, x)`` with ``model = Net(...)``, ``self.conv(g, x)`` with ``self.conv = Conv(...)``),
        which runs its ``forward``/``call``. Another module is read only when the call goes there."""
        if scope.graph is not self and scope.graph is not None:
            return scope.graph.function_for(call, scope, at)  # a call written in another project module
        qualified = self.facts.qualified_name(call.func)
        if qualified is not None:
            found = self.imported(qualified)  # follows a package's re-exports
            return found[0].functions.get(found[1]) if found is not None else None  # a class is constructed
        for path, name in self._targets(call, scope, at if at is not None else self._order + 1, tables=False):
            graph = self if path == self.path else (self.project.facts_of(path) if self.project else None)
            if graph is not None and name in graph.functions:
                return graph.functions[name]
        return None

    def _class_around(self, scope: Scope | None) -> Scope | None:
        while scope is not None and scope.kind != "class":
            scope = scope.parent
        return scope

    def imported(self, qualified: str) -> tuple[GraphFacts, str] | None:
        """The project module and name an imported ``qualified`` name refers to (``utils.normalize``,
        ``.layers.GATLayer``), following a package's re-exports; None for a library."""
        if self.project is None:
            return None
        graph: GraphFacts = self
        for _ in range(3):
            where = graph._where(qualified)
            if where is None:
                return None
            other = self.project.facts_of(where[0])
            if other is None:
                return None
            name = where[1]
            if name in other.functions or name in other.classes:
                return other, name
            again = other.facts.aliases.get(name.split(".")[0])  # ``from .layer import GATLayer`` in a package
            if again is None:
                return None
            graph, qualified = other, again + name[len(name.split(".")[0]):]
        return None

    def callers(self, function: Scope, constructed: bool = False) -> list[tuple[cst.Call, Scope, int]]:
        """Every call in the module that runs ``function`` (of this module or another one): (call,
        calling scope, statement order); during the walk, the calls met so far. Where a call goes
        is told from names and imports alone: no other module is read to find callers. With
        ``constructed``, ``function`` is a class's ``__init__`` and the calls are those of the class."""
        if function.graph is None:
            return []
        index = self._callers
        if index is None:
            index = {}
            for scope in self.scopes:
                for site in scope.sites:
                    if isinstance(site.node, cst.Call):
                        for target in self._targets(site.node, scope, site.order):
                            index.setdefault(target, []).append((site.node, scope, site.order))
            if self.complete:
                self._callers = index
        name = function.name.rsplit(".", 1)[0] if constructed else function.name
        return [c for c in index.get((function.graph.path, name), []) if c[1] is not function]

    def _targets(self, call: cst.Call, scope: Scope, at: int, tables: bool = True) -> list[tuple[Path, str]]:
        """What ``call`` may run, as (module file, ``name`` or ``Class.method``); with ``tables``,
        every entry of a table of functions it may call too."""
        qualified = self.facts.qualified_name(call.func)
        if qualified is not None:
            where = self._where(qualified)
            return [where] if where is not None else []
        if isinstance(call.func, cst.Name) and (call.func.value in self.functions or call.func.value in self.classes):
            return [(self.path, call.func.value)]
        if isinstance(call.func, cst.Name):
            owner = self._class_around(scope)  # a function defined inside a method: `Class.helper`
            if owner is not None and f"{owner.name}.{call.func.value}" in self.functions \
                    and self.lookup(call.func.value, scope, at)[0] is None:
                return [(self.path, f"{owner.name}.{call.func.value}")]
        if isinstance(call.func, cst.Attribute) and is_receiver(call.func.value):
            owner = self._class_around(scope)
            if owner is not None and f"{owner.name}.{call.func.attr.value}" in self.functions:
                return [(self.path, f"{owner.name}.{call.func.attr.value}")]
        if isinstance(call.func, cst.Attribute) and isinstance(call.func.value, cst.Name) \
                and call.func.value.value in self.classes \
                and f"{call.func.value.value}.{call.func.attr.value}" in self.functions \
                and self.lookup(call.func.value.value, scope, at)[0] is None:
            # `Loader.normalize(x)`: a static or class method called through its class.
            return [(self.path, f"{call.func.value.value}.{call.func.attr.value}")]
        if isinstance(call.func, cst.Attribute) and call.func.attr.value not in _RETURNS_MODULE:
            # `data.get_adj_mat()` with `data = Data(...)`: the method of the project class.
            instance = self._instance_where(call.func.value, scope, at, 0)
            if instance is not None:
                return [(instance[0], f"{instance[1]}.{call.func.attr.value}")]
        built = self._instance_where(call.func, scope, at, 0)
        targets = [(built[0], f"{built[1]}.{method}") for method in _CALL_METHODS] if built is not None else []
        if tables:
            # `if args.model == "gcn": model = GCN(...) elif ...: model = SAGE(...)`: any arm's class runs.
            # An arm's class whose `forward` cannot take this call's arguments is not the one it runs.
            targets += [(path, f"{name}.{method}") for path, name in self._arm_instances(call.func, scope, at)
                        for method in _CALL_METHODS if (path, f"{name}.{method}") not in targets
                        and self._may_take(call, path, f"{name}.{method}")]
        if tables and self._may_hold_functions(call.func, scope, at):
            targets += [(f.graph.path, f.name) for f in self.function_values(call.func, scope, at)
                        if f.graph is not None]
        if tables and not targets:
            # `model(x, adj)` with `model = MODELS[args.model](...)`: any class of the table runs.
            targets = [(path, f"{name}.{method}") for path, name in self._table_instance(call.func, scope, at)
                       for method in _CALL_METHODS]
        return targets

    def _may_take(self, call: cst.Call, path: Path, name: str) -> bool:
        """Whether the function ``name`` of module ``path`` accepts ``call``'s positional arguments
        (an instance call: ``self`` is passed implicitly); True where it cannot be told."""
        graph = self if path == self.path else (self.project.facts_of(path) if self.project else None)
        function = graph.functions.get(name) if graph is not None else None
        if function is None or not isinstance(function.node, cst.FunctionDef) \
                or any(a.star or a.keyword is not None for a in call.args):
            return True
        params = function.node.params
        if isinstance(params.star_arg, cst.Param) or params.star_kwarg is not None or params.kwonly_params:
            return True
        positional = [*params.posonly_params, *params.params][1:]  # without the receiver
        required = [p for p in positional if p.default is None]
        return len(required) <= len(call.args) <= len(positional)

    def _table_instance(self, expr: cst.BaseExpression, scope: Scope, at: int) -> list[tuple[Path, str]]:
        """The project classes a name may hold an instance of when it was built by a class picked
        from a literal table (``{"gcn": GCN, "gin": GIN}[args.model](...)``, ``table.get(key)(...)``,
        ``cls = MODELS[name]; model = cls(...)``): see :func:`tables.table_entries`."""
        name = dotted_name(expr)
        if name is None:
            return []
        store, home = self.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign" or not isinstance(store.value, cst.Call):
            return []
        where_built, order = home, store.order

        def held(name: cst.Name) -> cst.BaseExpression | None:
            found = self.lookup(name.value, where_built, order)[0]
            return found.value if found is not None and found.kind == "assign" else None

        pick = store.value.func
        if isinstance(pick, cst.Name):
            pick = held(pick) or pick
        found = []
        for entry in table_entries(pick, held):
            where = self._instance_where(cst.Call(func=entry), home, store.order, 1)
            if where is None:
                return []  # a class of a library among them: not only project code runs
            found.append(where)
        return sorted(set(found))

    def _arm_instances(self, expr: cst.BaseExpression, scope: Scope, at: int,
                       depth: int = 0) -> list[tuple[Path, str]]:
        """The project classes a name may hold an instance of when each arm of one ``if``/``elif``
        chain builds a different one (the model picked by an option): the last store before ``at``
        and the stores in the other arms of its chain. Empty where one arm builds something else (a
        library class: not only project code runs) or where there is a single candidate."""
        name = dotted_name(expr)
        if name is None or self.facts.qualified_name(expr) is not None:
            return []
        last, home = self.lookup(name, scope, at)
        if last is None or home is None or last.kind != "assign":
            return []
        moved = last.value
        if isinstance(moved, cst.Call) and isinstance(moved.func, cst.Attribute) \
                and moved.func.attr.value in _RETURNS_MODULE and dotted_name(moved.func.value) is not None:
            # `model = model.to(device)` after the chain: the instance the chain picked, moved. (Two
            # methods moving `self.model` each read the other's store: the depth ends the cycle.)
            return self._arm_instances(moved.func.value, last.where or home, last.order, depth + 1) if depth < 6 else []
        if isinstance(moved, cst.Call) and depth < 3:
            factory = self.function_for(moved, last.where or home, last.order)
            if factory is not None and factory.graph is not None and factory.returns:
                return factory.graph._factory_arms(factory, depth + 1)
        arms = self._chain(name, home, last)
        if arms is None:
            return []
        found = []
        for store in arms:
            where = self._instance_where(store.value, store.where or home, store.order, 1) \
                if store.value is not None else None
            if where is None:
                return []
            found.append(where)
        return sorted(set(found))

    def factory_classes(self, factory: Scope) -> list[tuple[Path, str]]:
        """The project classes a factory function of this module returns instances of: the one it
        builds on every path, or each one an if/elif chain picks."""
        key = id(factory)
        if key in self._factory_classes:  # (every method of every importer's class asks)
            return self._factory_classes[key]
        arms = self._factory_arms(factory, 1)  # (factory_of reads only the last arm's store)
        built = self.factory_of(factory) if not arms else None
        found = arms or ([built] if built is not None else [])
        if self.complete:
            self._factory_classes[key] = found
        return found

    def _factory_arms(self, factory: Scope, depth: int) -> list[tuple[Path, str]]:
        """The project classes a factory function of this module (``model = parse_method(args)``) may
        return an instance of, when what it returns was picked by an if/elif chain: every arm's."""
        found: list[tuple[Path, str]] = []
        for value, order in factory.returns:
            arms = self._arm_instances(value, factory, order + 1, depth)
            if not arms:
                return []
            found += arms
        return sorted(set(found))

    def _chain(self, name: str, home: Scope, last: Store) -> list[Store] | None:
        """``last`` and the stores to ``name`` in the other arms of its if/elif chain; None where an
        arm's store is not an assignment or there is no other arm. It depends only on the stores
        before ``last`` and on the arms recorded so far: kept per both, as every call of the name asks."""
        key = (id(home), name, last.order, len(self._arms))
        if key not in self._chains:
            self._chains[key] = self._find_chain(name, home, last)
        return self._chains[key]

    def _find_chain(self, name: str, home: Scope, last: Store) -> list[Store] | None:
        arms = [last]
        for store in reversed([s for s in home.stores.get(name, []) if s.order < last.order]):
            if not all(self.apart(store.order, arm.order) for arm in arms):
                break  # the value the chain starts from, or a store in the same arm
            if store.kind != "assign":
                return None
            arms.append(store)
        return arms if len(arms) > 1 else None

    def _may_hold_functions(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        """A cheap test before :meth:`function_values`: a table lookup, a choice between values
        (``a if cond else b``, ``a or b``), or a name bound to one or to what a project function
        returned (``f = pick(kind); f(adj)``)."""
        if isinstance(expr, (cst.Subscript, cst.IfExp, cst.BooleanOperation)):
            return True
        if isinstance(expr, cst.Call):  # `pick(kind)(adj)`: what a project function returns, called
            return self.function_for(expr, scope, at) is not None
        if self.bound_methods_stored(expr, scope):
            return True
        if not isinstance(expr, cst.Name) or expr.value in self.functions:
            return False
        store, _ = self.lookup(expr.value, scope, at)
        return store is not None and store.kind == "assign" \
            and isinstance(store.value, (cst.Subscript, cst.Call, cst.Name, cst.IfExp, cst.BooleanOperation))

    def function_values(self, expr: cst.BaseExpression, scope: Scope, at: int, depth: int = 0) -> list[Scope]:
        """The project functions ``expr`` may hold as a value: a function's name, an entry of a dict
        of functions (``{"sym": sym_norm, "row": row_norm}[kind]``, ``table.get(kind, default)``),
        a name bound to one, either arm of a choice (``train_step if training else eval_step``,
        ``custom or default``), or what a project function returns (a dispatcher): every candidate,
        since which one runs depends on a key or a condition this analysis does not know."""
        if depth > 8:
            return []
        if scope.graph is not self and scope.graph is not None:
            return scope.graph.function_values(expr, scope, at, depth)
        if isinstance(expr, (cst.IfExp, cst.BooleanOperation)):
            arms = (expr.body, expr.orelse) if isinstance(expr, cst.IfExp) else (expr.left, expr.right)
            return [f for arm in arms for f in self.function_values(arm, scope, at, depth + 1)]
        if isinstance(expr, cst.Dict):
            found: list[Scope] = []
            for element in expr.elements:
                if isinstance(element, cst.DictElement):
                    found += self.function_values(element.value, scope, at, depth + 1)
            return found
        if isinstance(expr, cst.Subscript):
            return self.function_values(expr.value, scope, at, depth + 1)
        if isinstance(expr, cst.Call):
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "get" and expr.args:
                return self.function_values(expr.func.value, scope, at, depth + 1)  # table.get(key, default)
            function = self.function_for(expr, scope, at)
            if function is None or function.graph is None:
                return []
            return [f for value, order in function.returns
                    for f in function.graph.function_values(value, function, order + 1, depth + 1)]
        methods = self.bound_methods_stored(expr, scope)
        if methods:
            return methods
        if isinstance(expr, cst.Name):
            store, home = self.lookup(expr.value, scope, at)
            if store is None or home is None:
                function = self.functions.get(expr.value)
                return [function] if function is not None else []
            if store.kind == "assign" and store.value is not None:
                return self.function_values(store.value, home, store.order, depth + 1)
        return []

    def bound_methods_stored(self, expr: cst.BaseExpression, scope: Scope) -> list[Scope]:
        """``self.step`` where the class stores its own methods there (``if k == 1: self.step =
        self.first else: self.step = self.second``): every method stored, as any may run."""
        if not isinstance(expr, cst.Attribute) or not is_receiver(expr.value):
            return []
        owner = self._class_around(scope)
        if owner is None:
            return []
        found = []
        for store in owner.stores.get(f"self.{expr.attr.value}", []):
            held = store.value
            if store.kind != "assign" or not isinstance(held, cst.Attribute) or not is_receiver(held.value):
                continue
            method = self.functions.get(f"{owner.name}.{held.attr.value}")
            if method is not None and method not in found:
                found.append(method)
        return found

    def dispatched(self, call: cst.Call, caller: Scope, at: int, function: Scope) -> bool:
        """Whether ``call`` runs ``function`` as one candidate of a table of functions, not by name."""
        return self.function_for(call, caller, at) is not function and function in self.function_values(
            call.func, caller, at)

    def dispatchers(self, function: Scope) -> list[str]:
        """Names of this module's functions that hand ``function`` out as a value (from a table of
        functions): importers call those, then what they return."""
        if function.name not in self._tabled():
            return []
        found = []
        for scope in self.scopes:
            if scope.kind == "function" and scope is not function and any(
                    function in self.function_values(value, scope, order + 1) for value, order in scope.returns):
                found.append(scope.name.split(".")[0])
        return found

    def _where(self, qualified: str) -> tuple[Path, str] | None:
        """The project file and name an imported name refers to, from the import alone (no parse)."""
        if self.project is None or qualified.split(".")[0] in _LIBRARY_ROOTS:
            return None
        where = self.project.resolve(self.path, qualified)
        if where is not None and where[0].name == "__init__.py":
            # `from pkg import Layer` with `from .layer import Layer` in pkg/__init__.py: one hop.
            package = self.project.facts_of(where[0])
            head = where[1].split(".")[0]
            if package is not None and head not in package.functions and head not in package.classes:
                again = package.facts.aliases.get(head)
                inner = self.project.resolve(where[0], again + where[1][len(head):]) if again else None
                return inner or where
        return where

    def _instance_where(self, expr: cst.BaseExpression, scope: Scope, at: int,
                        depth: int) -> tuple[Path, str] | None:
        """(module file, class) of the project class ``expr`` holds an instance of, without reading
        another module: ``Net(...)`` stored under a name, through ``.to(device)``-style calls."""
        if depth > 6:
            return None
        if isinstance(expr, cst.Call):
            qualified = self.facts.qualified_name(expr.func)
            if qualified is not None:
                where = self._where(qualified)
                return None if where is None else self._built_by(where, depth) or where
            if isinstance(expr.func, cst.Name) and expr.func.value in self.classes:
                return self.path, expr.func.value
            if isinstance(expr.func, cst.Name) and self.star_imports:
                starred = self._star_name(expr.func.value)
                if starred is not None and starred[1] in starred[0].classes:
                    return starred[0].path, starred[1]
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _RETURNS_MODULE:
                return self._instance_where(expr.func.value, scope, at, depth + 1)
            return None
        if isinstance(expr, cst.Subscript):
            return self._element_class(expr.value, scope, at, depth + 1)
        if self.facts.qualified_name(expr) is not None:
            return None
        name = dotted_name(expr)
        if name is None:
            return None
        store, home = self.lookup(name, scope, at)
        if store is None and self.star_imports:
            starred = self._star_name(name)  # `data_generator` bound in a star-imported module
            if starred is not None and name in starred[0].module_scope.stores:
                other = starred[0]
                return other._instance_where(cst.Name(name), other.module_scope, other._order + 1, depth + 1)
        if store is not None and home is not None and store.kind == "param" and store.value is None \
                and isinstance(expr, cst.Name) and home.kind == "function" and home.parent is self.module_scope:
            return self._instance_passed(name, home, depth + 1)
        if store is None or home is None or store.kind != "assign" or store.value is None:
            return None
        return self._instance_where(store.value, home, store.order, depth + 1)

    def _instance_passed(self, name: str, function: Scope, depth: int) -> tuple[Path, str] | None:
        """The project class of which every call of ``function`` (a module-level function, called by
        its name in this module) passes an instance for parameter ``name``: ``train(model, ...)``
        called by ``main()`` with ``model = Net(...)``. None when one call passes anything else."""
        key = (id(function), name)
        if key in self._instances_passed:
            return self._instances_passed[key]
        self._instances_passed[key] = None  # a cycle of calls passes nothing known
        params = function.call_params()
        if name not in params:
            return None
        position = params.index(name)
        found: set[tuple[Path, str] | None] = set()
        for scope in self.scopes:
            for site in scope.sites:
                call = site.node
                # (its own recursive calls pass on what it was given; a local of that name is not it)
                if isinstance(call, cst.Call) and scope is not function and self._runs(call, scope, site.order, function):
                    passed = argument(call, position, name)
                    found.add(None if passed is None else self._instance_where(passed, scope, site.order, depth + 1))
        result = found.pop() if len(found) == 1 else None
        self._instances_passed[key] = result
        return result

    def _runs(self, call: cst.Call, scope: Scope, at: int, function: Scope) -> bool:
        """Whether ``call`` runs the module-level ``function``: by its name, or as one of the
        functions its callee may hold (``run = train_step if training else eval_step; run(...)``,
        ``{"train": train_step, ...}[phase](...)``; see :meth:`function_values`)."""
        if isinstance(call.func, cst.Name) and call.func.value == function.name:
            return self.lookup(function.name, scope, at)[0] is None
        return self._may_hold_functions(call.func, scope, at) and function in self.function_values(call.func, scope, at)

    def _built_by(self, where: tuple[Path, str], depth: int) -> tuple[Path, str] | None:
        """The project class a factory function of another module returns an instance of on every
        path (``model = parse_method(args)``, which builds ``GCN(...)``): calling what it returns
        runs that class's ``forward``. None for a class, or a function returning anything else."""
        if self.project is None or project.same_file(where[0], self.path):
            return None
        other = self.project.facts_of(where[0])
        function = other.functions.get(where[1]) if other is not None else None
        if other is None or function is None or not function.returns:
            return None
        return other.factory_of(function, depth)

    def factory_of(self, function: Scope, depth: int = 0) -> tuple[Path, str] | None:
        """The project class ``function`` (of this module) returns an instance of on every return."""
        classes = {self._instance_where(value, function, order + 1, depth + 1) for value, order in function.returns}
        found = classes.pop() if len(classes) == 1 else None
        return found if found is not None and found[1] != function.name else None

    def _element_class(self, expr: cst.BaseExpression, scope: Scope, at: int,
                       depth: int) -> tuple[Path, str] | None:
        """The project class every element of a layer container holds (``self.gcns[0]`` with
        ``self.gcns = nn.ModuleList()`` and ``self.gcns.append(Layer(...))`` in ``__init__``): an
        element called runs that class's ``forward``, whichever it is."""
        name = dotted_name(expr)
        if name is None or depth > 6:
            return None
        store, home = self.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign" or not isinstance(store.value, cst.Call) \
                or (self.facts.call_name(store.value) or "").rsplit(".", 1)[-1] not in _LAYER_CONTAINERS:
            return None
        where = store.where or home
        elements = [e.value for arg in store.value.args if isinstance(arg.value, (cst.List, cst.Tuple))
                    for e in arg.value.elements]
        elements += [call.args[0].value for method, call, _ in home.mutations.get(name, [])
                     if method == "append" and len(call.args) == 1]
        classes = {self._instance_where(e, where, store.order, depth + 1) for e in elements}
        return classes.pop() if len(classes) == 1 else None

    def _tabled(self) -> set[str]:
        """Names of the module's functions that are values of a dict literal stored in the module."""
        key = ("tabled",)
        if key not in self._memo:
            names = set()
            values = [store.value for scope in self.scopes for stores in scope.stores.values() for store in stores]
            values += [value for scope in self.scopes for value, _ in scope.returns]
            for value in values:
                for table in [value, *descendants(value)] if value is not None else []:
                    if isinstance(table, cst.Dict):
                        names |= {e.value.value for e in table.elements if isinstance(e, cst.DictElement)
                                  and isinstance(e.value, cst.Name) and e.value.value in self.functions}
            self._memo[key] = (names,)
        return self._memo[key][0]  # type: ignore[no-any-return]

    def callers_elsewhere(self, function: Scope, constructed: bool = False) -> list[tuple[cst.Call, Scope, int]]:
        """Calls of ``function`` in the project modules that import this one; with ``constructed``,
        for a class's ``__init__``, the constructions of the class there."""
        if self.project is None or self.project.depth >= 2:
            return []
        key = -id(function) if constructed else id(function)
        if key in self._elsewhere:
            return self._elsewhere[key]
        found: list[tuple[cst.Call, Scope, int]] = []
        self._elsewhere[key] = found
        self.project.depth += 1
        try:
            mentions = [function.name.split(".")[0], *self.dispatchers(function)]
            paths = {path for mention in mentions for path in self.project.importers(self.path, mentioning=mention)}
            paths |= self._through_factories(function, paths)
            for path in sorted(paths):
                other = self.project.facts_of(path)
                if other is not None:
                    found += other.callers(function, constructed)
        finally:
            self.project.depth -= 1
        return found

    def _through_factories(self, function: Scope, importers: set[Path]) -> set[Path]:
        """The modules that call a method of a class of this module on an instance built by a factory
        function of an importer (``model = parse_method(args); model(x, adj)`` in ``train.py``, with
        ``parse_method`` in ``parse.py`` returning ``GCN(...)``): importers of the factory's module."""
        if self.project is None or "." not in function.name:
            return set()
        owner = function.name.split(".")[0]
        found: set[Path] = set()
        for path in importers:
            other = self.project.facts_of(path)
            if other is None:
                continue
            for name, factory in other.functions.items():
                built = other.factory_classes(factory) if "." not in name and factory.returns else []
                if any(b[1] == owner and project.same_file(b[0], self.path) for b in built):
                    found |= set(self.project.importers(path, mentioning=name))
        return {p for p in found if p not in importers and not project.same_file(p, self.path)}

    def _from_callers(self, function: Scope, name: str, element: int | None = None) -> Val | None:
        """A parameter's value (or element ``element`` of it: ``inputs[1]`` of a Keras layer called
        as ``layer([x, a])``) where every call in the module passes a graph made safe the same way
        (self-loops added, or normalized): guards flow down to the function that relies on them.
        Anything less (no call, a default used, one raw or unknown argument) leaves the parameter's
        role to its use."""
        if name not in function.params:
            return None
        if self._caller_depth >= 3:
            self._cuts += 1
            return None
        callers = self._all_callers(function, self.project is not None and self.project.reach)
        if not callers:
            return None
        params = function.call_params()
        if name not in params:
            return None
        position = params.index(name)
        self._caller_depth += 1
        try:
            values = []
            for call, caller, at in callers:
                expr = argument(call, position, name)
                if expr is None:
                    return None
                val = self.value(expr, caller, at, None) if element is None \
                    else self._element(expr, element, caller, at, None)
                values.append(_imported(val, call) if caller.graph is not self else val)
        finally:
            self._caller_depth -= 1
        return _all_safe(values)

    def _all_callers(self, function: Scope, elsewhere: bool) -> list[tuple[cst.Call, Scope, int]]:
        """The calls of ``function`` in this module (and with ``elsewhere``, in its importers); for a
        class's ``__init__``, the constructions of the class too."""
        # `Layer(units, adj)` runs `Layer.__init__` with the adjacency its constructor stores.
        constructed = function.name.endswith(".__init__") and function.parent is not None \
            and function.parent.kind == "class" and function.parent.parent is self.module_scope
        callers = self.callers(function) + (self.callers(function, True) if constructed else [])
        if elsewhere:
            callers = callers + self.callers_elsewhere(function) + \
                (self.callers_elsewhere(function, True) if constructed else [])
        return callers

    def passed_arguments(self, function: Scope, name: str) -> list[tuple[cst.BaseExpression, Scope, int]] | None:
        """What every call of ``function`` (here and in the modules importing this one) passes as its
        parameter ``name``, with where; None where a call passes nothing (a default is used)."""
        params = function.call_params()
        if name not in params:
            return None
        passed = []
        for call, caller, at in self._all_callers(function, True):
            expr = argument(call, params.index(name), name)
            if expr is None:
                return None
            passed.append((expr, caller, at))
        return passed

    # -- TF1 placeholders: what is fed to them (see :mod:`gnnlint.analysis.feeds`) ------------------

    def feed_index(self) -> feeds.FeedIndex:
        """The module's feed entries (asked for once the walk has recorded the whole module)."""
        if self._feed_index is None:
            self._feed_index = feeds.FeedIndex(self)
        return self._feed_index

    def _placeholder(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Val | None:
        """What the one placeholder ``expr`` designates is fed (None: not a placeholder, or fed
        several ways or where this layer cannot follow)."""
        found = feeds.designated(self, expr, scope, at)
        if found is None or len(found) != 1:
            return None
        key, (home, call) = next(iter(found.items()))
        val = home.fed(key, call)
        return _imported(val, expr) if val is not None and home is not self else val

    def fed(self, key: feeds.Key, call: cst.Call) -> Val | None:
        """The value every feed of the placeholder ``call`` (of this module) gives it, where they all
        agree (see :func:`_all_agree`); with ``placeholder_with_default``, its default counts too."""
        memo = ("fed", key)
        if memo in self._memo:
            return self._memo[memo][0]  # type: ignore[no-any-return]
        self._memo[memo] = (None,)  # a feed reaching its own placeholder: not known
        values = self._fed_values(key)
        default = argument(call, 0, "input")
        if values is not None and default is not None and (self.facts.call_name(call) or "").endswith("_default"):
            site = self._calls[call][1]
            values.append(self.value(default, site.scope, site.order))
        if values is not None and feeds.is_sparse(self, call):
            values = [v.coo if v.kind == "list" and v.coo is not None else v for v in values]
        result = _all_agree(values) if values else None
        self._memo[memo] = (result,)
        return result

    def _feed_modules(self) -> list[GraphFacts]:
        """Where this module's placeholders may be fed: here, the project modules it imports (a
        ``construct_feed_dict`` helper) and those importing it. Once per linted file (what it reads
        is recorded as the result's dependencies)."""
        memo = ("feed modules",)
        if memo in self._memo:
            return self._memo[memo][0]  # type: ignore[no-any-return]
        found: list[GraphFacts] = [self]
        if self.project is not None:
            paths = [path for path, _ in self.project.imported_modules(self.path, self.context.source)]
            paths += self.project.importers(self.path)
            for path in paths:
                other = self.project.facts_of(path)
                if other is not None and other not in found and not project.same_file(path, self.path):
                    found.append(other)
        self._memo[memo] = (found,)
        return found

    def _designations(self) -> feeds.Designations | None:
        """This module's feed entries by the placeholder they feed, once per linted file (a key may
        be a parameter its importers' calls fill in); None until the walk has recorded the module,
        as a feed not yet met may be the one that matters."""
        if not self.complete:
            return None
        memo = ("designations",)
        if memo not in self._memo:
            self._memo[memo] = (self.feed_index().by_placeholder(self),)
        return self._memo[memo][0]  # type: ignore[no-any-return]

    def _fed_values(self, key: feeds.Key) -> list[Val] | None:
        values: list[Val] = []
        for module in self._feed_modules():
            designations = module._designations()
            if designations is None or designations.unknown:
                return None  # a feed this layer cannot follow may feed the placeholder
            for entry in designations.by_key.get(key, []):
                values += [_imported(v, entry.value) if module is not self else v
                           for v in module._entry_values(entry)]
        return values

    def _entry_values(self, entry: feeds.Entry) -> list[Val]:
        """What a feed entry gives, for each call of the helper that writes it (``support[i]`` in
        ``construct_feed_dict(features, support, ...)`` is what the script passes)."""
        scope = entry.scope
        callers = self._all_callers(scope, True) if scope.kind == "function" and scope.params else []
        if not callers:
            return [self.value(entry.value, scope, entry.order)]
        return [self.value(entry.value, scope, entry.order, self.bind(scope, call, caller, at, None))
                for call, caller, at in callers]

    def _keras_input(self, name: str, home: Scope) -> Val | None:
        """What a Keras ``Input`` held in ``name`` receives: element k of the arrays passed to
        ``fit``/``predict``/``evaluate`` of each model built with ``name`` as its k-th input, where
        they are all made safe the same way (see :meth:`_from_callers`)."""
        values = []
        for scope in self.scopes:
            for site in scope.sites:
                if not isinstance(site.node, cst.Call) or not (self.facts.call_name(site.node) or "").endswith(".Model"):
                    continue
                inputs = argument(site.node, 0, "inputs")
                if inputs is None:
                    continue
                position = next((i for i, e in enumerate(inputs.elements) if dotted_name(e.value) == name), None) \
                    if isinstance(inputs, (cst.List, cst.Tuple)) else (0 if dotted_name(inputs) == name else None)
                holder = _assigned(site.statement)
                if position is None or holder is None:
                    continue
                for other in self.scopes:
                    for use in other.sites:
                        call = use.node
                        if isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) \
                                and call.func.attr.value in _KERAS_FEEDS and dotted_name(call.func.value) == holder:
                            fed = argument(call, 0, "x")
                            if fed is None:
                                return None
                            values.append(self._element(fed, position, other, use.order, None)
                                          if isinstance(inputs, (cst.List, cst.Tuple)) else
                                          self.value(fed, other, use.order, None))
        return _all_safe(values) if values else None

    def bind(self, function: Scope, call: cst.Call, caller: Scope, at: int,
             env: dict[str, Val] | None) -> dict[str, Val]:
        """Parameter name -> the value passed at ``call``, marked as coming from the caller."""
        params = function.call_params(call)
        bound: dict[str, Val] = {}
        for position, name in enumerate(params):
            expr = argument(call, position, name)
            if expr is not None:
                bound[name] = dataclasses.replace(self.value(expr, caller, at, env), from_env=True)
        literals = self._literals_at(function, call, caller, at, env)
        spans = arms.dead_spans(_ifs_of(function), literals) if literals else []
        return Bound(bound, function, literals, spans) if spans else bound

    def _tested_params(self, function: Scope) -> set[str]:
        """The parameters of ``function`` that the tests of its ``if``s read (asked at every call
        of it that is evaluated: kept per function and the number of its ``if``s recorded)."""
        ifs = _ifs_of(function)
        if not ifs:
            return set()
        key = (id(function), len(ifs))
        if function.tested is None or function.tested[0] != key:
            function.tested = (key, {name for name in arms.tested_names(ifs)
                                     if any(s.kind == "param" for s in function.stores.get(name, []))})
        return function.tested[1]

    def _literals_at(self, function: Scope, call: cst.Call, caller: Scope, at: int,
                     env: dict[str, Val] | None) -> dict[str, Any]:
        """The literals ``call`` (at statement ``at`` of ``caller``) gives the parameters that
        ``function``'s ``if``s test: passed, else a literal default left in place."""
        tested = self._tested_params(function)
        if not tested or any(a.star for a in call.args):
            return {}
        params = function.call_params(call)
        literals = {}
        for name in sorted(tested):
            expr = argument(call, params.index(name) if name in params else None, name)
            value = self._literal_passed(expr, caller, at, env) if expr is not None \
                else arms.literal(next(s.value for s in function.stores[name] if s.kind == "param"))
            if value is not arms.UNDECIDED:
                literals[name] = value
        return literals

    def _literal_passed(self, expr: cst.BaseExpression, caller: Scope, at: int, env: dict[str, Val] | None) -> Any:
        """The literal an argument holds: written out, a name bound once to one (``NORM = False``),
        the caller's own parameter decided at its call, or an option at its default (``args.norm``)."""
        from gnnlint.analysis.options import default_of

        value = arms.literal(expr)
        if value is not arms.UNDECIDED or caller.graph is not None and caller.graph is not self:
            return value
        if isinstance(expr, cst.Attribute):
            # (`self.flag` is the instance's, never a parsed command line's: not looked for there)
            return default_of(expr, caller, at) if not is_receiver(expr.value) else value
        if not isinstance(expr, cst.Name):
            return value
        if isinstance(env, Bound) and env.function is caller and expr.value in env.literals:
            return env.literals[expr.value]
        store, home = self.lookup(expr.value, caller, at)
        if store is None or home is None or store.kind != "assign":
            return value
        bound = [s for s in home.stores.get(expr.value, []) if s.kind != "param"]
        return arms.literal(store.value) if len(bound) == 1 else value

    def _caller_spans(self, function: Scope) -> tuple[dict[str, Any], list[tuple[int, int]]]:
        """The literals every project call of ``function`` agrees on for the parameters its ``if``s
        test, and the statements they rule out. No call found: nothing is ruled out."""
        reach = self.project is not None and self.project.reach
        cached = self._caller_literals.get((id(function), reach))
        if cached is None:
            # (a caller search that comes back here finds nothing ruled out)
            self._caller_literals[(id(function), reach)] = ({}, [])
            agreed: dict[str, Any] = {}
            tested = self._tested_params(function)
            handed_on = function.name.rsplit(".", 1)[-1] in self._read_as_values()
            callers = self._all_callers(function, reach) if tested and not handed_on else []
            per_call = [(caller.graph or self)._literals_at(function, call, caller, at, None)
                        for call, caller, at in callers]
            for name in tested if per_call else ():
                values = [literals.get(name, arms.UNDECIDED) for literals in per_call]
                if values[0] is not arms.UNDECIDED and all(type(v) is type(values[0]) and v == values[0]
                                                           for v in values):
                    agreed[name] = values[0]
            spans = arms.dead_spans(_ifs_of(function), agreed) if agreed else []
            cached = self._caller_literals[(id(function), reach)] = (agreed, spans)
        return cached

    def _read_as_values(self) -> frozenset[str]:
        """The names this module reads other than as what a call calls or a definition defines: a
        function so read may be handed on (``partial(f, norm=True)``, ``map(f, graphs)``) and
        called with arguments no call of the module shows."""
        if self._values_read is None:
            skipped: set[int] = set()
            read: set[str] = set()
            for node in descendants(self.context.module):
                if isinstance(node, cst.Call):
                    skipped.add(id(node.func.attr if isinstance(node.func, cst.Attribute) else node.func))
                elif isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Param)):
                    skipped.add(id(node.name))  # a definition's or a parameter's own name
                elif isinstance(node, cst.Arg) and node.keyword is not None:
                    skipped.add(id(node.keyword))  # `f(norm=True)` names a parameter, reads nothing
                elif isinstance(node, (cst.AssignTarget, cst.AnnAssign, cst.AugAssign)):
                    skipped.add(id(node.target))
                elif isinstance(node, cst.ImportAlias):
                    skipped.update(id(n) for n in descendants(node))
                elif isinstance(node, cst.Name) and id(node) not in skipped:
                    read.add(node.value)
            self._values_read = frozenset(read)
        return self._values_read

    def _literals(self, scope: Scope, env: dict[str, Val] | None) -> tuple[dict[str, Any], list[tuple[int, int]]]:
        """The literals deciding ``scope``'s ``if``s in this evaluation, and the statements they rule out."""
        if isinstance(env, Bound):
            return (env.literals, env.spans) if env.function is scope else ({}, [])
        if env is None and scope.kind == "function" and id(scope) in self._if_arms:
            return self._caller_spans(scope)
        return {}, []

    def value_of(self, name: str, function: str | None = None) -> Val:
        """What ``name`` holds at the end of the module (or of ``function``'s body)."""
        scope = self.functions[function] if function is not None else self.module_scope
        return self.value(cst.parse_expression(name), scope, self._order + 1)

    def apart(self, first: int, second: int) -> bool:
        """Statements ``first`` and ``second`` lie in different arms of one ``if``/``else``: a store in
        one arm never reaches a read in the other (``if sparse: a.setdiag(1) ... elif tensor: a.sum(1)``)."""
        one, other = self._arm_path(first), self._arm_path(second)
        if len(one) > len(other):
            one, other = other, one
        return any(other.get(arm, side) != side for arm, side in one.items())

    def _arm_path(self, order: int) -> dict[int, bool]:
        """The arms of if/else that hold statement ``order``, each with the side: computed once per
        order (an elif chain nests each arm in the one before: scanning every arm per pair was cubic)."""
        path = self._arm_paths.get(order)
        if path is None:
            path = {i: order <= body_end for i, (test, body_end, end) in enumerate(self._arms)
                    if test < order <= end}
            self._arm_paths[order] = path
        return path

    def _add_arm(self, test: int, body_end: int, end: int) -> None:
        """Record an if/else left by the walk, and add it to the paths already computed inside it."""
        index = len(self._arms)
        self._arms.append((test, body_end, end))
        inside = range(test + 1, end + 1)
        for order in inside if len(inside) < len(self._arm_paths) else list(self._arm_paths):
            path = self._arm_paths.get(order)
            if path is not None and order in inside:
                path[index] = order <= body_end

    # -- evaluation -----------------------------------------------------------------------------

    def value(self, expr: cst.BaseExpression, scope: Scope, at: int, env: dict[str, Val] | None = None) -> Val:
        if scope.graph is not self and scope.graph is not None:
            return scope.graph.value(expr, scope, at, env)  # a scope of another project module
        # Keyed by identity; the entry holds expr and env so that their ids cannot be reused.
        key = (id(expr), id(scope), at, id(env) if env or isinstance(env, Bound) else 0,
               self.project is not None and self.project.reach)
        if key in self._memo:
            return self._memo[key][0]  # type: ignore[no-any-return]
        self._steps += 1
        if self._depth > 40 or self._steps > _STEP_BUDGET:
            return UNKNOWN  # a pathological file: stop claiming anything rather than run away
        self._memo[key] = (UNKNOWN, expr, env)  # cycles evaluate to "not known"
        self._depth += 1
        cuts = self._cuts
        try:
            result = self._value(expr, scope, at, env)
        finally:
            self._depth -= 1
        if self._cuts == cuts or (self._helper_depth == 0 and self._caller_depth == 0):
            self._memo[key] = (result, expr, env)
        else:
            del self._memo[key]  # cut short by a depth limit here; not what a shallower read finds
        return result

    def _value(self, expr: cst.BaseExpression, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        n = number(expr)
        if n is not None:
            return Val("number", value=n)
        if isinstance(expr, (cst.Name, cst.Attribute)) and self.facts.qualified_name(expr) is None:
            name = dotted_name(expr)
            if name is not None:
                return self._name(name, expr, scope, at, env)
            if isinstance(expr, cst.Attribute):
                return self._attribute(expr, scope, at, env)
        if isinstance(expr, cst.Attribute):
            return self._attribute(expr, scope, at, env)
        if isinstance(expr, cst.Call):
            if feeds.is_placeholder(self, expr):
                return self._placeholder(expr, scope, at) or UNKNOWN
            return self._call(expr, scope, at, env)
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, self._held(expr.left, scope, at, env), self._held(expr.right, scope, at, env))
        if isinstance(expr, cst.Subscript):
            if self._uses_tensorflow():
                fed = self._placeholder(expr, scope, at)  # `placeholders['support'][i]`: what is fed to it
                if fed is not None:
                    return fed
            base = self.value(expr.value, scope, at, env)
            if base.kind == "list":
                position = _constant_index(expr)
                if base.items is not None and position is not None and -len(base.items) <= position < len(base.items):
                    return _item(base, position)
                return base.element or UNKNOWN  # `adjs[i]`: an element (a slice `adjs[1:]` is rarer)
            if base.kind == "input" and env is None:
                return self._parameter_element(expr, scope, at)
            if self.reads_where_counted(expr, base):
                return self._read_back(base, expr)
            if base.kind in ("adjacency", "degree", "edges", "square", "dataset", "graph"):
                return base
            return UNKNOWN
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
            return UNKNOWN
        if isinstance(expr, cst.Comparison) and len(expr.comparisons) == 1 \
                and number(expr.comparisons[0].comparator) is not None:
            # `(np.random.rand(n, n) > 0.9)`: a square matrix thresholded is a 0/1 square matrix of the
            # same shape (a random or similarity graph), whatever it is stored as afterwards.
            left = self.value(expr.left, scope, at, env)
            if left.kind == "eye" and isinstance(expr.comparisons[0].operator, cst.Equal) \
                    and number(expr.comparisons[0].comparator) == 0:
                return Val("offdiagonal")  # `eye(n) == 0`: the mask of every entry but the diagonal
            return left if left.kind == "square" else UNKNOWN
        if isinstance(expr, (cst.List, cst.Tuple)) and not any(isinstance(e, cst.StarredElement) for e in expr.elements):
            values = [self.value(e.value, scope, at, env) for e in expr.elements]
            return dataclasses.replace(self._list(values), items=tuple(values), coo=self._coo(expr, scope, at, env))
        if isinstance(expr, (cst.ListComp, cst.GeneratorExp)) and not expr.for_in.ifs and expr.for_in.inner_for_in is None:
            # `[f(g) for g in graphs]`: a list of what one element evaluates to (the loop variable
            # is the comprehension's own store, seen by this statement only).
            return self._list([self.value(expr.elt, scope, at, env)])
        if isinstance(expr, cst.IfExp):
            return _either(self.value(expr.body, scope, at, env), self.value(expr.orelse, scope, at, env))
        return UNKNOWN

    def _coo(self, expr: cst.Tuple | cst.List, scope: Scope, at: int, env: dict[str, Val] | None) -> Val | None:
        """``(np.vstack((m.row, m.col)).T, m.data, m.shape)``: matrix ``m`` as the triple a TF1 sparse
        placeholder is fed (a ``SparseTensorValue``), its value where it is a graph's."""
        if len(expr.elements) != 3:
            return None
        matrix = self._coordinates_of(expr.elements[0].value, scope, at, 0)
        entries = self._coordinates_of(expr.elements[1].value, scope, at, 0, _ENTRIES)
        if matrix is None or entries is None or not _same(matrix, entries):
            return None
        val = self.value(matrix, scope, at, env)
        return val if val.kind in ("adjacency", "square") else None

    def _quotients(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        """The entries ``expr`` (or what the name ``expr`` is given, appended or added to) are
        quotients ``a / b`` of something not a literal: weights divided by a count or a sum."""
        name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
        values: list[cst.CSTNode] = [expr]
        if name is not None:
            store, home = self.lookup(name, scope, at)
            if home is not None:
                values = [s.value for s in home.stores.get(name, []) if s.value is not None]
                values += [call for _, call, _ in home.mutations.get(name, [])]
        return any(isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide)
                   and number(node.right) is None for value in values for node in [value, *descendants(value)])

    def _uses_tensorflow(self) -> bool:
        """The module imports TensorFlow: the only one whose tensors may be placeholders."""
        key = ("tf",)
        if key not in self._memo:
            self._memo[key] = (any(t.split(".")[0] == "tensorflow" for t in self.facts.aliases.values()),)
        return self._memo[key][0]  # type: ignore[no-any-return]

    def _held(self, expr: cst.BaseExpression, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        """What ``expr`` holds; a value not known that a name holds keeps, as ``base``, the binding it
        was stored by, so that it can be recognised again (scaled by its own row sums)."""
        val = self.value(expr, scope, at, env)
        return dataclasses.replace(val, base=self._binding(expr, scope, at)) if val.kind == "other" else val

    def _binding(self, expr: cst.BaseExpression, scope: Scope, at: int) -> cst.CSTNode | None:
        """The store that binds the name ``expr`` at statement ``at`` (None for anything else)."""
        name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
        store, _home = self.lookup(name, scope, at) if name is not None else (None, None)
        return store.node if store is not None and store.kind == "assign" else None

    def _parameter_element(self, expr: cst.Subscript, scope: Scope, at: int) -> Val:
        """``inputs[1]`` of a parameter: element 1 of what every caller passes, when they agree."""
        name = dotted_name(expr.value)
        index = expr.slice[0].slice if len(expr.slice) == 1 else None
        position = number(index.value) if isinstance(index, cst.Index) else None
        if name is None or position is None or position < 0 or position != int(position):
            return UNKNOWN
        store, home = self.lookup(name, scope, at)
        if store is None or home is None or store.kind != "param" or home.kind != "function":
            return UNKNOWN
        return self._from_callers(home, name, element=int(position)) or UNKNOWN

    def _name(self, name: str, expr: cst.BaseExpression, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        if env is not None and name in env and scope.kind == "function" and name in scope.params \
                and not [s for s in scope.stores.get(name, []) if s.kind not in ("param", "comp", "subscript") and s.order < at]:
            # (an item assignment changes what the caller passed, which _mutations applies; it does not rebind it)
            return self._mutations(env[name], name, scope, 0, at, env)
        literals, dead = self._literals(scope, env) if scope.kind == "function" else ({}, [])
        store, home = self.lookup(name, scope, at, dead)
        if store is None or home is None:
            if isinstance(expr, cst.Attribute):
                return self._attribute(expr, scope, at, env)
            starred = self._star_name(name) if self.star_imports else None
            if starred is not None and name in starred[0].module_scope.stores:
                other = starred[0]
                return _imported(other.value(cst.Name(name), other.module_scope, other._order + 1), expr)
            return UNKNOWN
        if store.kind == "assign" and isinstance(store.value, cst.Call) and _is_keras_input(self, store.value):
            return self._keras_input(name, home) or UNKNOWN
        if store.kind == "param":
            if store.value is not None:
                return UNKNOWN
            passed = self._from_callers(home, name) if env is None and home.kind == "function" else None
            # Its role comes from its use (its degree taken and inverted into it), never its name.
            val = passed if passed is not None else Val("input", origin=store.node, unknown_source=True)
            return self._mutations(val, name, home, store.order, at if home is scope else None, env)
        if store.kind == "assign" and _is_none(store.value) and home is scope:
            # `a = None` turns a feature off (in a switch or one arm of an if/else): no product
            # reads the None (it would raise), so where `a` is multiplied it holds what it held before.
            return self.value(expr, home, store.order, env)
        val = self._mutations(self._store_value(store, home, env), name, home, store.order,
                              at if home is scope else None, env)
        branch = store.branch
        if branch is not None and branch.end is not None and home is scope and not branch.start < at <= branch.end \
                and not (literals and branch.test is not None and arms.decide(branch.test, literals)) \
                and self.lookup(name, home, branch.start, dead)[0] is not None:  # (unbound with the switch off: not read then)
            # `if add_loops: a = a + I`: with the switch off, `a` is what it was before the `if`.
            before = self.value(expr, home, branch.start, env)
            either = _either(val, before)
            if either.kind == "other" and before.is_raw_adjacency and val.kind == "other" \
                    and self._raw_goes_on(branch, store, home, env):
                either = before  # `if args.smote: a = oversample(a)`: off, the raw graph goes on
            val = either
        return val

    def _raw_goes_on(self, branch: Branch, store: Store, home: Scope, env: dict[str, Val] | None) -> bool:
        """Whether a run may skip the switch's body and go on with the raw graph it would have
        changed into something not known: not where the run without flags takes the body
        (``--norm`` on by default); where that run skips it, yes; where its options are not known,
        unless the body hands the graph to a call whose effect is not known (it may normalize)."""
        from gnnlint.analysis.options import switch_default

        taken = switch_default(branch.test, home, branch.start) if branch.test is not None else None
        if taken is not None:
            return not taken
        return not self._opaque_on_graph(store, home, env)

    def _opaque_on_graph(self, store: Store, home: Scope, env: dict[str, Val] | None) -> bool:
        """``a = normalize(a)`` with ``normalize`` from a library this analysis has no row for: the
        graph goes into a call whose effect is not known, so what comes out may be normalized. A
        project function is read (what it returns is judged from its code); a call that takes no
        graph (a file loader) cannot have normalized one."""
        call = store.value
        where = store.where or home
        if not isinstance(call, cst.Call) or self.function_for(call, where, store.order) is not None:
            return False
        inputs = [a.value for a in call.args]
        if isinstance(call.func, cst.Attribute):
            inputs.append(call.func.value)
        return any(self.value(e, where, store.order, env).kind in ("adjacency", "square", "graph", "edges")
                   for e in inputs if dotted_name(e) is not None)

    def filled(self, name: str, scope: Scope, order: int) -> Val:
        """What ``name``, bound at statement ``order`` of ``scope``, holds after the in-place writes made
        to it before it is bound again: ``a = zeros((n, n)); a[src, dst] = 1`` is an adjacency."""
        home = (self._class_around(scope) or scope) if name.startswith("self.") else scope
        store = next((s for s in home.stores.get(name, []) if s.order == order and s.kind == "assign"), None)
        if store is None:
            return UNKNOWN
        # (a store in another arm of an if/else does not rebind it)
        rebound = [s.order for s in home.stores.get(name, [])
                   if s.order > order and s.kind != "subscript" and not self.apart(s.order, order)]
        return self._mutations(self._store_value(store, home, None), name, home, order, min(rebound, default=None),
                               None)

    def _mutations(self, val: Val, name: str, home: Scope, start: int, end: int | None,
                   env: dict[str, Val] | None) -> Val:
        """``val`` after the in-place changes to ``name`` between its store and here: self-loops
        (``a.fill_diagonal_(1)``), guards, fills."""
        dead = self._literals(home, env)[1] if home.kind == "function" else []
        for method, node, value in self.after(name, home, start, end, dead):
            if method == "subscript" and val.kind == "matrix" and value is not None and not _pair_indexed(node):
                val = self._written(val, name, node, value, home, env)
                continue
            val = self._mutated(val, method, node, value, home, env)
        return val

    def _written(self, val: Val, name: str, node: cst.CSTNode, value: cst.BaseExpression, home: Scope,
                 env: dict[str, Val] | None) -> Val:
        """``m = zeros(b, n, n); m[i] = diag(d[i] ** -0.5)``: a zeros container whose slices are given
        an inverse degree holds that degree, laid on the diagonal."""
        order = next((s.order for s in home.stores.get(name, []) if s.node is node), None)
        if order is None:
            return val
        written = self.value(value, home, order, env)
        return dataclasses.replace(written, diagonal=True) if written.kind == "degree" and written.power < 0 else val

    def _store_value(self, store: Store, home: Scope, env: dict[str, Val] | None) -> Val:
        if store.where is not None:
            home, env = store.where, None  # another method's names; its parameters are not ours
        if store.value is None:
            return UNKNOWN
        if store.kind == "assign":
            val = self.value(store.value, home, store.order, env)
        elif store.kind == "augassign" and store.operator is not None:
            before, before_home = self.lookup(store.target, home, store.order)
            if before is not None and before_home is not None and before.order >= store.order:
                # ``self.x += d`` in a method: the class keeps every store of ``self.x``; take the
                # one before this statement, not this one (or a later one) again.
                earlier = [s for s in before_home.stores.get(store.target, [])
                           if s.order < store.order and s.kind != "subscript"]
                before = earlier[-1] if earlier else None
            left = self._store_value(before, before_home, env) if before is not None and before_home is not None \
                else UNKNOWN
            op = AUG_TO_BINARY.get(type(store.operator).__name__)
            if op is None:
                return UNKNOWN
            val = self._binary(store.node, left, self.value(store.value, home, store.order, env), op=getattr(cst, op)())
        elif store.kind in ("for", "comp") and store.index is None:
            listed = self.value(store.value, home, store.order, env)  # `for adj in adjs:`
            val = listed.element or UNKNOWN if listed.kind == "list" else UNKNOWN
            if listed.kind == "input" and env is None:
                # Each element of an input (`for a in adjs:` with `adjs` a parameter) is an input too:
                # its use in the loop's body decides what it is, as for a parameter.
                val = Val("input", origin=store.node)
        elif store.kind == "unpack":
            val = self._element(store.value, store.index or 0, home, store.order, env)
            if val.kind == "other" and env is None:
                val = self._unpacked_input(store, home) or val
        else:
            return UNKNOWN
        if val.kind == "other" and isinstance(store.value, cst.Call) and self._is_reduction(store.value) and (
                self._is_segment_sum(store.value, home, store.order, env) or self._counts_ones(store.value)):
            index = self._segment_index(store.value)
            val = Val("degree", origin=store.value, unknown_source=True,
                      self_loops=self._any_self_loops(store.value, home, store.order, env),
                      counted_over=self._counted_over(index, home, store.order) if index is not None else None,
                      weighted=not self._sums_ones(store.value, home, store.order, env))
            if val.self_loops:
                val = dataclasses.replace(val, guard=f"self-loops ({val.self_loops})")
        return val

    def _unpacked_input(self, store: Store, home: Scope) -> Val | None:
        """``x, a = inputs`` with ``inputs`` a parameter (a Keras layer's ``call``): each element is
        an input of its own, named by its target, whose use in the body decides what it is."""
        statement = store.node
        if store.index is None or not isinstance(statement, cst.Assign) or store.value is None \
                or self.value(store.value, home, store.order, None).kind != "input":
            return None
        target = statement.targets[0].target
        if not isinstance(target, (cst.Tuple, cst.List)) or store.index >= len(target.elements):
            return None
        return Val("input", origin=target.elements[store.index].value)

    def _sums_ones(self, call: cst.Call, scope: Scope, at: int, env: dict[str, Val] | None) -> bool:
        """Whether a segment sum adds up ones (a count of the entries indexed to each node): a
        ``bincount`` without weights, ones written in the call, or summed values that are ones."""
        name = self.facts.call_name(call) or ""
        if name.endswith(".bincount"):
            return argument(call, 1, "weights") is None
        if self._counts_ones(call):
            return True
        if name == "torch.scatter_add":
            summed = argument(call, 3, "src")
        elif not name and isinstance(call.func, cst.Attribute):
            summed = argument(call, 2, "src")  # `t.scatter_add_(0, col, w)`
        else:
            summed = argument(call, 0, None)
        return summed is not None and self.value(summed, scope, at, env).kind == "ones"

    @staticmethod
    def _counts_ones(call: cst.Call) -> bool:
        """A reduction of ones (``unsorted_segment_sum(tf.ones_like(r), r, n)``) counts neighbours,
        whatever the result is called."""
        for arg in call.args:
            value = arg.value
            if isinstance(value, cst.Call):
                func = value.func
                short = func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
                if short in ("ones", "ones_like", "new_ones"):
                    return True
        return False

    def scaled_by_own_degree(self, param: cst.CSTNode, scope: Scope) -> bool:
        """Whether ``scope`` multiplies its input ``param`` by the inverse of that input's own row sums
        (``d[:, None] * a * d[None, :]``, ``d_inv @ a``): the use that makes the input an adjacency and
        its row sums degrees, whatever the names."""
        key = ("scaled", id(param), id(scope))
        if key in self._memo:
            return self._memo[key][0]  # type: ignore[no-any-return]
        found = False
        self._memo[key] = (False, param, scope)  # a helper passing its input back: not known
        if isinstance(param, (cst.Param, cst.For, cst.CompFor, cst.Name)):  # a parameter, or each element of one
            for site, home in self._sites_seeing(param, scope):  # every product, with the statement it is in
                if self._divided_by_own_root_degree(site, param, home) or self._passed_to_normalizer(site, param, home) \
                        or self._mean_of_own_propagation(site, param, home):
                    found = True
                    break
                if not isinstance(site.node, (cst.BinaryOperation, cst.Call)):
                    continue
                leaves = list(_product_leaves(site.node, self))
                if len(leaves) < 2 or not any(self._is_input(leaf, param, home, site.order) for leaf in leaves):
                    continue
                # Multiplied by the inverse, not divided by the sum: `a / a.sum(1)` normalizes any
                # matrix's rows (features, influence scores), `d[:, None] * a * d[None, :]` an adjacency.
                if any(self._inverse_degree_of(leaf, param, home, site.order) for leaf in leaves):
                    found = True
                    break
        self._memo[key] = (found, param, scope)
        return found

    def _sites_seeing(self, param: cst.CSTNode, scope: Scope) -> Iterator[tuple[Site, Scope]]:
        """The sites of ``scope``, then, for a method, those of the other methods of its class: what
        ``__init__`` keeps on the instance (``self.adj = adj``, ``self.deg = adj.sum(1)``) is used
        by another method, where ``self.adj`` is still ``param``."""
        yield from ((site, scope) for site in scope.sites)
        owner = scope.parent
        if owner is None or owner.kind != "class" or not isinstance(param, cst.Param):
            return
        kept = self._kept_on_instance(param, scope, owner)
        if not kept:
            return  # (walking every method for every parameter was quadratic in the class's size)
        for other in self.scopes:
            if other is not scope and other.kind == "function" and other.parent is owner:
                reads = self._attribute_reads(other)
                yield from ((site, other) for site in other.sites if reads.get(id(site.node), frozenset()) & kept)

    def _kept_on_instance(self, param: cst.Param, scope: Scope, owner: Scope) -> frozenset[str]:
        """The attributes ``scope`` stores ``param`` in, or a value taken of it (``self.adj = adj``,
        ``self.deg = adj.sum(1)``): judged by what the stored value holds, not by its spelling."""
        kept = set()
        for target, stores in owner.stores.items():
            for store in stores:
                if store.where is not scope or store.value is None or "." not in target:
                    continue
                val = self.value(store.value, scope, store.order)
                if val.base is param or val.kind == "input" and val.origin is param:
                    kept.add(target.split(".", 1)[1])
        return frozenset(kept)

    def _attribute_reads(self, method: Scope) -> dict[int, frozenset[str]]:
        """For each site of ``method``, the attributes of its receiver (``self.x``) the site reads:
        indexed once per method."""
        key = ("attribute reads", id(method))
        if key not in self._memo:
            reads = {id(site.node): frozenset(
                node.attr.value for node in descendants(site.node)
                if isinstance(node, cst.Attribute) and is_receiver(node.value)) for site in method.sites}
            self._memo[key] = (reads, method)
        return self._memo[key][0]  # type: ignore[no-any-return]

    def _passed_to_normalizer(self, site: Site, param: cst.CSTNode, scope: Scope) -> bool:
        """``normalize_adj(a)``: the input handed to a project function that scales its own input by
        its own degree is, by that use, an adjacency here too."""
        if not isinstance(site.node, cst.Call) or self._helper_depth >= 2:
            return False
        function = self.function_for(site.node, scope, site.order)
        if function is None or function is scope or function.graph is None:
            return False
        params = function.call_params(site.node)
        for position, name in enumerate(params):
            expr = argument(site.node, position, name)
            if expr is None or not self._is_input(expr, param, scope, site.order):
                continue
            own = next((s.node for s in function.stores.get(name, []) if s.kind == "param"), None)
            self._helper_depth += 1
            try:
                if own is not None and function.graph.scaled_by_own_degree(own, function):
                    return True
            finally:
                self._helper_depth -= 1
        return False

    def scope_of_param(self, param: cst.CSTNode) -> Scope | None:
        """The function of this module whose parameter ``param`` is."""
        for scope in self.scopes:
            if scope.kind == "function" and any(s.node is param for s in scope.stores.get(
                    getattr(getattr(param, "name", None), "value", ""), []) if s.kind == "param"):
                return scope
        return None

    def _divided_by_own_root_degree(self, site: Site, param: cst.CSTNode, scope: Scope) -> bool:
        """``a / sqrt(d)[:, None] / sqrt(d)[None, :]`` with ``d`` the row sums of ``a``: the symmetric
        normalization spelt as divisions (a plain ``a / a.sum(1)`` normalizes any matrix's rows)."""
        node, divisors = site.node, []
        while isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            divisors.append(node.right)
            node = node.left
        if not divisors or not self._is_input(node, param, scope, site.order):  # type: ignore[arg-type]
            return False
        for divisor in divisors:
            val = self.value(_unindexed(divisor), scope, site.order)
            if val.kind == "degree" and val.power == 0.5 and val.base is param:
                return True
        return False

    def _mean_of_own_propagation(self, site: Site, param: cst.CSTNode, scope: Scope) -> bool:
        """``(a @ x) / a.sum(1)``, ``h = a.mm(x); h /= a.sum(1, keepdim=True)``: features propagated by
        the input, then divided by the input's own row sums, is a mean over neighbours written by hand.
        The input is an adjacency by that use and its row sums are neighbour counts. (Dividing the
        matrix itself, ``a / a.sum(1)``, normalizes any matrix's rows: not this.)"""
        node = site.node
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Divide):
            dividend, divisor = node.left, node.right
        elif isinstance(node, cst.AugAssign) and isinstance(node.operator, cst.DivideAssign):
            dividend, divisor = node.target, node.value
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value in ops.DIVIDE_METHODS and len(node.args) == 1:
            dividend, divisor = node.func.value, node.args[0].value
        elif isinstance(node, cst.Call) and _lib(self.facts.call_name(node), *_DIVIDE_FUNCTIONS) \
                and len(node.args) == 2 and all(a.keyword is None for a in node.args):
            dividend, divisor = node.args[0].value, node.args[1].value  # `torch.div(h, d)`
        else:
            return False
        val = self.value(_unindexed(divisor), scope, site.order)
        if val.kind != "degree" or val.power <= 0 or val.base is not param:
            return False
        product: cst.BaseExpression | None = dividend
        if isinstance(product, cst.Name):
            store, _home = self.lookup(product.value, scope, site.order)
            product = store.value if store is not None and store.kind == "assign" else None
        if product is None:
            return False
        leaves = list(_product_leaves(product, self))
        return len(leaves) == 2 and self._is_input(leaves[0], param, scope, site.order) \
            and not self._is_input(leaves[1], param, scope, site.order)

    def _is_input(self, leaf: cst.BaseExpression, param: cst.CSTNode, scope: Scope, at: int) -> bool:
        val = self.value(_unindexed(leaf), scope, at)
        return val.kind == "input" and val.origin is param

    def _inverse_degree_of(self, leaf: cst.BaseExpression, param: cst.CSTNode, scope: Scope, at: int) -> bool:
        val = self.value(leaf, scope, at)
        return val.kind == "degree" and val.power < 0 and val.base is param

    def _is_segment_sum(self, call: cst.Call, scope: Scope, at: int, env: dict[str, Val] | None) -> bool:
        """``scatter(w, col, reduce="sum")``, ``segment_sum(w, ids)``: a sum per node over the entries
        indexed to it, 0 for a node no entry reaches (an isolated node), whatever it is called. Not a
        sum of gathered node features (``scatter(x[row], col)``): that is a message sum. A
        ``bincount`` counts any labels; it is a degree only of an edge index (``bincount(col)``)."""
        name = self.facts.call_name(call) or ""
        if name.endswith(".bincount"):
            return self._arg(call, 0, "input", scope, at, env).kind == "edges"
        if not name.endswith((".scatter", ".scatter_add", ".segment_sum", ".unsorted_segment_sum",
                              ".segment_csr", ".segment_coo")):
            return False
        reduce = argument(call, None, "reduce")
        if isinstance(reduce, cst.SimpleString) and reduce.evaluated_value not in ("sum", "add"):
            return False
        summed = argument(call, 0, None)
        return summed is not None and not isinstance(summed, cst.Subscript)

    def _segment_index(self, call: cst.Call) -> cst.BaseExpression | None:
        """The index a segment sum counts over (``col`` of ``scatter_add(ones, col)``,
        ``unsorted_segment_sum(ones, ids, n)``, ``bincount(col)``, ``t.scatter_add_(0, col, ones)``):
        read back at it, every entry counts at least the item read."""
        name = self.facts.call_name(call) or ""
        if name.endswith(".bincount"):
            return argument(call, 0, "input")
        if name == "torch.scatter_add":
            return argument(call, 2, "index")
        if name.endswith((".segment_sum", ".unsorted_segment_sum")):
            return argument(call, 1, "segment_ids")
        if name.endswith((".scatter", ".scatter_add", ".segment_coo")):
            return argument(call, 1, "index")
        if not name and isinstance(call.func, cst.Attribute) and call.func.attr.value in ("scatter_add", "scatter_add_"):
            return argument(call, 1, "index")
        return None

    def _is_reduction(self, call: cst.Call) -> bool:
        name = self.facts.call_name(call) or ""
        if name.endswith((".scatter", ".scatter_add", ".segment_sum", ".unsorted_segment_sum", ".bincount",
                          ".segment_csr", ".segment_coo")):
            return True
        return isinstance(call.func, cst.Attribute) and call.func.attr.value in ("sum", "scatter_add", "bincount") \
            and bool(call.args)

    def _any_self_loops(self, call: cst.Call, scope: Scope, at: int, env: dict[str, Val] | None) -> str | None:
        """Self-loops on anything the reduction reads: its arguments, or its receiver (``a.sum(1)``)."""
        operands = [arg.value for arg in call.args]
        if isinstance(call.func, cst.Attribute):
            operands.insert(0, call.func.value)
        for operand in operands:
            val = self.value(operand, scope, at, env)
            if val.self_loops:
                return val.self_loops
        return None

    def _element(self, expr: cst.BaseExpression, index: int, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        """Element ``index`` of what ``expr`` evaluates to (tuple returns of helpers, edge pairs)."""
        if scope.graph is not self and scope.graph is not None:
            return scope.graph._element(expr, index, scope, at, env)
        if isinstance(expr, (cst.Tuple, cst.List)) and index < len(expr.elements):
            return self.value(expr.elements[index].value, scope, at, env)
        if isinstance(expr, cst.Call):
            function = self.function_for(expr, scope, at)
            if function is not None:
                return self._returns(function, expr, scope, at, env, index)
        whole = self.value(expr, scope, at, env)
        if whole.kind == "edges":
            return whole
        if whole.kind == "list" and whole.items is not None and index < len(whole.items):
            return _item(whole, index)
        return UNKNOWN

    def _mutated(self, val: Val, method: str, node: cst.CSTNode, value: cst.BaseExpression | None,
                 scope: Scope, env: dict[str, Val] | None) -> Val:
        if method == "subscript":
            if val.kind == "square" and _pair_indexed(node):
                # `m[src, dst] = 1`: a square matrix filled in at index pairs is an adjacency.
                val = dataclasses.replace(val, kind="adjacency", origin=val.origin)
            elif val.kind == "square" and value is not None and not _is_diagonal_index(node, self):
                return self._block_filled(val, node, value, scope, env)
            if val.kind == "matrix" and _pair_indexed(node):
                return self._neighbour_mask(val, node, value, scope)
            if val.kind == "degree":
                return dataclasses.replace(val, guard=val.guard or f"`{self.source(node)} = ...` patches it")
            if val.kind in ("adjacency", "square") and _is_diagonal_index(node, self):
                return dataclasses.replace(val, self_loops=val.self_loops or self.source(node))
            return val
        if method in ("fill_diagonal_", "setdiag", "fn:numpy.fill_diagonal") and isinstance(node, cst.Call):
            written = argument(node, 1 if method.startswith("fn:") else 0, None)
            if written is not None and number(written) == 0:
                return dataclasses.replace(val, self_loops=None,  # `setdiag(0)` removes the loops
                                           loops_removed=node if val.kind == "input" else None)
            return dataclasses.replace(val, self_loops=val.self_loops or self.source(node))
        if method == "append" and val.kind == "list" and isinstance(node, cst.Call) and node.args:
            return self._list([val.element or UNKNOWN, self._appended(node, scope, env)] if val.element else
                              [self._appended(node, scope, env)])
        if val.kind == "degree" and method in _GUARD_METHODS:
            return dataclasses.replace(val, guard=val.guard or f"`{self.source(node)}`")
        return val

    def _block_filled(self, val: Val, target: cst.CSTNode, value: cst.BaseExpression, home: Scope,
                      env: dict[str, Val] | None) -> Val:
        """``m = dok_matrix((n, n)); m[:k, :k] = r``: a square matrix given a block that is a graph
        (a metapath's adjacency, a user-item interaction matrix) is a graph too, with the block's
        self-loops."""
        base = target.value if isinstance(target, cst.Subscript) else None
        name = dotted_name(base) if base is not None else None
        store = next((s for s in home.stores.get(name or "", []) if s.node is target), None)
        if store is None:
            return val
        block = self.value(value, store.where or home, store.order, env if store.where is None else None)
        if block.kind not in ("adjacency", "mask") or block.normalized:
            return val
        return dataclasses.replace(val, kind="adjacency", self_loops=val.self_loops or block.self_loops,
                                   loops_unknown=block.loops_unknown)

    @staticmethod
    def _list(values: list[Val]) -> Val:
        """A list of ``values``: of their common graph value, if they have one."""
        element = _join(values) if values else None
        if element is not None and element.kind not in ("adjacency", "degree", "edges", "square", "graph", "mask") \
                and element.coo is None:
            element = UNKNOWN
        return Val("list", element=element)

    def _appended(self, call: cst.Call, home: Scope, env: dict[str, Val] | None) -> Val:
        """What ``xs.append(v)`` puts in, evaluated where the call is (``self.xs.append(v)`` in a
        method: ``v`` is the method's name, while ``self.xs`` is kept with the class)."""
        for scope in self.scopes:
            for site in scope.sites:
                if site.node is call:
                    return self.value(call.args[0].value, scope, site.order, env if scope is home else None)
        return UNKNOWN

    def _neighbour_mask(self, val: Val, target: cst.CSTNode, value: cst.BaseExpression | None, scope: Scope) -> Val:
        """``m = zeros(rows, cols); m[row_ids, col_ids] = 1``: a 0/1 matrix whose rows count what was
        written into them (sampled neighbours), so a row nobody wrote to sums to 0. Rows indexed by
        ``range``/``arange`` all get an entry (a one-hot matrix): their sums are at least 1."""
        if value is None or (number(value) or 0) <= 0:
            return UNKNOWN
        rows = target.slice[0].slice.value  # type: ignore[attr-defined]  # checked by _pair_indexed
        if self._every_row(rows, scope):
            return UNKNOWN
        return Val("mask", origin=val.origin)

    def _every_row(self, rows: cst.BaseExpression, scope: Scope) -> bool:
        name = dotted_name(rows)
        if name is not None:
            store, _home = self.lookup(name, scope, self._order + 1)
            rows = store.value if store is not None and store.kind == "assign" and store.value is not None else rows
        if not isinstance(rows, cst.Call):
            return False
        called = self.facts.call_name(rows) or dotted_name(rows.func) or ""
        return called.rsplit(".", 1)[-1] in ("range", "arange")

    def _attribute(self, expr: cst.Attribute, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        base = self.value(expr.value, scope, at, env)
        attr = expr.attr.value
        if base.kind == "dataset" and attr == "a":
            return dataclasses.replace(base, kind="adjacency")
        if base.kind == "dataset" and attr == "graphs":
            return base
        if attr == "A" and base.kind == "adjacency":
            return dataclasses.replace(base, dense=expr)  # a SciPy sparse matrix's dense array
        if attr in ("T", "A", "A1", "mT") and base.kind in ("adjacency", "square", "degree", "input"):
            return base  # transposed, or a NumPy matrix read as an array: the same values
        if attr == "edge_index" and base.kind == "edges":
            return base
        if base.kind == "other":
            return self._instance_attribute(expr, scope, at, env)
        return UNKNOWN

    def _instance_attribute(self, expr: cst.Attribute, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        """``data.adj`` of ``data = GraphData(root)``, a class of this module whose ``__init__`` is the
        only method storing ``self.adj``: what that store holds with the constructor's arguments."""
        name = dotted_name(expr.value)
        if name is None or "." in name:
            return UNKNOWN
        store, home = self.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign" or not isinstance(store.value, cst.Call) \
                or not isinstance(store.value.func, cst.Name) or store.value.func.value not in self.classes:
            return UNKNOWN
        init = self.functions.get(f"{store.value.func.value}.__init__")
        if init is None or init.parent is None:
            return UNKNOWN
        attribute = f"self.{expr.attr.value}"
        stores = init.parent.stores.get(attribute, [])
        if not stores or any(s.where is not init for s in stores):
            return UNKNOWN  # none, or set by another method too: which one the read sees is not known
        last = max(stores, key=lambda s: s.order)
        if last.kind not in ("assign", "unpack") or last.value is None:
            return UNKNOWN
        if self._bases_may_store(init.parent.node, attribute, 0) or self._initialised_after(init, last):
            return UNKNOWN  # a base class's method may change it (`super().__init__()` after the store)
        if self._handed_on(name, home, store, scope, at, expr):
            return UNKNOWN  # `data.preprocess()`, `prepare(data)`, `data.adj = ...` may change it
        # (one store read with the constructor's arguments: not a helper level of its own)
        bound = self.bind(init, store.value, home, store.order, env)
        if last.kind == "unpack":  # `self.adj, self.x = load(root)`
            return self._element(last.value, last.index or 0, init, last.order, bound)
        return self.value(last.value, init, last.order, bound)

    def _bases_may_store(self, classdef: cst.CSTNode, attribute: str, depth: int) -> bool:
        """Whether a base class of the project may store ``attribute`` (``self.adj``): one of this
        module whose methods store it (or whose own bases may), or one of another project module."""
        if not isinstance(classdef, cst.ClassDef) or depth > 3:
            return depth > 3
        for base in classdef.bases:
            name = dotted_name(base.value)
            if name is None or base.keyword is not None:
                continue
            local = next((s for s in self.scopes if s.kind == "class" and s.name == name), None)
            if local is not None:
                if local.stores.get(attribute) or self._bases_may_store(local.node, attribute, depth + 1):
                    return True
                continue
            qualified = self.facts.qualified_name(base.value) or name
            if self._where(qualified) is not None:
                return True  # a class of another project module: what its methods store is not read here
        return False

    def _initialised_after(self, init: Scope, last: Store) -> bool:
        """``super().__init__()`` (or ``Base.__init__(self)``) called in ``__init__`` after its store."""
        line = self.line(last.node)
        return any(isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                   and node.func.attr.value == "__init__" and self.line(node) > line
                   for node in descendants(init.node))

    def _handed_on(self, name: str, home: Scope, built: Store, scope: Scope, at: int, read: cst.CSTNode) -> bool:
        """Whether, between ``name = Class(...)`` and ``read``, the instance is handed to a call
        (``prepare(data)``), has a method called (``data.preprocess()``) or is stored into
        (``data.adj = ...``, ``data.adj[i] = ...``): any of them may change what its attribute holds."""
        start = self.line(built.node)
        end = self.line(read) if scope is home else None
        prefix = f"{name}."
        for key, stores in home.stores.items():
            if (key == name or key.startswith(prefix)) and any(
                    s is not built and s.order > built.order and (scope is not home or s.order < at)
                    for s in stores):
                return True
        for node in descendants(home.node):
            if not isinstance(node, cst.Call):
                continue
            line = self.line(node)
            if line <= start or end is not None and line > end:
                continue
            func = node.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == name:
                return True  # a method of the instance
            if any(isinstance(arg.value, cst.Name) and arg.value.value == name for arg in node.args):
                return True  # the instance passed on
        return False

    def _returns(self, function: Scope, call: cst.Call, scope: Scope, at: int, env: dict[str, Val] | None,
                 index: int | None = None) -> Val:
        # Helpers calling helpers are followed two levels deep: each level evaluates the callee's
        # body again with new arguments, which would grow exponentially along call chains.
        if not function.returns:
            return UNKNOWN
        if self._helper_depth >= 2:
            self._cuts += 1
            return UNKNOWN
        self._helper_depth += 1
        try:
            bound = self.bind(function, call, scope, at, env)
            values = []
            dead = bound.spans if isinstance(bound, Bound) else []
            for ret, order in function.returns:
                if dead and arms.is_dead(order, dead):
                    continue  # in an arm this call's literals rule out
                if index is not None:
                    values.append(self._element(ret, index, function, order + 1, bound))
                else:
                    values.append(self.value(ret, function, order + 1, bound))
        finally:
            self._helper_depth -= 1
        result = _join(values)
        return _imported(result, call) if function.graph is not self and function.graph is not None else result

    # Calls ------------------------------------------------------------------------------------

    def _call(self, call: cst.Call, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        name = self.facts.call_name(call)
        function = self.function_for(call, scope, at)
        if function is not None:
            return self._returns(function, call, scope, at, env)
        if name is None and self._may_hold_functions(call.func, scope, at):
            candidates = self.function_values(call.func, scope, at)
            if candidates:  # one of a table's functions: what they all return, else not known
                return _join([self._returns(f, call, scope, at, env) for f in candidates])
        if name is None:
            if isinstance(call.func, cst.Attribute):
                return self._method(call, call.func.attr.value, scope, at, env)
            if isinstance(call.func, cst.Call):
                return UNKNOWN
            return UNKNOWN
        return self._library(call, name, scope, at, env)

    def _arg(self, call: cst.Call, position: int | None, keyword: str | None, scope: Scope, at: int,
             env: dict[str, Val] | None) -> Val:
        expr = argument(call, position, keyword)
        return self.value(expr, scope, at, env) if expr is not None else UNKNOWN

    def _library(self, call: cst.Call, name: str, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        if name in saved.READERS:
            loaded = self._loaded(call, name, scope, at)
            if loaded is not None:
                return loaded
        short = name.rsplit(".", 1)[-1]
        root = name.split(".")[0]
        first = self._arg(call, 0, None, scope, at, env)
        if short == "one_hot":
            return Val("assignment")  # cluster assignments: A @ S pools, it does not propagate features
        # Graph constructors.
        if root == "rdkit" and short == "GetAdjacencyMatrix":
            # A molecule's bond matrix: dense 0/1 (bond orders with useBO), no self-loops.
            return Val("adjacency", origin=call, dense=call)
        if root == "networkx":
            if short in ("to_numpy_array", "to_numpy_matrix"):
                return Val("adjacency", origin=call, dense=call)
            if short in ("adjacency_matrix", "to_scipy_sparse_array", "to_scipy_sparse_matrix"):
                return Val("adjacency", origin=call)
            if short == "laplacian_matrix":
                return Val("laplacian", origin=call, degree_diagonal=True)
            return UNKNOWN
        if root in ("torch_geometric", "torch_sparse", "dgl", "spektral"):
            return self._graph_library(call, name, short, first, scope, at, env)
        if root == "scipy":
            if short in ("coo_matrix", "csr_matrix", "coo_array", "csr_array", "csc_matrix", "lil_matrix",
                         "dok_matrix", "dok_array", "lil_array"):
                data = argument(call, 0, "arg1")
                if isinstance(data, cst.Tuple) and len(data.elements) == 2 \
                        and isinstance(data.elements[1].value, cst.Tuple):
                    pairs = [e.value for e in data.elements[1].value.elements]
                    known = all(self._graph_or_stored(index, scope, at, set()) for index in pairs)
                    if self._quotients(data.elements[0].value, scope, at):
                        # `1.0 / len(neighbours[u])` per entry: the matrix is built normalized
                        return Val("adjacency", origin=call, normalized=f"entries `{self.source(data.elements[0].value)}`")
                    return Val("adjacency", origin=call, loops_unknown=not known)
                if isinstance(data, cst.Tuple) and len(data.elements) == 2 and _same(*(e.value for e in data.elements)):
                    return Val("square", origin=call)  # an empty (n, n) sparse matrix, filled later
                return first if first.kind in ("adjacency", "degree", "square", "input") else UNKNOWN
            if short in ("diags", "diags_array", "spdiags", "diag"):
                return self._diagonal(first)
            data = argument(call, 0, "arg1")
            if short in ("dia_matrix", "dia_array") and isinstance(data, cst.Tuple) and data.elements:
                return self._diagonal(self.value(data.elements[0].value, scope, at, env))  # (diagonal, offset 0)
            if short in ("eye", "identity"):
                return Val("eye")
            if short == "laplacian" and ".csgraph" in name:
                normed = argument(call, 1, "normed")
                if normed is None or (isinstance(normed, cst.Name) and normed.value == "False"):
                    return Val("laplacian", origin=call, degree_diagonal=True, unknown_source=first.kind != "adjacency")
                return Val("laplacian")
            if short in ("inv", "pinv") and ".linalg" in name:
                return self._power(first, -1.0, call)
            if short == "fractional_matrix_power":  # D^-1/2 computed as a dense matrix power
                return self._power(first, number(argument(call, 1, "t")), call)
            return UNKNOWN
        if root == "sklearn" and short == "normalize":
            return self._normalized(first, "sklearn normalize")
        if root not in ("numpy", "torch", "tensorflow", "keras", "tf_keras", "jax", "cupy"):
            return UNKNOWN
        # Numerical libraries.
        if short == "spacing" and root == "numpy":
            return Val("number", value=5e-324)  # the gap above 0: the smallest subnormal, not an epsilon
        if short in ("eye", "identity", "Identity") or name.endswith("sparse.eye"):
            return Val("eye")
        if name in _COO_SPARSE_CONSTRUCTORS or name in _COMPRESSED_SPARSE_CONSTRUCTORS:
            return self._torch_sparse(call, scope, at, env)
        if short in ("array", "asarray", "asmatrix", "matrix", "tensor", "as_tensor", "from_numpy", "constant",
                     "convert_to_tensor", "cast", "FloatTensor", "Tensor", "squeeze", "from_dense", "reorder",
                     "to_dense", "ravel", "flatten", "float32", "float64", "reshape", "expand_dims", "Variable"):
            if short in ("array", "asarray", "tensor", "constant") and _square_literal(argument(call, 0, None)):
                return Val("square", origin=call, dense=call)
            return first if first.kind != "number" else UNKNOWN
        if short == "Parameter" and root == "torch":
            # A learnable matrix initialised with a graph, or with self-loops added, is that graph (a
            # label-correlation GCN's adjacency); one initialised with an allocation is a weight.
            return first if first.kind == "adjacency" or first.self_loops is not None else UNKNOWN
        if short in ("ones", "ones_like") and not _square_shape(call):
            return Val("ones")
        kinds = ops.of_function(name)
        if "transpose" in kinds and call.args and len(call.args) == 1 \
                and first.kind in ("adjacency", "square", "degree", "input"):
            return first  # `np.transpose(a)`: the same values, as `a.T`
        # A library allocation of the given sizes (zeros, empty), by the tables: not one shaped like an operand.
        allocated = "allocation" in kinds and "shaped-like" not in kinds
        if allocated or _lib(name, "random.rand", "random.randn", "rand", "randn", "random.uniform", "random.normal",
                             "random.random", "random.random_sample", "random.randint", "randint", "ones"):
            if _square_shape(call):
                return Val("square", origin=call, dense=call)
            # (zeros: an allocation whose entries start non-negative, at zero)
            if allocated and "non-negative" in kinds and (_matrix_shape(call) or _batched_shape(call)):
                return Val("matrix", origin=call)  # filled in later: what is written decides what it is
            return UNKNOWN
        if short in _CONCATENATE and first.kind == "list" and first.element is not None \
                and first.element.kind == "degree":
            return first.element  # the degrees of several graphs end to end: a degree vector
        if short in ("sum", "reduce_sum") and (argument(call, 1, "axis") is not None
                                               or argument(call, 1, "dim") is not None):
            return self._degree_of(first, call)
        if short in ("diag", "diagflat", "diag_embed") or name.endswith("linalg.diag") \
                or (short == "diagonal" and first.kind == "laplacian"):
            return self._diagonal(first)
        if short in ("power", "pow", "float_power"):
            exponent = number(argument(call, 1, "exponent")) if argument(call, 1, "exponent") is not None \
                else number(argument(call, 1, "y"))
            return self._power(first, exponent, call) if exponent is not None else _opaque(first)
        if short == "sqrt":
            return self._power(first, 0.5, call)
        if short == "rsqrt":
            return self._power(first, -0.5, call)
        if short == "reciprocal":
            return self._power(first, -1.0, call)
        if short in ("inv", "inverse", "pinv") and ("linalg" in name or short == "inverse"):
            return self._power(first, -1.0, call)
        if short in ("maximum", "clamp", "clip", "clamp_min", "clip_by_value", "fmax"):
            bound = argument(call, 1, "min") if short in ("clamp", "clip", "clamp_min") else argument(call, 1, None)
            if short == "clip_by_value":
                bound = argument(call, 1, "clip_value_min")
            return self._clamped(first, bound, call, scope, at, env)
        if short in ("where", "nan_to_num", "divide_no_nan"):
            parts = [self.value(a.value, scope, at, env) for a in call.args]
            degree = next((p for p in parts if p.kind == "degree"), None)
            if degree is not None:
                if short == "divide_no_nan":
                    degree = self._power(degree, -1.0, call) if parts[-1] is degree else degree
                return dataclasses.replace(degree, guard=degree.guard or f"`{self.source(call)}`")
            return UNKNOWN
        if short in ("matmul", "dot", "mm", "sparse_dense_matmul", "spmm") and len(call.args) >= 2:
            return self._binary(call, first, self._arg(call, 1, None, scope, at, env), op=cst.MatrixMultiply())
        if short in ("multiply", "mul"):
            return self._binary(call, first, self._arg(call, 1, None, scope, at, env), op=cst.Multiply())
        if short in ("add",):
            return self._binary(call, first, self._arg(call, 1, None, scope, at, env), op=cst.Add())
        if short in ("divide", "div", "true_divide"):
            return self._binary(call, first, self._arg(call, 1, None, scope, at, env), op=cst.Divide())
        return UNKNOWN

    def _loaded(self, call: cst.Call, reader: str, scope: Scope, at: int) -> Val | None:
        """What a reader's ``call`` gives back: the value the project's writers save to the same file
        (see :mod:`gnnlint.analysis.saved`), in this module or another; None where none is found."""
        read = saved.read_from(call, reader)
        if read is None:
            return None
        loaded = saved.pattern(read, self._path_follower(scope, at), self.facts.call_name)
        needle = saved.needle(loaded)
        if needle is None:
            return None
        modules: list[GraphFacts] = [self]
        if self.project is not None:
            for module in self.project.files_mentioning(self.path, needle, *saved.WRITER_SPELLINGS):
                other = self.project.facts_of(module) if module != self.path else None
                if other is not None:
                    modules.append(other)
                if len(modules) > _MAX_WRITER_MODULES:
                    break
        values = []
        for graph in modules:
            for node, site, value, where, suffix in graph.writes():
                if saved.same_file(loaded, where, suffix):
                    val = graph.value(value, site.scope, site.order)
                    values.append(val if graph is self else _imported(val, call))
        return _join(values) if values else None

    def writes(self) -> list[tuple[cst.Call, Site, cst.BaseExpression, str, str]]:
        """Each writer's call of the module (``np.save(path, a)``) with its site, the value written,
        the path's pattern and the suffix the writer appends: listed once the module is recorded."""
        if self._writes is not None:
            return self._writes
        found = []
        for node, (_, site) in list(self._calls.items()):
            if not isinstance(node, cst.Call):
                continue
            writer = self.facts.call_name(node)
            written = saved.written(node, writer) if writer in saved.WRITERS else None
            if written is not None:
                path, value, suffix = written
                where = saved.pattern(path, self._path_follower(site.scope, site.order), self.facts.call_name)
                found.append((node, site, value, where, suffix))
        if self.complete:
            self._writes = found
        return found

    def _path_follower(self, scope: Scope, at: int) -> saved.Follow:
        """How a path's pattern follows a name: to the string or file handle last stored in it, or
        the ``open(...)`` of the ``with`` statement that binds it."""
        def follow(name: cst.Name, _read: cst.CSTNode) -> cst.BaseExpression | None:
            store, home = self.lookup(name.value, scope, at)
            if store is not None and store.kind == "assign":
                return store.value
            if store is None:
                return next((item.item for node in descendants(scope.node) if isinstance(node, cst.With)
                             for item in node.items if item.asname is not None
                             and isinstance(item.asname.name, cst.Name) and item.asname.name.value == name.value),
                            None)
            return None
        return follow

    def _torch_sparse(self, call: cst.Call, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        """``torch.sparse_coo_tensor(index, values, size)``: the matrix whose coordinates ``index`` lists.
        The coordinates of another matrix (``np.vstack((m.row, m.col))``, a conversion helper) give
        that matrix back; a graph's edges, or pairs read from storage, give an adjacency, weighted
        (so perhaps normalized) unless every value is 1. TensorFlow's ``SparseTensor(indices, values,
        dense_shape)`` is the same; the compressed layouts (``sparse_csr_tensor(crow, col, values)``)
        are judged by their second coordinate."""
        compressed = _COMPRESSED_SPARSE_CONSTRUCTORS.get(self.facts.call_name(call) or "")
        index = argument(call, 1, compressed) if compressed else argument(call, 0, "indices")
        if index is None:
            return UNKNOWN
        weights = argument(call, 2 if compressed else 1, "values")
        matrix = self._coordinates_of(index, scope, at, 0)
        if matrix is not None:
            val = self.value(matrix, scope, at, env)
            entries = self._coordinates_of(weights, scope, at, 0, _ENTRIES) if weights is not None else None
            if weights is not None and not (entries is not None and _same(entries, matrix)) \
                    and self.value(weights, scope, at, env).kind != "ones":
                return UNKNOWN  # that matrix's pattern with other weights: what they are decides
            return val if val.kind in ("adjacency", "input") else UNKNOWN
        if not self._graph_or_stored(index, scope, at, set()):
            return UNKNOWN
        known = self.value(index, scope, at, env).kind in ("edges", "graph", "dataset", "adjacency") \
            or (isinstance(index, cst.Attribute) and index.attr.value == "edge_index")
        val = Val("adjacency", origin=call, loops_unknown=not known)
        if weights is not None and self.value(weights, scope, at, env).kind != "ones":
            val = dataclasses.replace(val, normalized=f"edge weights `{self.source(weights)}`")
        return val

    def _coordinates_of(self, index: cst.BaseExpression, scope: Scope, at: int, depth: int,
                        parts: frozenset[str] | None = None) -> cst.BaseExpression | None:
        """The matrix ``m`` whose coordinates ``index`` stacks (``m.row``, ``m.col``, ``m.indices``),
        followed through the names that hold them (with ``parts=_ENTRIES``: whose stored entries
        ``index`` reads, ``m.data``)."""
        if depth > 4:
            return None
        parts = parts or _COORDINATES
        for node in [index, *descendants(index)]:
            if isinstance(node, cst.Attribute) and node.attr.value in parts:
                return node.value
        name = dotted_name(index) if isinstance(index, (cst.Name, cst.Attribute)) else None
        if name is None:
            operands = [c for c in _operands_of(index) if isinstance(c, cst.BaseExpression)]
            return next((m for m in (self._coordinates_of(p, scope, at, depth + 1, parts)
                                     for p in operands) if m is not None), None)
        store, home = self.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign" or store.value is None:
            return None
        return self._coordinates_of(store.value, store.where or home, store.order, depth + 1, parts)

    def _graph_library(self, call: cst.Call, name: str, short: str, first: Val, scope: Scope, at: int,
                       env: dict[str, Val] | None) -> Val:
        root = name.split(".")[0]
        if call.args and call.args[0].star == "*":
            first = self.value(call.args[0].value, scope, at, env)  # `to_scipy_sparse_matrix(*get_laplacian(e))`
        if first.kind == "edges" and first.degree_diagonal and short in _DENSIFIERS:
            return Val("laplacian", origin=call, degree_diagonal=True, unknown_source=True)
        if short in ("to_dense_adj", "to_scipy_sparse_matrix", "to_torch_coo_tensor", "to_torch_csr_tensor",
                     "to_torch_sparse_tensor", "SparseTensor", "from_edge_index"):
            if short == "SparseTensor" and argument(call, None, "row") is None:
                return UNKNOWN
            val = Val("adjacency", origin=call, dense=call if short == "to_dense_adj" else None,
                      self_loops=first.self_loops)
            weights = argument(call, None, "value") if short == "SparseTensor" else \
                (argument(call, None, "edge_attr") or argument(call, None, "edge_weight")
                 or (argument(call, 1, None) if short != "to_dense_adj" else None))
            if weights is not None and self.value(weights, scope, at, env).kind != "ones":
                # Edge weights the module computed may well be the normalization: not raw.
                val = dataclasses.replace(val, normalized=f"edge weights `{self.source(weights)}`")
            return val
        if name.startswith("dgl.sparse."):
            return self._dgl_sparse(call, short, first, scope, at, env)
        if short in ("asnumpy", "zerocopy_to_numpy", "zerocopy_from_numpy", "copy_to") and root == "dgl":
            return first  # the backend's conversions (`F.asnumpy(g.in_degrees())`) keep the values
        if short in ("add_self_loop", "remove_self_loop") and root == "dgl":
            return self._dgl_graph(first, call, add=short == "add_self_loop")
        if short in ("add_self_loops", "add_remaining_self_loops", "fill_diag"):
            return dataclasses.replace(first if first.kind not in ("other", "input") else Val("edges"), self_loops=self.source(call))
        if short == "degree":
            index = argument(call, 0, "index")
            val = Val("degree", origin=call, unknown_source=True, self_loops=first.self_loops,
                      counted_over=self._counted_over(index, scope, at) if index is not None else None)
            return dataclasses.replace(val, guard=f"self-loops ({first.self_loops})") if first.self_loops else val
        if short in ("gcn_filter", "GCNFilter"):
            return self._normalized(first, "gcn_filter", loops="gcn_filter")
        if short in ("normalized_adjacency", "normalized_laplacian", "chebyshev_filter", "NormalizeAdj",
                     "rescale_laplacian"):
            return self._normalized(first, short, laplacian=short != "normalized_adjacency")
        if short == "preprocess":
            return self._normalized(first, self.source(call.func))
        if short == "degree_power":
            return Val("degree", origin=call, power=-1.0, diagonal=True, guard="spektral degree_power",
                       unknown_source=first.unknown_source)
        if short == "degree_matrix":
            return self._diagonal(self._degree_of(first, call))
        if short == "get_laplacian" and _no_normalization(argument(call, 2, "normalization")):
            return Val("edges", normalized=short, degree_diagonal=True)  # D - A listed as edges and weights
        if short in ("gcn_norm", "get_laplacian", "normalize_edge_index"):
            return Val("edges", normalized=short)
        if root == "spektral" and ".datasets" in name:
            transforms = argument(call, None, "transforms")
            if transforms is None or (isinstance(transforms, cst.Name) and transforms.value == "None"):
                return Val("dataset", origin=call)
            return Val("dataset", origin=call, normalized=f"transforms={self.source(transforms)}")
        return UNKNOWN

    def _dgl_sparse(self, call: cst.Call, short: str, first: Val, scope: Scope, at: int,
                    env: dict[str, Val] | None) -> Val:
        """DGL's sparse matrix API (``dgl.sparse``): ``spmatrix(indices, val, shape)`` and the
        ``from_coo``/``from_csr`` constructors build a matrix from a graph's pairs (weighted, so
        perhaps normalized, when values are given); ``identity`` is the identity; ``diag(d)`` lays a
        vector on the diagonal. Powers and products are the operators' own (``D ** -0.5 @ A``)."""
        if short == "identity":
            return Val("eye")
        if short == "diag":
            diagonal = self._diagonal(first)
            # A sparse diagonal scales only the entries a sparse matrix stores: an isolated node's
            # inf never meets one (as PyG's inverse degree read only along the edges).
            return dataclasses.replace(diagonal, guard=diagonal.guard or "a dgl.sparse diagonal") \
                if diagonal.kind == "degree" else diagonal
        if short not in ("spmatrix", "from_coo", "from_csr", "from_csc"):
            return UNKNOWN
        pairs = [argument(call, 0, "indices")] if short == "spmatrix" else \
            [argument(call, 0, "row"), argument(call, 1, "col")] if short == "from_coo" else \
            [argument(call, 0, "indptr"), argument(call, 1, "indices")]
        if any(p is None for p in pairs):
            return UNKNOWN
        known = all(self._graph_or_stored(p, scope, at, set()) for p in pairs if p is not None)
        val = Val("adjacency", origin=call, loops_unknown=not known)
        weights = argument(call, 1 if short == "spmatrix" else 2, "val")
        if weights is not None and self.value(weights, scope, at, env).kind != "ones":
            val = dataclasses.replace(val, normalized=f"edge weights `{self.source(weights)}`")
        return val

    def reads_where_counted(self, read: cst.CSTNode, counted: Val) -> bool:
        """``read`` (``d[idx]``, ``d.index_select(0, idx)``) reads a degree counted over ``idx`` (or
        a power of it, an inverse) back only at ``idx``: every entry read counts at least the item
        at which it is read, so it is >= 1 whatever the index holds (graph sizes at a batch vector,
        in-degrees at the edges' targets)."""
        index = read_back_index(read)
        return counted.kind == "degree" and counted.counted_over is not None and index is not None \
            and self.source(index) in counted.counted_over

    def _read_back(self, counted: Val, read: cst.CSTNode) -> Val:
        if counted.weighted:
            # A sum of weights read back at its index holds at least the weight read: no isolated
            # node is read, but weights that are all 0 give 0. A data-dependent sum (GNN504's), not a degree.
            return UNKNOWN
        return dataclasses.replace(counted, read_back=True, guard=counted.guard or f"read back at the index it "
                                                                                   f"counts (`{self.source(read)}` >= 1)")

    def _graph_or_stored(self, expr: cst.BaseExpression, scope: Scope, at: int, seen: set[int]) -> bool:
        """Whether the index ``expr`` (followed back through the stores it reads) holds the edges of a
        graph (an edge list, another matrix's coordinates: ``a.row``, ``a.nonzero()``) or was read from
        storage (``np.loadtxt``, ``pickle.load``, ``open``): pairs a dataset lists, which are taken,
        as for any adjacency a dataset gives, to join distinct nodes. Pairs computed here (a kNN
        search, a thresholded similarity) may well join a node to itself."""
        if id(expr) in seen or len(seen) > 200:
            return False
        seen.add(id(expr))
        if self.value(expr, scope, at).kind in ("edges", "dataset", "graph", "adjacency"):
            return True
        if isinstance(expr, cst.Attribute) and expr.attr.value in ("row", "col", "indices", "edge_index"):
            return True
        if isinstance(expr, cst.Call):
            called = self.facts.call_name(expr) or dotted_name(expr.func) or ""
            if called in READERS:
                return True
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in ("edges", "all_edges") \
                    and self._read_from_storage(expr.func.value, scope, at, 0):
                return True  # `g.edges()` of a graph a dataset loaded (DGL's `CoraGraphDataset()[0]`)
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value in ("nonzero", "find"):
                # The coordinates of another matrix: a graph's edges if that matrix is a graph (or was
                # read from storage); those of a kernel computed here (wavelets, similarities) hold
                # its diagonal too.
                matrix = expr.func.value
                return self.value(matrix, scope, at).kind in ("adjacency", "edges", "dataset", "graph") \
                    or self._read_from_storage(matrix, scope, at, 0)
        name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
        if name is not None and self.facts.qualified_name(expr) is None:
            store, home = self.lookup(name, scope, at)
            if store is not None and store.kind == "param" and home is not None and name in home.params:
                return self._passed_graph_or_stored(home, name, seen)
            if store is not None and (store.value is None or home is None or store.kind == "param"):
                return False
            if store is not None and home is not None and store.kind == "augassign" and store.value is not None:
                # `pairs -= 1` shifts the ids read from a file: still the pairs the name held before.
                return self._graph_or_stored(store.value, store.where or home, store.order, seen) \
                    or self._graph_or_stored(expr, store.where or home, store.order, seen - {id(expr)})
            if store is not None and home is not None and store.value is not None:
                return self._graph_or_stored(store.value, store.where or home, store.order, seen)
        parts = [c for c in _operands_of(expr) if isinstance(c, cst.BaseExpression)]
        return any(self._graph_or_stored(part, scope, at, seen) for part in parts)

    def _read_from_storage(self, expr: cst.BaseExpression, scope: Scope, at: int, depth: int) -> bool:
        """``expr`` holds what a reader returned (``sio.loadmat(f)["net"]``, ``np.load(f)``), followed
        through names, item reads and value-keeping methods (``.tocsr()``)."""
        if depth > 8:
            return False
        while isinstance(expr, cst.Subscript) or (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
                                                  and expr.func.attr.value in _PRESERVING):
            expr = expr.value if isinstance(expr, cst.Subscript) else expr.func.value  # type: ignore[attr-defined]
        if isinstance(expr, cst.Call):
            called = self.facts.call_name(expr) or dotted_name(expr.func) or ""
            return reads_storage(called)
        name = dotted_name(expr) if isinstance(expr, (cst.Name, cst.Attribute)) else None
        if name is None:
            return False
        store, home = self.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign" or store.value is None:
            return False
        return self._read_from_storage(store.value, store.where or home, store.order, depth + 1)

    def _passed_graph_or_stored(self, function: Scope, name: str, seen: set[int]) -> bool:
        """What every call of ``function`` (a class's calls, for ``__init__``) passes as ``name``."""
        constructed = function.name.endswith(".__init__")
        calls = self.callers(function) + (self.callers(function, True) if constructed else [])
        params = function.call_params()
        if not calls or name not in params:
            return False
        for call, caller, order in calls:
            passed = argument(call, params.index(name), name)
            if passed is None or not self._graph_or_stored(passed, caller, order, seen):
                return False
        return True

    def _counted_over(self, index: cst.BaseExpression, scope: Scope, at: int) -> tuple[str, ...]:
        """Where a degree counted over ``index`` is at least 1: at ``index`` itself, and, for an endpoint
        row of ``to_undirected(e)`` (which holds every edge of ``e`` both ways), at either row of ``e``."""
        found: tuple[str, ...] = (self.source(index),)
        if not (isinstance(index, cst.Subscript) and len(index.slice) == 1):
            return found
        edges = index.value
        name = dotted_name(edges)
        if name is not None:
            store, _home = self.lookup(name, scope, at)
            edges = store.value if store is not None and store.kind == "assign" and store.value is not None else edges
        if isinstance(edges, cst.Call) and self.facts.call_name(edges) in _UNDIRECTED:
            original = argument(edges, 0, "edge_index")
            if original is not None:
                found += tuple(f"{self.source(original)}[{row}]" for row in (0, 1))
        return found

    def _dgl_graph(self, graph: Val, call: cst.Call, add: bool) -> Val:
        """A DGL graph after ``add_self_loop()`` (every node has a loop) or ``remove_self_loop()``."""
        return Val("graph", origin=call, self_loops=self.source(call) if add else None,
                   normalized=graph.normalized if graph.kind == "graph" else None)

    def _dgl_adjacency(self, graph: Val, call: cst.Call) -> Val:
        """``g.adjacency_matrix()``: the graph's structure, with the self-loops the graph was given. Its
        values are whatever the caller puts in (``adj.data = weights``, a pooling's ``S^T A S``), so it
        is not claimed a raw propagation operator: only its row sums count, as ``g.in_degrees()`` does."""
        if graph.kind == "graph" and graph.self_loops:
            return Val("adjacency", self_loops=graph.self_loops)
        return Val("adjacency", loops_unknown=True)

    def _method(self, call: cst.Call, method: str, scope: Scope, at: int, env: dict[str, Val] | None) -> Val:
        receiver = self.value(call.func.value, scope, at, env)  # type: ignore[attr-defined]
        if method in _PRESERVING:
            return receiver
        if method in ("diag", "diagonal") and not call.args and receiver.kind == "laplacian":
            return self._diagonal(receiver)
        if method in ("todense", "toarray", "to_dense"):
            return dataclasses.replace(receiver, dense=call) if receiver.kind == "adjacency" else receiver
        if method in ("sum",) and (argument(call, 0, "axis") is not None or argument(call, 0, "dim") is not None):
            binding = self._binding(call.func.value, scope, at) if receiver.kind == "other" else None  # type: ignore[attr-defined]
            if binding is not None:
                # The row sums of a matrix not known (a dataset's SparseTensor): not claimed a degree
                # (nothing says it is a graph), but a matrix scaled by their inverse is normalized.
                return Val("rowsums", origin=call, base=binding)
            return self._degree_of(receiver, call)
        if method in ("add_self_loop", "remove_self_loop"):
            return self._dgl_graph(receiver, call, add=method == "add_self_loop")
        if method in _DGL_ADJACENCY and all(a.keyword is not None for a in call.args):
            return self._dgl_adjacency(receiver, call)
        if method in ("in_degrees", "out_degrees"):
            if receiver.kind == "graph" and receiver.self_loops:
                # Every node of a graph with self-loops has in- and out-degree >= 1.
                return Val("degree", origin=call, self_loops=receiver.self_loops,
                           guard=f"self-loops ({receiver.self_loops})", from_env=receiver.from_env)
            # A graph known only as the caller's own parameter tells the call nothing: its degrees are
            # judged in the body, which follows the parameter to its callers (here and in importers).
            return Val("degree", origin=call, unknown_source=True,
                       from_env=receiver.from_env and receiver.kind != "input")
        if method == "index_select" and self.reads_where_counted(call, receiver):
            return self._read_back(receiver, call)
        if method in ("pow", "pow_", "power"):  # `.power(x)`: a SciPy sparse matrix's element-wise power
            exponent = number(argument(call, 0, "exponent"))
            return self._power(receiver, exponent, call) if exponent is not None else _opaque(receiver)
        if method in ("sqrt", "sqrt_"):
            return self._power(receiver, 0.5, call)
        if method in ("rsqrt", "rsqrt_"):
            return self._power(receiver, -0.5, call)
        if method in ("reciprocal", "reciprocal_", "inverse"):
            return self._power(receiver, -1.0, call)
        if method in ("clamp", "clamp_", "clip", "clip_", "clamp_min", "clamp_min_"):
            return self._clamped(receiver, argument(call, 0, "min"), call, scope, at, env)
        if method in ("masked_fill", "masked_fill_", "nan_to_num", "nan_to_num_"):
            if receiver.kind == "degree":
                return dataclasses.replace(receiver, guard=receiver.guard or f"`{self.source(call)}`")
            return receiver
        if method in ("dot", "mm", "matmul", "__matmul__"):
            return self._binary(call, receiver, self._arg(call, 0, None, scope, at, env), op=cst.MatrixMultiply())
        if method in ops.DIVIDE_METHODS:
            return self._binary(call, receiver, self._arg(call, 0, None, scope, at, env), op=cst.Divide())
        if method in ("multiply", "mul", "mul_"):
            if receiver.kind == "adjacency" and isinstance(argument(call, 0, None), cst.Comparison):
                return receiver  # entries kept where a condition holds: a sub-graph of the same kind
            return self._binary(call, receiver, self._arg(call, 0, None, scope, at, env), op=cst.Multiply())
        if method in ("maximum",):
            other = self._arg(call, 0, None, scope, at, env)
            return receiver if receiver.kind == "adjacency" and other.kind == "adjacency" else UNKNOWN
        if method in ("setdiag", "fill_diagonal_"):
            return dataclasses.replace(receiver, self_loops=self.source(call))
        return UNKNOWN

    # Building blocks ----------------------------------------------------------------------------

    def _degree_of(self, val: Val, node: cst.CSTNode) -> Val:
        if val.kind == "input":
            # The row sums of an input: a degree if the input is an adjacency, which its use decides.
            degree = Val("degree", origin=node, unknown_source=True, from_env=val.from_env, base=val.origin)
            # `a.setdiag(1)` on an input: every row holds its own entry.
            return dataclasses.replace(degree, self_loops=val.self_loops, guard=f"self-loops ({val.self_loops})") \
                if val.self_loops else degree
        if val.kind == "mask":
            return Val("degree", origin=val.origin or node, from_env=val.from_env)  # neighbours per row
        if val.kind not in ("adjacency", "square"):
            return UNKNOWN  # a square matrix's row sums count like a graph's (`(a + I).sum(1)` >= 1)
        if val.normalized:
            return UNKNOWN
        degree = Val("degree", origin=val.origin or node, self_loops=val.self_loops,
                     unknown_source=val.origin is None, from_env=val.from_env,
                     base=val.base if val.kind == "square" and val.origin is None else None)
        if val.self_loops:
            degree = dataclasses.replace(degree, guard=f"self-loops ({val.self_loops})")
        return degree

    def _diagonal(self, val: Val) -> Val:
        if val.kind == "laplacian" and val.degree_diagonal:
            # The diagonal of D - A is the degree (loops removed: not counted as neighbours).
            return Val("degree", origin=val.origin, unknown_source=val.unknown_source, from_env=val.from_env)
        if val.kind == "degree":
            return dataclasses.replace(val, diagonal=True)
        return Val("diagonal", diagonal=True)

    def _power(self, val: Val, exponent: float | None, node: cst.CSTNode) -> Val:
        if exponent is None:
            return _opaque(val)
        if val.kind in ("degree", "rowsums"):
            return dataclasses.replace(val, power=val.power * exponent)
        if val.kind == "diagonal" and exponent < 0:
            return val
        return UNKNOWN

    def _clamped(self, val: Val, bound: cst.BaseExpression | None, node: cst.CSTNode, scope: Scope, at: int,
                 env: dict[str, Val] | None) -> Val:
        if val.kind != "degree":
            return val if val.kind == "adjacency" else UNKNOWN
        if bound is None:
            return val
        limit = self.value(bound, scope, at, env)
        if limit.kind == "number" and limit.value is not None and limit.value <= 0:
            return val
        return dataclasses.replace(val, guard=val.guard or f"`{self.source(node)}`")

    def _normalized(self, val: Val, how: str, loops: str | None = None, laplacian: bool = False) -> Val:
        if laplacian:
            return Val("laplacian")
        if val.kind in ("adjacency", "square"):
            return dataclasses.replace(val, kind="adjacency", normalized=how,
                                       self_loops=val.self_loops or loops, origin=val.origin)
        return Val("adjacency", normalized=how, self_loops=loops)

    def _binary(self, node: cst.CSTNode, left: Val, right: Val, op: cst.CSTNode | None = None) -> Val:
        op = op if op is not None else node.operator  # type: ignore[attr-defined]
        if isinstance(op, cst.Add):
            for a, b in ((left, right), (right, left)):
                if a.kind in ("adjacency", "square", "input") and b.kind == "eye":
                    # (loops removed and then put back: the matrix has them again)
                    return dataclasses.replace(a, self_loops=a.self_loops or self.source(node), loops_removed=None)
                if b.kind == "eye" and a.kind not in ("degree", "number", "laplacian", "eye"):
                    # `x + I` is a square matrix with self-loops, even when `x` was not recognised; the
                    # sum, kept as ``base``, is recognised again when scaled by its own degree.
                    return Val("square", self_loops=self.source(node), base=node)
                if a.kind == "adjacency" and b.kind in ("adjacency", "square"):
                    return a
                if a.kind == "input" and b.kind == "input" and a.origin is b.origin:
                    return a  # `a + a.T`: the same input symmetrized
                if a.kind == "degree" and a.power > 0:
                    if b.kind == "number" and b.value is not None:
                        if b.value >= TINY_EPSILON:
                            return dataclasses.replace(a, guard=a.guard or f"epsilon {b.value:g}")
                        if b.value > 0:
                            return dataclasses.replace(a, eps=(b.value, node))
                        return a
                    if b.kind == "eye":
                        return dataclasses.replace(a, guard=a.guard or "identity added")
                    # `deg + self.eps`: an epsilon this analysis cannot read is trusted.
                    return dataclasses.replace(a, guard=a.guard or f"`{self.source(node)}`")
            return UNKNOWN
        if isinstance(op, cst.Subtract):
            if left.kind in ("input", "other") and right.kind == "eye":
                # `a - I` of a matrix not known (a parameter, a loaded file): the code removes its
                # self-loops, so it treats it as a graph; the use decides whether it is one.
                base = left if left.kind == "input" else Val("input", origin=node)
                return dataclasses.replace(base, self_loops=None, loops_removed=node)
            if left.kind == "number" and left.value == 1 and right.kind == "eye":
                return Val("offdiagonal")  # `1 - eye(n)`: ones off the diagonal, zeros on it
            if left.kind == "eye" or right.kind == "eye":
                return Val("laplacian")
            if left.kind == "adjacency" and right.kind == "adjacency":
                return left  # `A + A.T.multiply(A.T > A) - A.multiply(A.T > A)`: symmetrized, still A
            own = right.kind == "input" and left.base is not None and left.base is right.origin
            if left.kind == "degree" and left.diagonal and left.power == 1 \
                    and ((right.kind == "adjacency" and not right.normalized) or own):
                # D - A, with A a graph or an input minus its own row sums laid on the diagonal.
                return Val("laplacian", origin=left.origin, degree_diagonal=True, unknown_source=left.unknown_source,
                           from_env=left.from_env)
            return UNKNOWN
        if isinstance(op, cst.Power):
            if right.kind == "number":
                return self._power(left, right.value, node)
            return _opaque(left)
        if isinstance(op, cst.Divide):
            if left.kind == "number" and right.kind == "degree":
                return self._power(right, -1.0, node)
            if left.kind == "input" and right.kind == "degree" and right.power == 0.5 and right.base is not None \
                    and right.base is left.origin:
                # An input divided by the square roots of its own row sums: the symmetric normalization.
                return Val("adjacency", unknown_source=True, from_env=left.from_env, normalized="symmetric")
            if left.kind == "adjacency" and right.kind == "degree" and right.power > 0:
                return self._normalize_by(left, "row", node)
            if right.kind == "number" and left.kind in ("degree", "adjacency"):
                return left
            return UNKNOWN
        if isinstance(op, (cst.Multiply, cst.MatrixMultiply)):
            for a, b in ((left, right), (right, left)):
                if b.kind == "offdiagonal" and isinstance(op, cst.Multiply):
                    # `h * (eye(n) == 0)`: the diagonal zeroed, the self-loops removed (see `a - I`).
                    if a.kind in ("adjacency", "square"):
                        return dataclasses.replace(a, self_loops=None)
                    base = a if a.kind == "input" else Val("input", origin=node)
                    return dataclasses.replace(base, self_loops=None, loops_removed=node)
                if a.kind == "input" and b.kind == "degree" and b.power < 0 and b.base is not None \
                        and b.base is a.origin:
                    # An input scaled by the inverse of its own row sums: an adjacency being normalized.
                    a = Val("adjacency", unknown_source=True, from_env=a.from_env)
                if a.kind == "other" and b.kind == "rowsums" and b.power < 0 and a.base is not None \
                        and b.base is a.base:
                    # A matrix scaled by the inverse of its own row sums: a graph being normalized.
                    return Val("adjacency", unknown_source=True, normalized="symmetric" if b.power == -0.5 else "row")
                if a.kind == "adjacency" and a.normalized and b.kind == "rowsums" and b.power < 0:
                    return a  # the second factor of D^-1/2 A D^-1/2
                if a.kind == "square" and b.kind == "degree" and b.power < 0 and a.origin is not None \
                        and b.origin is a.origin and not self._drawn_at_random(a.origin):
                    # A square matrix (filled in by the code) scaled by its own degree: a graph being
                    # normalized. A random one so scaled is a random transition matrix, not a graph.
                    a = dataclasses.replace(a, kind="adjacency")
                if a.kind == "square" and b.kind == "degree" and b.power < 0 and a.origin is None \
                        and a.base is not None and b.base is a.base:
                    # `x + I` (x not known) scaled by its own degree: a graph being normalized.
                    a = dataclasses.replace(a, kind="adjacency", base=None)
                if a.kind == "adjacency" and b.kind == "degree":
                    if b.power < 0:
                        return self._normalize_by(a, "symmetric" if b.power == -0.5 else "row", node)
                    if isinstance(op, cst.MatrixMultiply) and b.diagonal and not a.normalized:
                        return dataclasses.replace(a, times_degree=node)
                    return UNKNOWN
                if a.kind == "adjacency" and b.kind == "number":
                    return a
                if a.kind == "adjacency" and b.kind == "ones" and isinstance(op, cst.MatrixMultiply):
                    return self._degree_of(a, node)
                if a.kind == "edges" and b.kind == "degree" and b.power < 0:
                    return dataclasses.replace(a, normalized="degree")
                if a.kind == "degree" and b.kind == "eye" and isinstance(op, cst.Multiply):
                    return dataclasses.replace(a, diagonal=True)  # `d * I`: the degree vector laid on a diagonal
                if a.kind == "degree" and b.kind == "degree" and a.power < 0 and b.power < 0:
                    return Val("edges", normalized="degree")
            if left.kind == "degree" and right.kind == "number":
                return left
            return UNKNOWN
        return UNKNOWN

    def _drawn_at_random(self, node: cst.CSTNode) -> bool:
        name = self.facts.call_name(node) if isinstance(node, cst.Call) else None
        return name is not None and any(word in name.rsplit(".", 1)[-1] for word in ("rand", "normal", "uniform"))

    def _normalize_by(self, adjacency: Val, how: str, node: cst.CSTNode) -> Val:
        if adjacency.normalized:
            return adjacency
        return dataclasses.replace(adjacency, normalized=how, times_degree=None)


# By class name: libcst's import waits until a file is parsed.
# Library functions dividing their first argument by their second (`_lib` suffixes).
_DIVIDE_FUNCTIONS = ("div", "divide", "true_divide", "math.divide", "math.truediv")
_PRODUCT_METHODS = frozenset({"dot", "mm", "matmul", "multiply", "mul", "bmm", "spmm"})
_PRODUCT_FUNCTIONS = frozenset({"dot", "matmul", "mm", "multiply", "mul", "spmm", "sparse_dense_matmul", "bmm"})


def _product_leaves(node: cst.BaseExpression, facts: GraphFacts) -> Iterator[cst.BaseExpression]:
    """The factors of a product however it is spelt: ``a * b @ c``, ``a.dot(d).transpose().dot(d)``,
    ``np.matmul(a, b)``, ``tf.sparse.sparse_dense_matmul(a, b)``."""
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Multiply, cst.MatrixMultiply)):
        yield from _product_leaves(node.left, facts)
        yield from _product_leaves(node.right, facts)
        return
    if isinstance(node, cst.Attribute) and node.attr.value in ("T", "mT", "H"):
        yield from _product_leaves(node.value, facts)
        return
    if isinstance(node, cst.Call):
        name = facts.facts.call_name(node)
        if name is not None and name.rsplit(".", 1)[-1] in _PRODUCT_FUNCTIONS and len(node.args) >= 2:
            for arg in node.args[:2]:
                yield from _product_leaves(arg.value, facts)
            return
        if name is None and isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            if method in _PRODUCT_METHODS and node.args:
                yield from _product_leaves(node.func.value, facts)
                yield from _product_leaves(node.args[0].value, facts)
                return
            if method in _PRESERVING or method in ("transpose", "t"):
                yield from _product_leaves(node.func.value, facts)
                return
    yield node


def _unindexed(node: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(node, cst.Subscript):
        node = node.value
    return node


def _pair_indexed(target: cst.CSTNode) -> bool:
    """``m[rows, cols]`` with two index expressions (not slices, not a diagonal ``m[i, i]``)."""
    if not isinstance(target, cst.Subscript) or len(target.slice) != 2:
        return False
    rows, cols = (element.slice for element in target.slice)
    if not isinstance(rows, cst.Index) or not isinstance(cols, cst.Index):
        return False
    return not rows.value.deep_equals(cols.value)


# The COO constructors (PyTorch's, TensorFlow's SparseTensor): coordinates, values, size.
_COO_SPARSE_CONSTRUCTORS = frozenset({"torch.sparse_coo_tensor", "torch.sparse.FloatTensor", "torch.sparse.IntTensor",
                                        "torch.sparse.LongTensor", "torch.sparse.DoubleTensor",
                                        "torch.sparse.ByteTensor", "torch.cuda.sparse.FloatTensor",
                                        "tensorflow.SparseTensor", "tensorflow.sparse.SparseTensor"})
# What names a sparse matrix's coordinates, and its stored entries.
_COORDINATES = frozenset({"row", "col", "indices"})
_ENTRIES = frozenset({"data", "values", "_values"})
# The compressed layouts: (pointers, indices, values, size); the indices are the other coordinate.
_COMPRESSED_SPARSE_CONSTRUCTORS = {"torch.sparse_csr_tensor": "col_indices", "torch.sparse_csc_tensor": "row_indices",
                                   "torch.sparse_bsr_tensor": "col_indices"}
_PRESERVING = frozenset({"int", "long", "astype", "float", "double", "half", "to", "cuda", "cpu", "tocsr", "tocoo", "tocsc", "tolil",
                         "todok",
                         "copy", "clone", "detach", "numpy", "flatten", "ravel", "squeeze", "unsqueeze", "view",
                         "reshape", "transpose", "t", "A1", "coalesce", "to_sparse", "type", "contiguous",
                         "requires_grad_", "expand_dims", "view_as", "expand", "repeat", "tolist", "asnumpy",
                         # torch_sparse SparseTensor's and torch's layout conversions: the same entries
                         "to_torch_sparse_coo_tensor", "to_torch_sparse_csr_tensor", "to_torch_sparse_csc_tensor",
                         "to_scipy", "to_sparse_coo", "to_sparse_csr", "to_sparse_csc",
                         # a DGL graph's shallow copy: the same nodes, edges and self-loops
                         "local_var"})
# Methods of a torch module (or Keras model) that return the module itself.
# Layer containers whose elements are the layers put in them.
_LAYER_CONTAINERS = frozenset({"ModuleList"})
_RETURNS_MODULE = frozenset({"to", "cuda", "cpu", "float", "double", "half", "train", "eval", "requires_grad_",
                             "share_memory"})
_GUARD_METHODS = frozenset({"masked_fill_", "clamp_", "clip_", "clamp_min_", "nan_to_num_", "fill_", "index_fill_",
                            "masked_scatter_", "fn:numpy.nan_to_num", "fn:numpy.place", "fn:numpy.putmask",
                            "fn:numpy.copyto", "fn:numpy.clip", "fn:numpy.maximum"})


# What turns an edge list and its weights into a matrix.
_DENSIFIERS = frozenset({"to_dense_adj", "to_scipy_sparse_matrix", "to_torch_coo_tensor", "to_torch_csr_tensor",
                         "to_torch_sparse_tensor", "SparseTensor", "from_edge_index"})
_KERAS_FEEDS = frozenset({"fit", "predict", "evaluate", "train_on_batch", "test_on_batch", "predict_on_batch"})


def reads_storage(called: str) -> bool:
    """What the call gives is read from storage: a file reader (``READERS``) or a graph library's
    dataset class (``dgl.data.CoraGraphDataset``, PyG's ``Planetoid``). Only the libraries': a
    project's own class named ``...Dataset`` may build anything."""
    root = called.split(".")[0]
    return called in READERS or root in ("dgl", "torch_geometric", "ogb", "spektral") and (
        ".datasets." in called or called.endswith("Dataset"))


def _is_keras_input(graph: GraphFacts, call: cst.Call) -> bool:
    name = graph.facts.call_name(call) or ""
    return name.split(".")[0] in ("keras", "tensorflow", "tf_keras") and name.rsplit(".", 1)[-1] == "Input"


def _assigned(statement: cst.CSTNode) -> str | None:
    """The one name ``statement`` assigns (``model = Model(...)``), else None."""
    if isinstance(statement, cst.SimpleStatementLine) and statement.body \
            and isinstance(statement.body[0], cst.Assign) and len(statement.body[0].targets) == 1:
        return dotted_name(statement.body[0].targets[0].target)
    return None


def _ifs_of(function: Scope) -> list[arms.IfArms]:
    """The ``if``s of ``function``, recorded by the module it is defined in."""
    return function.graph._if_arms.get(id(function), []) if function.graph is not None else []


def _all_safe(values: list[Val]) -> Val | None:
    """The value every caller passes when they all pass a graph made safe the same way (self-loops
    added, or normalized); else None."""
    if not values:
        return None
    first = values[0]
    if first.kind not in ("graph", "adjacency", "edges", "square") or not (first.self_loops or first.normalized):
        return None
    if all(v.kind == first.kind and bool(v.self_loops) == bool(first.self_loops)
           and bool(v.normalized) == bool(first.normalized) for v in values):
        return first
    return None


def _all_agree(values: list[Val]) -> Val | None:
    """The value every feed gives a placeholder, raw or made safe, where they all give a graph built
    the same way; else None (one feed not known, or two that differ)."""
    first = values[0]
    if first.kind not in ("graph", "adjacency", "edges", "square") or first.origin is None and not first.normalized:
        return None
    if all(v.kind == first.kind and bool(v.self_loops) == bool(first.self_loops)
           and bool(v.normalized) == bool(first.normalized) for v in values):
        return first
    return None


# At most this many other modules are read for the writers of one loaded file.
_MAX_WRITER_MODULES = 6


def _imported(val: Val, call: cst.CSTNode) -> Val:
    """A value computed in another module, as seen at ``call``: its nodes belong to that module's
    tree, so the call stands in for them (a message quotes the importing file's own line)."""
    if val.kind == "other":
        return val
    return dataclasses.replace(
        val, origin=call if val.origin is not None else None, dense=call if val.dense is not None else None,
        times_degree=call if val.times_degree is not None else None,
        eps=(val.eps[0], call) if val.eps is not None else None, base=None)


def _either(a: Val, b: Val) -> Val:
    """``a if c else b``: a degree left unguarded on one branch is unguarded (the hazard is on that
    path); where the other branch is not known, the known degree stands for both."""
    degrees = [v for v in (a, b) if v.kind == "degree"]
    if len(degrees) == 1 and (a.kind in ("other", "input") or b.kind in ("other", "input")):
        return degrees[0]
    inputs = [v for v in (a, b) if v.kind == "input"]
    if len(inputs) == 2 and a.origin is b.origin:
        # `if self_loop: adj = adj + I`: the parameter with or without loops; the path without is the hazard.
        return next((v for v in inputs if not v.self_loops), a)
    if len(inputs) == 1 and (a.kind == "other" or b.kind == "other"):
        return inputs[0]  # a parameter, or what this analysis cannot read on the other path
    if len(degrees) == 2:
        return next((v for v in degrees if not v.guard), degrees[0])
    return _join([a, b])


def _is_switch(test: cst.BaseExpression) -> bool:
    """A configuration switch: ``flag``, ``not self.flag``, or an option compared with string
    literals (``args.setting == "smote"``, ``cfg["norm"] in ("sym", "rw")``). What follows the
    ``if`` runs with the switch either way; a test on data (``deg.min() == 0``) is not one."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        test = test.expression
    if isinstance(test, (cst.Name, cst.Attribute)):
        return dotted_name(test) not in (None, "True", "False")
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1 \
            or isinstance(test.left, cst.Name) and test.left.value == "__name__":  # the script's body: it runs
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, (cst.Equal, cst.NotEqual, cst.In, cst.NotIn)):
        return False
    return _option_read(test.left) and _strings(target.comparator)


def _option_read(expr: cst.BaseExpression) -> bool:
    """``name``, ``args.x``, ``cfg["key"]``, ``args.__dict__["key"]``: where an option is read."""
    if isinstance(expr, cst.Subscript):
        keys = [e.slice.value for e in expr.slice if isinstance(e.slice, cst.Index)]
        return len(keys) == 1 and isinstance(keys[0], cst.SimpleString) and _option_read(expr.value)
    return isinstance(expr, (cst.Name, cst.Attribute)) and dotted_name(expr) is not None


def _strings(expr: cst.BaseExpression) -> bool:
    """A string literal, or a tuple, list or set of them."""
    if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):
        return bool(expr.elements) and all(isinstance(e.value, cst.SimpleString) for e in expr.elements)
    return isinstance(expr, cst.SimpleString)


def _is_none(expr: cst.BaseExpression | None) -> bool:
    return isinstance(expr, cst.Name) and expr.value == "None"


def _opaque(val: Val) -> Val:
    """An operation on ``val`` this layer does not model: an adjacency stays an adjacency of unknown
    normalization only if it was normalized already; anything else becomes unknown."""
    return val if val.kind == "adjacency" and val.normalized else UNKNOWN


def carried(values: Iterable[Val]) -> Iterator[Val]:
    """``values`` and what each list written out among them holds (``layer([x, adj])`` passes an
    adjacency as much as ``layer(x, adj)`` does)."""
    for val in values:
        yield val
        if val.kind == "list" and val.items is not None:
            for position in range(len(val.items)):
                yield _item(val, position)


def _item(listed: Val, position: int) -> Val:
    """Position ``position`` of a list written out; passed in from a caller when the list was."""
    assert listed.items is not None
    item = listed.items[position]
    return dataclasses.replace(item, from_env=True) if listed.from_env and not item.from_env else item


def _constant_index(expr: cst.Subscript) -> int | None:
    """``k`` of ``xs[k]`` (a literal integer, possibly negative), else None."""
    index = expr.slice[0].slice if len(expr.slice) == 1 else None
    if not isinstance(index, cst.Index):
        return None
    position = number(index.value)
    if position is None and isinstance(index.value, cst.UnaryOperation) and isinstance(index.value.operator, cst.Minus):
        inner = number(index.value.expression)
        position = -inner if inner is not None else None
    return int(position) if position is not None and position == int(position) else None


def _join(values: list[Val]) -> Val:
    """What a helper with several returns gives: the common value, else the first adjacency."""
    if not values:
        return UNKNOWN
    if all(v == values[0] for v in values):
        return values[0]
    adjacencies = [v for v in values if v.kind == "adjacency"]
    if adjacencies and all(v.normalized for v in adjacencies):
        return adjacencies[0]
    raw = [v for v in adjacencies if not v.normalized]
    # A branch that normalizes and one that does not: say nothing rather than guess.
    return raw[0] if raw and len(raw) == len(values) else UNKNOWN


def _square_shape(call: cst.Call) -> bool:
    """``rand(n, n)``, ``zeros((n, n))``, ``randint(0, 2, (n, n))``, ``uniform(size=(n, n))``."""
    shape_args = [a.value for a in call.args if a.keyword is None]
    size = argument(call, None, "size") or argument(call, None, "shape")
    candidates = []
    if size is not None:
        candidates.append(size)
    candidates.extend(a for a in shape_args if isinstance(a, (cst.Tuple, cst.List)))
    for candidate in candidates:
        if isinstance(candidate, (cst.Tuple, cst.List)) and len(candidate.elements) == 2:
            first, second = (e.value for e in candidate.elements)
            if _same(first, second):
                return True
    if len(shape_args) == 2 and not isinstance(shape_args[0], (cst.Tuple, cst.List)) and _same(*shape_args):
        return not any(a.keyword for a in call.args)
    return False


def _dimensions(call: cst.Call) -> int | None:
    """How many dimensions ``zeros(rows, cols)``, ``zeros((b, n, n))``, ``zeros(size=...)`` makes."""
    shape_args = [a.value for a in call.args if a.keyword is None]
    size = argument(call, None, "size") or argument(call, None, "shape")
    if size is None and len(shape_args) == 1:
        size = shape_args[0]
    if isinstance(size, (cst.Tuple, cst.List)):
        return len(size.elements)
    return len(shape_args) if size is None else None


def _matrix_shape(call: cst.Call) -> bool:
    """Exactly two dimensions: a matrix."""
    return _dimensions(call) == 2


def _batched_shape(call: cst.Call) -> bool:
    """Three dimensions: a batch of matrices."""
    return _dimensions(call) == 3


def _no_normalization(expr: cst.BaseExpression | None) -> bool:
    """``normalization=None`` (PyG's default): the combinatorial Laplacian."""
    return expr is None or (isinstance(expr, cst.Name) and expr.value == "None")


def _same(a: cst.BaseExpression, b: cst.BaseExpression) -> bool:
    if number(a) is not None:
        return number(a) == number(b) and (number(a) or 0) > 2
    name = dotted_name(a)
    if name is not None:
        return name == dotted_name(b)
    # (n_users + n_items, n_users + n_items), (x.size(0), x.size(0)), (x.shape[0], x.shape[0])
    return isinstance(a, (cst.BinaryOperation, cst.Call, cst.Subscript)) and a.deep_equals(b)


def _square_literal(expr: cst.BaseExpression | None) -> bool:
    """``[[0, 1, 1], [1, 0, 0], [1, 0, 0]]``: a square nested list of 0/1 literals."""
    if not isinstance(expr, (cst.List, cst.Tuple)) or len(expr.elements) < 2:
        return False
    size = len(expr.elements)
    for row in expr.elements:
        if not isinstance(row.value, (cst.List, cst.Tuple)) or len(row.value.elements) != size:
            return False
        if any(number(e.value) not in (0.0, 1.0) for e in row.value.elements):
            return False
    return True


def _is_diagonal_index(subscript: cst.CSTNode, facts: GraphFacts) -> bool:
    """``A[np.diag_indices_from(A)]``, ``A[range(n), range(n)]``, ``A[i, i]``."""
    if not isinstance(subscript, cst.Subscript):
        return False
    elements = [e.slice.value for e in subscript.slice if isinstance(e.slice, cst.Index)]
    if len(elements) == 1 and isinstance(elements[0], cst.Call):
        name = facts.facts.call_name(elements[0]) or ""
        return name.endswith(("diag_indices_from", "diag_indices"))
    if len(elements) == 2:
        return facts.source(elements[0]) == facts.source(elements[1])
    return False
