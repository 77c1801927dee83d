"""What built a value: followed back through assignments and through function parameters to callers.

A training function rarely builds what it trains: ``train_epoch(epoch, rnn, loader, optimizer)``
is handed its model and optimizer by ``train()`` in the same module, which is handed the model by a
script that imports it (``from train import *``). :func:`built_by` follows an expression back
through the stores of its scope (every branch: ``if`` arms may build different models) and, for a
parameter, to what each call of the function passes (in the module and in the project modules that
import it), and returns the calls that built it. A path it cannot follow simply adds nothing, so
no finding rests on an unknown.

It reads the graph layer's records (:class:`gnnlint.analysis.graph.GraphFacts`): stores, sites and
callers; nothing is recorded here.
"""

from __future__ import annotations

import dataclasses

import libcst as cst

from gnnlint.analysis.graph import GraphFacts, Scope, Store
from gnnlint.analysis.scopes import argument, dotted_name

# Calls that return the module they are called on (moved, switched to training mode).
_RETURNS_RECEIVER = frozenset({"to", "cuda", "cpu", "float", "double", "train", "requires_grad_", "share_memory"})
# The methods a call of a model instance runs.
_MODEL_CALLS = frozenset({"forward", "call", "__call__"})
# How many assignments and calls a value is followed through.
_MAX_HOPS = 8


@dataclasses.dataclass(frozen=True)
class Built:
    """A call that built a value, with the scope it runs in (``scope.graph`` is its module)."""

    call: cst.Call
    scope: Scope
    order: int

    @property
    def graph(self) -> GraphFacts:
        assert self.scope.graph is not None  # every recorded scope belongs to a module's record
        return self.scope.graph


def site_of(graph: GraphFacts, node: cst.CSTNode) -> tuple[Scope, int] | None:
    """The scope and statement order where the call ``node`` was met in ``graph``'s module."""
    for scope in graph.scopes:
        for site in scope.sites:
            if site.node is node:
                return scope, site.order
    return None


def built_by(expr: cst.BaseExpression, scope: Scope, at: int, hops: int = 0, returns: bool = False) -> list[Built]:
    """The calls that may have built what ``expr`` holds at statement ``at`` of ``scope``. With
    ``returns``, a call of a project function is followed into what it returns too (``opt =
    make_optimizer(model)``), and an element unpacked from one into that element of its returned
    tuple (``optimizer, scheduler = setup(model)``)."""
    graph = scope.graph
    if graph is None or hops > _MAX_HOPS:
        return []
    if isinstance(expr, cst.Call):
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _RETURNS_RECEIVER \
                and graph.facts.qualified_name(func) is None:
            return built_by(func.value, scope, at, hops + 1, returns)  # Net(...).cuda()
        return [Built(expr, scope, at)] + (_returned(expr, None, scope, at, hops, returns) if returns else [])
    name = dotted_name(expr)
    if name is None or graph.facts.qualified_name(expr) is not None:
        return []
    found: list[Built] = []
    for store, home in _stores(graph, name, scope, at):
        if store.kind == "assign" and store.value is not None:
            found += built_by(store.value, store.where or home, store.order, hops + 1, returns)
        elif store.kind == "unpack" and returns and isinstance(store.value, cst.Call) and store.index is not None:
            found += _returned(store.value, store.index, store.where or home, store.order, hops, returns)
        elif store.kind == "unpack" and isinstance(store.value, cst.Call) and store.index is not None:
            found += _handed_back(store.value, store.index, store.where or home, store.order, hops)
        elif store.kind == "param" and store.value is None and home.kind == "function":
            for call, caller, order in callers(home):
                passed = argument_passed(home, call, name)
                if passed is not None:
                    found += built_by(passed, caller, order, hops + 1, returns)
            for call, caller, order in constructions(home):
                passed = argument(call, _position(home.call_params(None), name), name)
                if passed is not None:
                    found += built_by(passed, caller, order, hops + 1, returns)
    if not found and name.startswith("self."):
        found = _stored_by_base(graph, name, scope, hops, returns)
    return found


def _stored_by_base(graph: GraphFacts, name: str, scope: Scope, hops: int, returns: bool) -> list[Built]:
    """``self.x`` read in a method of a class that never stores it: what the ``__init__`` of a base
    class of the module stores there, run by the class's own ``__init__`` through
    ``super().__init__(...)``. A parameter of the base's ``__init__`` is what that call passes."""
    cls = scope.parent if scope.kind == "function" else None
    if cls is None or cls.kind != "class" or not isinstance(cls.node, cst.ClassDef) or name.count(".") != 1:
        return []
    own_init = next((s for s in graph.scopes if s.parent is cls and s.name == f"{cls.name}.__init__"), None)
    if own_init is None:
        return []
    found: list[Built] = []
    for base in cls.node.bases:
        base_name = dotted_name(base.value)
        base_init = next((s for s in graph.scopes if s.name == f"{base_name}.__init__" and _is_constructor(s)), None)
        if base_init is None or base_init is own_init:
            continue
        for call, order in _base_init_calls(own_init):
            for store, home in _stores(graph, name, base_init, _END):
                if store.kind != "assign" or store.value is None:
                    continue
                held = dotted_name(store.value)
                if held in base_init.params:
                    passed = argument(call, _position(base_init.call_params(None), held), held)
                    if passed is not None:
                        found += built_by(passed, own_init, order, hops + 1, returns)
                else:
                    found += built_by(store.value, store.where or home, store.order, hops + 1, returns)
    return found


