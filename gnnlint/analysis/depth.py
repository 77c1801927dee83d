"""How many message-passing layers a model of the file stacks, when the file says it.

A deep stack is built in a loop whose length is a constructor argument (``for _ in
range(num_layers): self.convs.append(GCN2Conv(...))``), and the number comes from where the model is
made: a literal (``Net(num_layers=64)``), a default of the constructor, or a command-line option's
default (``parser.add_argument('--layer', type=int, default=64)`` then ``Net(args.layer)``). This
module follows exactly those three; anything else is not known, and no finding rests on it.

An option's default is read only through a value that holds the parsed command line: the caller
says which arguments of the file's calls do (``holds_namespace``, from where the value was built),
and that knowledge is carried into the constructors they fill (``def __init__(self, args)``,
``self.args = args``) as :data:`NAMESPACE`. ``x.layers`` on anything else is not an option.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import Facts, argument, dotted_name, names_in, number
from gnnlint.analysis.scopes import is_receiver, keyed_read
from gnnlint.analysis.options import numeric_defaults
from gnnlint.analysis.project_models import ProjectClass, imported_class

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts
    from gnnlint.analysis.project import Project

# Message-passing layers, by the module they come from and the end of their class name.
_GRAPH_LIBRARIES = ("torch_geometric.nn", "dgl.nn", "spektral.layers")
_LAYER_SUFFIXES = ("Conv", "DeepGCNLayer")


class _Namespace:
    """What a name is bound to when it holds the parsed command line."""

    def __repr__(self) -> str:
        return "NAMESPACE"


NAMESPACE = _Namespace()
# Name (or `self.x`) -> a number, or NAMESPACE.
Env = dict[str, "float | _Namespace"]
# Whether an expression holds the parsed command line: (expression, the call or module-level value
# it is read in) -> bool.
# (Quoted: libcst is imported lazily, and a warm run from the cache must not load it.)
HoldsNamespace = Callable[["cst.BaseExpression", "cst.CSTNode"], bool]


@dataclasses.dataclass(frozen=True)
class Stack:
    depth: int
    model: cst.Call  # where the model is made, with the arguments that set its depth


def deepest_stack(module: cst.Module, facts: Facts, calls: list[cst.Call], options: list[cst.Call],
                  project: dict[str, ProjectClass] | None = None,
                  called_as: dict[int, str] | None = None,
                  holds_namespace: HoldsNamespace | None = None) -> Stack | None:
    """The deepest message-passing stack a model class of ``module`` (or of the project, imported
    into it: ``project``) is built with at one of ``calls`` (the file's calls of a plain name);
    ``options`` are its ``add_argument`` calls, whose defaults are read through the values
    ``holds_namespace`` says hold the parsed command line (none without it); ``called_as``: for a
    call of a local alias of a class (``Net = GCNII; Net(...)``), the class's name, by the call's id."""
    own = {node.name.value: node for node in module.body if isinstance(node, cst.ClassDef)}
    project = project or {}
    if not own and not project:
        return None
    assigned = _assigned(module)
    shapes: dict[str, _Shape | None] = {}
    holds = holds_namespace or (lambda expr, where: False)
    defaults: dict[str, float] | None = None
    best: Stack | None = None
    for node in calls:
        if not isinstance(node.func, cst.Name):
            continue
        name = (called_as or {}).get(id(node), node.func.value)
        if name in own:
            where = _Module(module, facts, own, assigned, project)
            cls = own[name]
        elif name in project:
            built = project[name]
            where = _home_of(built)
            cls = built.node
        else:
            continue
        if defaults is None:
            defaults = numeric_defaults(options)
            constants = _constants(assigned, defaults, holds)
            readable = _unshadowed(constants, module)
        if name not in shapes:
            shapes[name] = _shape(cls, where)
        shape = shapes[name]
        if shape is None:
            continue
        env = dict(constants) if name in own else {}
        # the call's arguments are read where it is made: this module's constants and options
        env.update(_bind(shape.init, node, defaults, {**readable, **_namespaces_in(node, holds)}))
        depth = shape.depth(env, defaults)
        if depth is not None and (best is None or depth > best.depth):
            best = Stack(depth, node)
    return best


@dataclasses.dataclass(frozen=True)
class _Module:
    """Where a model class is defined: its module, import aliases, classes, top-level assignments
    (``GConv = GCNIIdenseConv``), and the project classes that module imports."""

    module: cst.Module
    facts: Facts
    classes: dict[str, cst.ClassDef]
    assigned: dict[str, cst.BaseExpression]
    project: dict[str, ProjectClass]
    path: str = ""

    def project_class(self, name: str) -> ProjectClass | None:
        """A class this module imports from another module of the project."""
        return self.project.get(name) or imported_class(self.path, name)


def _home_of(built: ProjectClass) -> _Module:
    return _Module(built.module, built.facts, built.classes, built.assigned, {}, built.path)


# How many levels of blocks inside blocks are followed.
_NESTING = 3


@dataclasses.dataclass(frozen=True)
class _Shape:
    """What a model's constructor builds: layers outside loops, and the loops that build layers
    (each loop's iterable with the layers its body builds)."""

    init: cst.FunctionDef
    where: _Module
    singles: tuple[cst.Call, ...]
    loops: tuple[tuple[cst.BaseExpression, tuple[cst.Call, ...]], ...]
    # `self.num_layers = num_layers` in the constructor, in order; and what it copies onto itself
    # attribute by attribute (`for k, v in vars(args).items(): setattr(self, k, v)`: `args`).
    stores: tuple[tuple[str, cst.BaseExpression], ...] = ()
    copies: str | None = None

    def depth(self, env: Env, defaults: dict[str, float], nesting: int = 0) -> int | None:
        if not self.loops and not self.singles:
            return None
        env = dict(env)
        if self.copies is not None and env.get(self.copies) is NAMESPACE:
            env.update({f"self.{name}": value for name, value in defaults.items()})
        for spelled, value in self.stores:
            known = _evaluate(value, env, defaults) if dotted_name(value) not in env \
                else env[dotted_name(value)]  # type: ignore[index]
            if known is not None:
                env[spelled] = known
        weights = [_weight(call, self.where, env, defaults, nesting) for call in self.singles]
        # Blocks built once each may be alternatives (`if virtual_node:` arms) or run side by side
        # (DiffPool's pooling and embedding networks): only the deepest one is counted.
        total = sum(w for w in weights if w == 1) + max((w for w in weights if w > 1), default=0)
        for iterable, layers in self.loops:
            trips = _trips(iterable, env, defaults)
            if trips is None:
                return None  # a loop of unknown length: the depth is not known
            # One block per pass, however it is wrapped (GENConv in DeepGCNLayer); a block that is
            # itself a stack counts its own layers.
            per_pass = max(_weight(call, self.where, env, defaults, nesting) for call in layers)
            total += int(trips) * per_pass
        return total


def _shape(cls: cst.ClassDef, where: _Module) -> _Shape | None:
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if init is None:
        return None
    loops: list[tuple[cst.BaseExpression, tuple[cst.Call, ...]]] = []
    in_loops: set[int] = set()
    for node in descendants(init):
        if id(node) in in_loops:
            continue
        # `for _ in range(n): ...append(Conv(...))` and `ModuleList([Conv(...) for _ in range(n)])`
        if isinstance(node, cst.For):
            iterable, body = node.iter, list(descendants(node.body))
        elif isinstance(node, (cst.ListComp, cst.GeneratorExp)) and node.for_in.inner_for_in is None:
            iterable, body = node.for_in.iter, list(descendants(node.elt))
        else:
            continue
        in_loops.update(id(inner) for inner in body)
        layers = tuple(inner for inner in body if isinstance(inner, cst.Call) and _is_layer(inner, where))
        if layers:
            loops.append((iterable, layers))
    singles = tuple(node for node in descendants(init)
                    if id(node) not in in_loops and isinstance(node, cst.Call) and _is_layer(node, where))
    return _Shape(init, where, singles, tuple(loops), _self_stores(init), _copied(init))


def _self_stores(init: cst.FunctionDef) -> tuple[tuple[str, cst.BaseExpression], ...]:
    """The constructor's ``self.x = value`` statements at its top level, in order."""
    found: list[tuple[str, cst.BaseExpression]] = []
    for statement in init.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                found += [(spelled, small.value) for target in small.targets
                          if (spelled := dotted_name(target.target)) is not None and spelled.startswith("self.")]
    return tuple(found)


def _copied(init: cst.FunctionDef) -> str | None:
    """``args`` of ``for k, v in vars(args).items(): setattr(self, k, v)``: every attribute of it
    becomes an attribute of the model (every option, when it holds the parsed command line)."""
    for node in descendants(init):
        if not (isinstance(node, cst.For) and isinstance(node.iter, cst.Call)
                and isinstance(node.iter.func, cst.Attribute) and node.iter.func.attr.value == "items"
                and isinstance(node.iter.func.value, cst.Call) and dotted_name(node.iter.func.value.func) == "vars"):
            continue
        keys = names_in(node.target.elements[0].value) if isinstance(node.target, cst.Tuple) \
            and len(node.target.elements) == 2 else set()
        for inner in descendants(node.body):
            if isinstance(inner, cst.Call) and dotted_name(inner.func) == "setattr" and len(inner.args) == 3 \
                    and dotted_name(inner.args[0].value) == "self" and dotted_name(inner.args[1].value) in keys:
                return dotted_name(node.iter.func.value.args[0].value) if node.iter.func.value.args else None
    return None


def _weight(call: cst.Call, where: _Module, env: Env, defaults: dict[str, float], nesting: int) -> int:
    """How many message-passing layers one built layer stands for: one, or, for a block of the
    project that stacks layers itself (``Block(width, 4)`` building four convolutions), its own depth."""
    found = _class_of(call, where)
    if found is None or nesting >= _NESTING:
        return 1
    cls, home = found
    inner = _shape(cls, home)
    if inner is None:
        return 1
    depth = inner.depth(_bind(inner.init, call, defaults, env), defaults, nesting + 1)
    return max(1, depth or 0)


def _class_of(call: cst.Call, where: _Module) -> tuple[cst.ClassDef, _Module] | None:
    """The project class a call builds, with the module it is defined in."""
    callee = call.func
    for _ in range(3):  # `GConv = GCNIIdenseConv` at the top of the module
        spelled = dotted_name(callee)
        if spelled is None or spelled not in where.assigned or spelled in where.classes:
            break
        callee = where.assigned[spelled]
    if not isinstance(callee, cst.Name):
        return None
    if callee.value in where.classes:
        return where.classes[callee.value], where
    built = where.project_class(callee.value)
    return (built.node, _home_of(built)) if built is not None else None


def _is_layer(node: cst.CSTNode, where: _Module, nesting: int = 0) -> bool:
    """A message-passing layer built here: a graph library's convolution, or a class of the project
    that passes messages (by what it does, see :func:`_passes_messages`) or builds such layers."""
    if not isinstance(node, cst.Call):
        return False
    name = where.facts.call_name(node) or ""
    if name.startswith(_GRAPH_LIBRARIES) and name.rsplit(".", 1)[-1].endswith(_LAYER_SUFFIXES):
        return True
    found = _class_of(node, where)
    if found is None:
        return False
    cls, home = found
    if _passes_messages(cls, home.facts):
        return True
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    return init is not None and nesting < _NESTING and any(
        _is_layer(inner, home, nesting + 1) for inner in descendants(init) if isinstance(inner, cst.Call))


# What a layer does when it passes messages: a sparse product of the adjacency with the features,
# PyG's `propagate`, DGL's `update_all`; or it derives from a library's message-passing base.
_SPARSE_PRODUCTS = {"torch.spmm", "torch.sparse.mm", "torch.sparse.spmm", "torch_sparse.matmul",
                    "torch_sparse.spmm", "tensorflow.sparse.sparse_dense_matmul",
                    "tensorflow.sparse_tensor_dense_matmul"}
_PASSING_METHODS = {"propagate", "update_all"}
_PASSING_BASES = ("torch_geometric.nn.MessagePassing", "torch_geometric.nn.conv.MessagePassing",
                  "torch_geometric.nn.conv.message_passing.MessagePassing", "spektral.layers.MessagePassing",
                  "spektral.layers.convolutional.MessagePassing")


def _passes_messages(cls: cst.ClassDef, facts: Facts) -> bool:
    if any(facts.qualified_name(base.value) in _PASSING_BASES for base in cls.bases):
        return True
    for node in descendants(cls):
        if isinstance(node, cst.Call):
            if facts.call_name(node) in _SPARSE_PRODUCTS:
                return True
            if isinstance(node.func, cst.Attribute) and node.func.attr.value in _PASSING_METHODS \
                    and facts.call_name(node) is None:
                return True
    return False


def _assigned(module: cst.Module) -> dict[str, cst.BaseExpression]:
    """A module's top-level ``name = value`` (the last one)."""
    found: dict[str, cst.BaseExpression] = {}
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                        and isinstance(small.targets[0].target, cst.Name):
                    found[small.targets[0].target.value] = small.value
    changed = _changed_in_place(module)
    return {name: value for name, value in found.items() if not (isinstance(value, cst.Dict) and name in changed)}


def _changed_in_place(module: cst.Module) -> set[str]:
    """Names whose value the module changes without rebinding them (``config['k'] = v``,
    ``config.update(...)``): a dict of constants read from them would be stale."""
    found: set[str] = set()
    for node in descendants(module):
        if isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            found |= {t.value.value for t in targets if isinstance(t, cst.Subscript) and isinstance(t.value, cst.Name)}
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and isinstance(node.func.value, cst.Name) \
                and node.func.attr.value in ("update", "setdefault", "pop", "__setitem__"):
            found.add(node.func.value.value)
    return found


def _constants(assigned: dict[str, cst.BaseExpression], defaults: dict[str, float],
               holds: HoldsNamespace) -> Env:
    """Top-level numbers a class of the module may read: ``nlayer = args.layer`` (its default, when
    ``args`` holds the parsed command line there)."""
    found: Env = {}
    for name, value in assigned.items():
        number_ = _evaluate(value, {**found, **_namespaces_in(value, holds)}, defaults)
        if number_ is not None:
            found[name] = number_
        elif isinstance(value, cst.Dict):
            # `config = {'n_layers': 32}` then `Net(config['n_layers'])`: its literal entries
            for element in value.elements:
                key = element.key.evaluated_value if isinstance(element, cst.DictElement) \
                    and isinstance(element.key, cst.SimpleString) else None
                entry = _evaluate(element.value, found, defaults) if isinstance(key, str) else None
                if entry is not None:
                    found[f"{name}[{key!r}]"] = entry
    return found


def _unshadowed(constants: Env, module: cst.Module) -> Env:
    """The module's constants that no function, class or block of it binds again (a parameter, a
    local, a loop target): an argument spelled like one, anywhere in the module, is that constant."""
    if not constants:
        return constants
    local: set[str] = set()
    for statement in module.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            local |= _bound_names(statement)
    return {k: v for k, v in constants.items() if k.split("[")[0] not in local}


def _bound_names(statement: cst.CSTNode) -> set[str]:
    """The plain names ``statement`` binds anywhere inside it: targets and parameters."""
    found: set[str] = set()
    for node in descendants(statement):
        targets: list[cst.CSTNode] = []
        if isinstance(node, cst.Assign):
            targets = [t.target for t in node.targets]
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.CompFor)):
            targets = [node.target]
        elif isinstance(node, (cst.Param, cst.AsName)):
            targets = [node.name]
        found |= {n.value for t in targets for n in descendants(t) if isinstance(n, cst.Name)}
    return found


