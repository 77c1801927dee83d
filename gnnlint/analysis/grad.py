"""Whether a value is built only from input data that no gradient is ever asked of.

GNN503's hazard is the backward pass: ``d sqrt(s) / ds`` is infinite at 0. Autograd only runs that
derivative for a value that depends on something requiring a gradient: a parameter, the output of
a learned module. Distances between the input coordinates of a point cloud (``data.pos``, passed
unchanged through ``forward`` and ``propagate`` into ``message``) are data: their root is never
differentiated. This layer answers "built from data only" by following the value through the
module's own stores and function calls, to where it enters the program:

* a parameter of a function is data when every call site of that function in the module passes
  data in its place (``forward`` through the calls of the instances of its class, a PyG
  ``message``'s ``pos_i``/``pos_j`` through the ``propagate(..., pos=...)`` calls of its class);
* an attribute of a loop variable over a data loader (``data.pos`` in ``for data in loader``) is
  data;
* library functions and tensor methods of data are data; a call of a learned module
  (``self.lin(x)``), an attribute of ``self`` (a parameter or buffer) or anything not known is
  not.

Whatever it is built from, a gradient cut has no gradient: ``.detach()``, ``.item()``,
``.numpy()``, ``.tolist()``, ``tf.stop_gradient``, and the result of a NumPy or ``math`` function (a
tensor that requires a gradient cannot enter one), followed through names like any other value.

Any ``requires_grad`` in the file (positions differentiated for forces) makes every answer "not
known", except for values built from gradient cuts and constants only. "Not known" is the default:
the rule then reports as before.

The other end is :func:`never_differentiated`: a value whose every use is a gradient cut
(``.detach()``, ``tf.stop_gradient``, ``.item()``, a ``tf.summary`` op) is never differentiated,
whatever it is built from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.cst_walk import children, descendants
from gnnlint.analysis.scopes import dotted_name

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts, Scope

_LIBRARIES = ("torch", "numpy", "torch_geometric", "dgl", "scipy", "math", "torch_cluster", "torch_scatter")
# Iterables whose elements are modules or parameters, not data.
_MODULE_ITERABLES = {"parameters", "named_parameters", "modules", "children", "named_modules", "named_children"}
_MESSAGE_METHODS = {"message", "message_and_aggregate", "edge_update"}
_MAX_HOPS = 12
_STEP_BUDGET = 20_000
_BUILTINS = {"len", "float", "int", "abs", "min", "max", "sum", "range", "round", "tuple", "list"}
# Tensor methods whose result carries no gradient, and library functions whose arguments get none:
# gradient cuts. (Canonical names: ``tf.`` for tensorflow; a prefix ending in "." covers a module.)
_CUT_METHODS = frozenset({"detach", "detach_", "item", "numpy", "tolist"})
_CUT_FUNCTIONS = ("tf.stop_gradient", "tf.summary.", "tf.compat.v1.summary.")
# Libraries whose results are plain arrays and floats: nothing they return carries a gradient.
_NO_GRAD_LIBRARIES = ("numpy", "math")


class DataOnly:
    """``data(expr)``: whether ``expr`` at the current statement is built from input data only."""

    def __init__(self, graph: GraphFacts) -> None:
        self.graph = graph
        self.facts = graph.facts
        self._memo: dict[tuple[int, int, int], tuple[bool, cst.CSTNode]] = {}
        self._active: set[tuple[int, int, int]] = set()
        self._assumed = 0
        self._cut = 0
        self._steps = 0
        self._disabled = "requires_grad" in graph.context.source

    def at_walk(self) -> tuple[Scope, int]:
        """Where the walk is (to ask later, in ``finish``, when every call site has been seen)."""
        return self.graph.here()

    def data(self, expr: cst.BaseExpression, scope: Scope, at: int, hops: int = 0) -> bool:
        self._steps += 1
        if hops > _MAX_HOPS or self._steps > _STEP_BUDGET:
            self._cut += 1
            return False
        key = (id(expr), id(scope), at)
        known = self._memo.get(key)
        if known is not None and known[1] is expr:
            return known[0]
        if key in self._active:
            # A value passed round a cycle (`ptr` into a helper whose result comes back as `ptr`)
            # brings in no source of its own: what enters the cycle decides. Assumed data here,
            # so answers that rest on the assumption are not remembered.
            self._assumed += 1
            return True
        self._active.add(key)
        assumed, cut = self._assumed, self._cut
        try:
            result = self._data(expr, scope, at, hops)
        finally:
            self._active.discard(key)
        # "not data" never rests on an assumption, but may on a search cut short
        if (self._assumed == assumed if result else self._cut == cut):
            self._memo[key] = (result, expr)
        return result

    def _data(self, expr: cst.BaseExpression, scope: Scope, at: int, hops: int) -> bool:
        if isinstance(expr, (cst.Integer, cst.Float, cst.SimpleString, cst.ConcatenatedString)):
            return True
        if isinstance(expr, (cst.Name, cst.Attribute)):
            if self.facts.qualified_name(expr) is not None:
                return True  # a library constant (`math.pi`)
            name = dotted_name(expr)
            if name is None:
                return isinstance(expr, cst.Attribute) and self._data(expr.value, scope, at, hops)
            if name in ("None", "True", "False"):
                return True
            return self._name(name, expr, scope, at, hops)
        if isinstance(expr, cst.Subscript):
            return self.data(expr.value, scope, at, hops) and all(
                self._index_data(element.slice, scope, at, hops) for element in expr.slice)
        if isinstance(expr, cst.BinaryOperation):
            return self.data(expr.left, scope, at, hops) and self.data(expr.right, scope, at, hops)
        if isinstance(expr, cst.UnaryOperation):
            return self.data(expr.expression, scope, at, hops)
        if isinstance(expr, cst.IfExp):
            return self.data(expr.body, scope, at, hops) and self.data(expr.orelse, scope, at, hops)
        if isinstance(expr, (cst.Tuple, cst.List)):
            return all(self.data(e.value, scope, at, hops) for e in expr.elements)
        if isinstance(expr, cst.Call):
            return self._call(expr, scope, at, hops)
        return False

    def _index_data(self, index: cst.BaseSlice, scope: Scope, at: int, hops: int) -> bool:
        if isinstance(index, cst.Index):
            return self.data(index.value, scope, at, hops)
        return all(part is None or self.data(part, scope, at, hops)
                   for part in (index.lower, index.upper, index.step))  # type: ignore[attr-defined]

    def _name(self, name: str, expr: cst.BaseExpression, scope: Scope, at: int, hops: int) -> bool:
        store, home = self.graph.lookup(name, scope, at)
        if store is None or home is None:
            # `data.pos`: an attribute of data (a batch from a loader) is data
            return isinstance(expr, cst.Attribute) and not name.startswith("self.") and not self._disabled \
                and self.data(expr.value, scope, at, hops)
        if any(True for _ in self.graph.after(name, home, store.order, at if home is scope else None)):
            return False  # changed in place since: not followed
        if home.kind == "class":
            # `self.k = k` in __init__: configuration when every store to it holds data there
            stores = home.stores.get(name, [])
            return bool(stores) and all(
                s.kind == "assign" and s.value is not None and (method := self._method_of(home, s.node)) is not None
                and self.data(s.value, method, s.order, hops) for s in stores)
        if store.kind == "param":
            return home.kind == "function" and self._parameter(name, home, hops)
        if store.value is None:
            return False
        if store.kind == "for":
            return self._loop_over_data(store.value)
        if store.kind == "unpack" and store.index is not None:
            return self.element(store.value, [store.index], home, store.order, hops)
        if store.kind == "assign":
            return self.data(store.value, home, store.order, hops)
        if store.kind == "augassign":
            before, before_home = self.graph.lookup(name, home, store.order)
            return before is not None and before_home is not None \
                and self._name(name, expr, home, store.order, hops) and self.data(store.value, home, store.order, hops)
        return False

    def _method_of(self, cls: Scope, node: cst.CSTNode) -> Scope | None:
        for scope in self.graph.scopes:
            if scope.parent is cls and scope.kind == "function" and any(n is node for n in descendants(scope.node)):
                return scope
        return None

    def _loop_over_data(self, iterable: cst.BaseExpression) -> bool:
        """The variable of ``for data in loader``: a batch of input data, unless the loop runs over
        the model's own modules or parameters (``self.layers``, ``model.parameters()``)."""
        if self._disabled:
            return False  # inputs may be what the file asks gradients of
        nodes = [iterable, *(a.value for a in iterable.args)] if isinstance(iterable, cst.Call) else [iterable]
        for node in nodes:
            spelled = dotted_name(node.func) if isinstance(node, cst.Call) else dotted_name(node)
            if spelled is None:
                continue
            if spelled.startswith("self.") or spelled.rsplit(".", 1)[-1] in _MODULE_ITERABLES:
                return False
        return True

    def _call(self, call: cst.Call, scope: Scope, at: int, hops: int) -> bool:
        qualified = self.facts.call_name(call)
        func = call.func
        if isinstance(func, cst.Attribute) and qualified is None and func.attr.value in _CUT_METHODS \
                or _cut_function(self.graph, call) or (qualified or "").split(".")[0] in _NO_GRAD_LIBRARIES:
            return True  # a gradient cut: what comes out is never differentiated
        if qualified is not None:
            if self._disabled:
                return False  # the file asks gradients of tensors it makes (`torch.randn(..., requires_grad=True)`)
            if qualified.split(".")[0] not in _LIBRARIES or qualified.rsplit(".", 1)[-1] in ("Parameter", "Variable"):
                return False  # a parameter, or not a library known to compute on its arguments only
            return all(self.data(a.value, scope, at, hops) for a in call.args)
        function = self.graph.function_for(call, scope)
        if function is not None and not (isinstance(func, cst.Attribute) and dotted_name(func.value) == "self"):
            # the module's own function: data when all it returns is (its parameters judged by call sites)
            return bool(function.returns) and all(self.data(ret, function, order + 1, hops + 1)
                                                  for ret, order in function.returns)
        if isinstance(func, cst.Name):
            # builtins of data (`len(pos)`, `float(n)`); own functions and classes are not followed
            return func.value in _BUILTINS and all(self.data(a.value, scope, at, hops) for a in call.args)
        if not isinstance(func, cst.Attribute):
            return False
        spelled = dotted_name(func)
        if spelled is not None and spelled.startswith("self."):
            return False  # a learned module or a method of the model
        if self.graph.function_for(call, scope) is not None or func.attr.value.startswith("requires_grad"):
            return False
        # a tensor method (`x.sum(1)`, `pos.view(-1, 3)`): data when its receiver and arguments are
        return self.data(func.value, scope, at, hops) and all(self.data(a.value, scope, at, hops) for a in call.args)

    def element(self, expr: cst.BaseExpression, path: list[int], scope: Scope, at: int, hops: int) -> bool:
        """Whether element ``path`` (``[1]``: the second; ``[0, 1]``: the second of the first) of the
        tuple ``expr`` holds is data: tuple literals, unpacking, the returns of the module's own
        functions and of ``forward`` of its modules, ``tuple(t[i] for t in parts)``."""
        if not path:
            return self.data(expr, scope, at, hops)
        self._steps += 1
        if hops > _MAX_HOPS or self._steps > _STEP_BUDGET:
            self._cut += 1
            return False
        index, rest = path[0], path[1:]
        if isinstance(expr, (cst.Tuple, cst.List)):
            elements = expr.elements
            if index < len(elements) and not any(isinstance(e, cst.StarredElement) for e in elements[:index + 1]):
                return self.element(elements[index].value, rest, scope, at, hops)
            return False
        name = dotted_name(expr)
        if name is not None:
            store, home = self.graph.lookup(name, scope, at)
            if store is None or home is None:
                return False
            if store.kind == "param" and home.kind == "function":
                return self._parameter(name, home, hops, path)
            if store.value is None:
                return False
            if store.kind == "assign":
                return self.element(store.value, path, home, store.order, hops)
            if store.kind == "unpack" and store.index is not None:
                return self.element(store.value, [store.index, *path], home, store.order, hops)
            return False
        if isinstance(expr, (cst.GeneratorExp, cst.ListComp)) and not expr.for_in.ifs and expr.for_in.inner_for_in is None:
            # (t[i] for t in parts): element k is parts' element k, indexed by data
            target = dotted_name(expr.for_in.target)
            elt = expr.elt
            base = elt.value if isinstance(elt, cst.Subscript) else elt
            if target is None or dotted_name(base) != target:
                return False
            if isinstance(elt, cst.Subscript) and not all(self._index_data(e.slice, scope, at, hops) for e in elt.slice):
                return False
            return self.element(expr.for_in.iter, path, scope, at, hops)
        if isinstance(expr, cst.Call):
            if isinstance(expr.func, cst.Name) and expr.func.value in ("tuple", "list") and len(expr.args) == 1 \
                    and self.facts.qualified_name(expr.func) is None:
                return self.element(expr.args[0].value, path, scope, at, hops)
            function = self.graph.function_for(expr, scope, at)
            if function is None:
                return self.data(expr, scope, at, hops)  # a library call: all of it is data, or not
            if not function.returns:
                return False
            return all(self.element(ret, path, function, order + 1, hops + 1) for ret, order in function.returns)
        return False

    def _parameter(self, name: str, function: Scope, hops: int, path: list[int] | None = None) -> bool:
        """Whether parameter ``name`` of ``function`` (its element ``path``) is data at every call site."""
        path = path or []
        node = function.node
        if self._disabled or not isinstance(node, cst.FunctionDef):
            return False
        owner, _, method = function.name.rpartition(".")
        params = function.call_params() if owner else list(function.params)
        if owner and method in _MESSAGE_METHODS and self._message_passing(owner):
            return not path and self._propagated(name, owner, hops)
        if name not in params:
            return False
        if method == "__init__":
            # a constructor's configuration: a number by default or by annotation
            param = next(p for p in node.params.params if p.name.value == name)
            annotation = dotted_name(param.annotation.annotation) if param.annotation is not None else None
            return not path and annotation in ("int", "float", "bool", "str") or not path and (
                param.default is not None and self.data(param.default, function, 0, hops + 1))
        position = params.index(name)
        sites = self.graph.callers(function)  # f(...), self.f(...), and instances of the class called
        if not sites:
            return False
        for call, scope, at in sites:
            starred = _starred(call, position)
            if starred is not None:  # f(*parts): the parameter receives one element of parts
                if not self.element(starred[0], [starred[1], *path], scope, at, hops + 1):
                    return False
                continue
            value = _argument(call, position, name)
            if value is None:
                default = next((p.default for p in node.params.params if p.name.value == name), None)
                if default is None or not self.element(default, path, function, 0, hops + 1):
                    return False
            elif not self.element(value, path, scope, at, hops + 1):
                return False
        return True

    def _message_passing(self, owner: str) -> bool:
        for scope in self.graph.scopes:
            if scope.kind == "class" and scope.name == owner and isinstance(scope.node, cst.ClassDef):
                return any((self.facts.qualified_name(base.value) or "").endswith("MessagePassing")
                           for base in scope.node.bases)
        return False

    def _propagated(self, name: str, owner: str, hops: int) -> bool:
        """``pos_i`` / ``pos_j`` / ``pos`` of ``message``: the ``pos=`` of every ``self.propagate`` call
        in the class (PyG maps the suffixes to the target and source node of each edge). When no
        call passes that keyword, every value passed to ``propagate`` must be data."""
        base = name[:-2] if name.endswith(("_i", "_j")) else name
        calls = [(site.node, scope, site.order) for scope in self.graph.scopes
                 if scope.kind == "function" and scope.name.startswith(f"{owner}.")
                 for site in scope.sites
                 if isinstance(site.node, cst.Call) and dotted_name(site.node.func) == "self.propagate"]
        if not calls:
            return False
        passed = [_argument(call, None, base) for call, _, _ in calls]
        if all(value is not None for value in passed):
            return all(self.data(value, scope, at, hops + 1)  # type: ignore[arg-type]
                       for value, (_, scope, at) in zip(passed, calls))
        return all(not arg.star and self.data(arg.value, scope, at, hops + 1)
                   for call, scope, at in calls for arg in call.args)