def _base_init_calls(init: Scope) -> list[tuple[cst.Call, int]]:
    """The ``super().__init__(...)`` calls of a constructor, with their statement order."""
    return [(site.node, site.order) for site in init.sites
            if isinstance(site.node, cst.Call) and isinstance(site.node.func, cst.Attribute)
            and site.node.func.attr.value == "__init__" and isinstance(site.node.func.value, cst.Call)
            and dotted_name(site.node.func.value.func) == "super"]


# A statement order past the end of any function: what a constructor has stored once it returns.
_END = 1 << 30


def _returned(call: cst.Call, index: int | None, scope: Scope, at: int, hops: int, returns: bool) -> list[Built]:
    """The calls that built what the project function ``call`` runs returns (element ``index`` of
    a returned tuple, when given)."""
    graph = scope.graph
    function = graph.function_for(call, scope, at) if graph is not None else None
    if function is None or function.graph is None or function.name.rsplit(".", 1)[-1] in _MODEL_CALLS:
        return []  # calling a model: its output, not a value it built
    found: list[Built] = []
    for value, order in function.returns:
        if index is not None:
            if not isinstance(value, (cst.Tuple, cst.List)) or index >= len(value.elements) \
                    or any(isinstance(e, cst.StarredElement) for e in value.elements):
                continue
            value = value.elements[index].value
        found += built_by(value, function, order, hops + 1, returns)
    return found


def _handed_back(call: cst.Call, index: int, scope: Scope, at: int, hops: int) -> list[Built]:
    """``model, best = load_checkpoint(model, path)``: a project function that hands back, as
    element ``index`` of every tuple it returns, one of its parameters unchanged returns the very
    object the call passes for it, which is followed to the calls that built it."""
    graph = scope.graph
    function = graph.function_for(call, scope, at) if graph is not None else None
    if function is None or function.graph is None or not function.returns:
        return []
    handed: set[str] = set()
    for value, order in function.returns:
        element = value.elements[index].value if isinstance(value, (cst.Tuple, cst.List)) \
            and index < len(value.elements) and not any(isinstance(e, cst.StarredElement) for e in value.elements) \
            else None
        name = element.value if isinstance(element, cst.Name) else None
        store, _ = function.graph.lookup(name, function, order) if name is not None else (None, None)
        if name is None or store is None or store.kind != "param":
            return []
        handed.add(name)
    if len(handed) != 1:
        return []
    passed = argument_passed(function, call, handed.pop())
    return built_by(passed, scope, at, hops + 1) if passed is not None else []


def assigned_names(name: str, scope: Scope, at: int) -> list[cst.BaseExpression]:
    """The names or attributes ``name`` may have been assigned at ``at`` (every arm of an ``if``:
    ``Model = GIN`` in one, ``Model = GCN`` in the other), for a name that stands for another."""
    graph = scope.graph
    if graph is None:
        return []
    return [store.value for store, _ in _stores(graph, name, scope, at)
            if store.kind == "assign" and isinstance(store.value, (cst.Name, cst.Attribute))]


def _stores(graph: GraphFacts, name: str, scope: Scope, at: int) -> list[tuple[Store, Scope]]:
    """The stores ``name`` may hold at ``at``: the last one, or, for an assignment, every assignment
    of its scope before that point (the arms of an ``if`` each build their own)."""
    last, home = graph.lookup(name, scope, at)
    if last is None or home is None:
        return []
    if last.kind != "assign":
        return [(last, home)]
    earlier = [s for s in home.stores.get(name, []) if s.kind == "assign" and (home is not scope or s.order < at)]
    return [(s, home) for s in earlier]


def argument_passed(function: Scope, call: cst.Call, name: str) -> cst.BaseExpression | None:
    """What ``call`` of ``function`` passes for its parameter ``name``; None when it passes nothing."""
    return argument(call, _position(function.call_params(call), name), name)


def _position(params: list[str], name: str) -> int | None:
    return params.index(name) if name in params else None


def constructions(function: Scope) -> list[tuple[cst.Call, Scope, int]]:
    """For a class's ``__init__``: the calls of the class (``Trainer(model, lr)``) in its module and
    in the project modules that import it, which hand ``__init__`` its arguments (what a trainer
    object keeps on ``self.model``)."""
    graph = function.graph
    if graph is None or not _is_constructor(function):
        return []
    return graph.callers(function, constructed=True) + graph.callers_elsewhere(function, constructed=True)


def callers(function: Scope) -> list[tuple[cst.Call, Scope, int]]:
    """The calls of ``function``: in its module, and in the project modules that import it (by name
    or with ``from module import *``); a method is called through its instances, in its module."""
    graph = function.graph
    if graph is None:
        return []
    found = list(graph.callers(function))
    if "." not in function.name:
        found += graph.callers_elsewhere(function)
    return found


def passed_arguments(function: Scope, name: str) -> list[tuple[cst.BaseExpression, Scope, int]]:
    """What each call of ``function`` passes for its parameter ``name``, with the calling scope and
    statement: its callers (see :func:`callers`) and, for a class's ``__init__``, the constructions
    of the class, in its module and in the project modules that import it. A call that passes
    nothing for it (the default is used) is left out."""
    graph = function.graph
    if graph is None:
        return []
    found = []
    for call, caller, order in callers(function):
        passed = argument_passed(function, call, name)
        if passed is not None:
            found.append((passed, caller, order))
    if _is_constructor(function):
        # `Scaler(lo, hi)` fills `__init__(self, lo, hi)` after self
        position = _position(function.call_params(), name)
        for call, caller, order in constructions(function):
            passed = argument(call, position, name)
            if passed is not None:
                found.append((passed, caller, order))
    return found


def _is_constructor(function: Scope) -> bool:
    return function.name.endswith(".__init__") and function.parent is not None \
        and function.parent.kind == "class" and function.parent.parent is not None \
        and function.parent.parent.kind == "module"