def _namespaces_in(node: cst.CSTNode, holds: HoldsNamespace) -> Env:
    """The names read in ``node`` (a call of the file, or a top-level value) that hold the parsed
    command line there: ``args`` of ``Net(args)`` or of ``Net(args.layers)``."""
    found: Env = {}
    for inner in descendants(node):
        if isinstance(inner, cst.Attribute):
            receiver = inner.value
        elif isinstance(inner, cst.Arg) and isinstance(inner.value, (cst.Name, cst.Attribute)):
            receiver = inner.value
        else:
            continue
        spelled = dotted_name(receiver)
        if spelled is not None and spelled not in found and holds(receiver, node):
            found[spelled] = NAMESPACE
    return found


def _bind(init: cst.FunctionDef, call: cst.Call, defaults: dict[str, float], outer: Env | None = None) -> Env:
    """Constructor parameter -> number (or NAMESPACE), from the call's arguments (evaluated in
    ``outer``, what the caller knows: the constructor that makes the call) or the parameter's default."""
    params = [p for p in (*init.params.posonly_params, *init.params.params) if not is_receiver(p.name)]
    env: Env = {}
    positional = len(params)
    for position, param in enumerate([*params, *init.params.kwonly_params]):
        name = param.name.value
        passed = argument(call, position if position < positional else None, name)
        spelled = dotted_name(passed) if passed is not None else None
        value: float | _Namespace | None = (outer or {}).get(spelled) if spelled is not None else None
        if value is None:
            value = _evaluate(passed, outer or {}, defaults)
        if value is None and param.default is not None:
            value = _evaluate(param.default, {}, defaults)
        if value is not None:
            env[name] = value
    return env