def never_differentiated(graph: GraphFacts, node: cst.BaseExpression, scope: Scope) -> bool:
    """Whether every use of the value ``node`` computes is a gradient cut: ``f(x).unsqueeze(1).detach()``,
    ``s = f(x)`` with ``s`` read only by ``tf.summary.scalar(name, s)``. Followed through tensor
    methods (``.unsqueeze(1)``, ``.mean()``) and one plain assignment to a name of ``scope`` stored nowhere else."""
    path = _path_to(scope.node, node)
    if path is None:
        return False
    value: cst.CSTNode = node
    for index in range(len(path) - 2, -1, -1):
        parent = path[index]
        if isinstance(parent, cst.Attribute) and parent.value is value:
            value = parent  # `x.detach` of `x.detach()`: the call above decides
        elif isinstance(parent, cst.Call) and parent.func is value and isinstance(value, cst.Attribute):
            if value.attr.value in _CUT_METHODS:
                return True
            value = parent  # `s.unsqueeze(1)`, `s.mean()`: what becomes of the result decides
        elif isinstance(parent, cst.Arg) and parent.value is value:
            call = path[index - 1] if index > 0 else None
            return isinstance(call, cst.Call) and _cut_function(graph, call)
        elif isinstance(parent, cst.Assign) and parent.value is value and len(parent.targets) == 1 \
                and isinstance(parent.targets[0].target, cst.Name):
            return _reads_are_cuts(graph, parent.targets[0].target.value, parent, scope)
        else:
            return False
    return False