def _trips(iterable: cst.BaseExpression, env: Env, defaults: dict[str, float]) -> float | None:
    if not isinstance(iterable, cst.Call) or dotted_name(iterable.func) != "range" or not iterable.args:
        return None
    bounds = [_evaluate(arg.value, env, defaults) for arg in iterable.args[:2]]
    if any(b is None for b in bounds):
        return None
    return max(0.0, bounds[-1] - bounds[0]) if len(bounds) == 2 else bounds[0]  # type: ignore[operator]


def _evaluate(expr: cst.BaseExpression | None, env: Env, defaults: dict[str, float]) -> float | None:
    """A number from a literal, a bound name, ``args.option`` (its command-line default, when
    ``args`` holds the parsed command line: NAMESPACE in ``env``), + - *."""
    if expr is None:
        return None
    value = number(expr)
    if value is not None:
        return value
    read = keyed_read(expr)
    if read is not None and isinstance(read[0], cst.Name):
        bound = env.get(f"{read[0].value}[{read[1]!r}]")  # an entry of a module's dict of constants
        return bound if isinstance(bound, (int, float)) else None
    if isinstance(expr, (cst.Name, cst.Attribute)):
        bound = env.get(dotted_name(expr) or "")  # `n`, or `self.num_layers` stored by the constructor
        if isinstance(bound, (int, float)):
            return bound
        if isinstance(expr, cst.Attribute) and env.get(dotted_name(expr.value) or "") is NAMESPACE:
            return defaults.get(expr.attr.value)
        return None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Add, cst.Subtract, cst.Multiply)):
        left, right = _evaluate(expr.left, env, defaults), _evaluate(expr.right, env, defaults)
        if left is None or right is None:
            return None
        if isinstance(expr.operator, cst.Add):
            return left + right
        return left - right if isinstance(expr.operator, cst.Subtract) else left * right
    return None


@dataclasses.dataclass(frozen=True)
class Construction:
    """A class of the linted module as another module of the project builds it: the numbers the
    call gives the constructor's parameters, read where the call is made."""

    bound: dict[str, float]
    importer: Path
    line: int


def built_by_importers(path: str, cls: cst.ClassDef) -> list[Construction]:
    """How the modules that import ``path`` build its class ``cls`` (``Net(args.n_layers)`` in
    ``train.py`` for ``class Net`` of ``models.py``): each call that resolves to the class, with the
    numbers its arguments hold there (literals, the importer's top-level constants, command-line
    defaults read through a parsed namespace). Calls that bind no number are left out."""
    from gnnlint.analysis import project  # the project layer: files beside the linted one
    from gnnlint.analysis.options import command_line_of, holds_parsed_namespace
    from gnnlint.analysis.passed import site_of

    known = project.for_file(path) if path else None
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None) \
        if isinstance(cls.body, cst.IndentedBlock) else None
    if known is None or init is None:
        return []
    here, name = Path(path), cls.name.value
    found: list[Construction] = []
    for importer in known.importers(here, mentioning=name)[:_IMPORTERS_READ]:
        graph = known.facts_of(importer)
        if graph is None:
            continue
        calls = [node for node in descendants(graph.context.module) if isinstance(node, cst.Call)
                 and _resolves_to(known, importer, graph.facts.call_name(node), here, name)]
        if not calls:
            continue

        def holds(expr: cst.BaseExpression, where: cst.CSTNode, graph: GraphFacts = graph) -> bool:
            place = site_of(graph, where) or next(
                ((graph.module_scope, store.order) for stores in graph.module_scope.stores.values()
                 for store in stores if store.value is where), None)
            return place is not None and holds_parsed_namespace(expr, *place)

        defaults = numeric_defaults(command_line_of(graph))
        constants = _unshadowed(_constants(_assigned(graph.context.module), defaults, holds), graph.context.module)
        for call in calls:
            if any(a.star for a in call.args):
                continue
            outer = {**constants, **_namespaces_in(call, holds)}
            bound = {k: v for k, v in _passed(init, call, defaults, outer).items() if isinstance(v, (int, float))}
            if bound:
                found.append(Construction(bound, importer, graph.line(call)))
    return found


# How many importers of a module are read for how they build its classes.
_IMPORTERS_READ = 8


def _resolves_to(known: Project, importer: Path, qualified: str | None, path: Path, name: str) -> bool:
    from gnnlint.analysis.project import same_file

    where = known.resolve(importer, qualified) if qualified else None
    return where is not None and where[1] == name and same_file(where[0], path)


def _passed(init: cst.FunctionDef, call: cst.Call, defaults: dict[str, float], outer: Env) -> Env:
    """Constructor parameter -> the number ``call`` passes it (not the parameter's own default: the
    class's module reads that itself)."""
    params = [p for p in (*init.params.posonly_params, *init.params.params) if not is_receiver(p.name)]
    env: Env = {}
    for position, param in enumerate([*params, *init.params.kwonly_params]):
        passed = argument(call, position if position < len(params) else None, param.name.value)
        value = _evaluate(passed, outer, defaults) if passed is not None else None
        if value is not None:
            env[param.name.value] = value
    return env