def _cut_function(graph: GraphFacts, call: cst.Call) -> bool:
    qualified = graph.facts.call_name(call) or ""
    if qualified.startswith("tensorflow."):
        qualified = "tf." + qualified[len("tensorflow."):]
    return qualified.startswith(_CUT_FUNCTIONS)


def _reads_are_cuts(graph: GraphFacts, name: str, assign: cst.Assign, scope: Scope) -> bool:
    stores = scope.stores.get(name, [])
    if len(stores) != 1 or stores[0].node is not assign:
        return False
    reads = [n for n in descendants(scope.node) if isinstance(n, cst.Name) and n.value == name
             and n is not assign.targets[0].target]
    return bool(reads) and all(never_differentiated(graph, read, scope) for read in reads
                               if not _is_own_store(read, scope))


def _is_own_store(name: cst.Name, scope: Scope) -> bool:
    """A parameter's name in the function header (``def f(s)``) is not a read."""
    node = scope.node
    return isinstance(node, cst.FunctionDef) and any(p.name is name for p in
                                                     [*node.params.params, *node.params.kwonly_params])


def _path_to(root: cst.CSTNode, node: cst.CSTNode) -> list[cst.CSTNode] | None:
    """The nodes from ``root`` down to ``node`` (both included), or None when it is not inside."""
    parents: dict[int, cst.CSTNode] = {}
    stack = [root]
    while stack:
        current = stack.pop()
        if current is node:
            path = [current]
            while id(path[-1]) in parents:
                path.append(parents[id(path[-1])])
            return path[::-1]
        for child in children(current):
            parents[id(child)] = current
            stack.append(child)
    return None


def _starred(call: cst.Call, position: int) -> tuple[cst.BaseExpression, int] | None:
    """(parts, k) when positional ``position`` of ``call`` falls in a ``*parts`` at offset k."""
    positional = 0
    for arg in call.args:
        if arg.keyword is not None or arg.star == "**":
            break
        if arg.star == "*":
            return (arg.value, position - positional) if position >= positional else None
        positional += 1
    return None


def _argument(call: cst.Call, position: int | None, keyword: str) -> cst.BaseExpression | None:
    positional = 0
    for arg in call.args:
        if arg.star:
            return None
        if arg.keyword is None:
            if position is not None and positional == position:
                return arg.value
            positional += 1
        elif arg.keyword.value == keyword:
            return arg.value
    return None
