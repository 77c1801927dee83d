"""Shared by the architecture rules (GNN6xx): find a model's layer stack and its output.

A model shows up as a container (``nn.Sequential``, PyG ``Sequential``, Keras ``Sequential`` built
from a list or with ``.add``), as layers stored on ``self`` and applied in ``forward``/``call``
(attributes, ``nn.ModuleList``/lists built with comprehensions or ``append`` loops), or as a Keras
functional chain ``x = GCNConv(...)([x, a])``. Each function body is replayed statement by
statement into *events* (a layer applied, an activation, a skip connection...), with loops over
layer lists unrolled when their length is a literal. The rules then read the events.

Everything is built once per file, after the walk, from the finished import aliases; nothing
here imports torch or tensorflow. Unknown things stay unknown: a loop of unknown length does not
count its layers, an unresolved callable is not a layer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterator, Sequence
from typing import TYPE_CHECKING, Literal, cast

import libcst as cst

from gnnlint.cst_walk import children, descendants
from gnnlint.analysis import ops
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis.numerics import does, method_name
from gnnlint.analysis.options import add_argument_calls, holds_parsed_namespace, numeric_defaults, string_defaults
from gnnlint.analysis.arms import literal
from gnnlint.analysis.strings import UNKNOWN, arm_taken, test_holds, value_test_holds
from gnnlint.analysis.passed import site_of
from gnnlint.analysis.scopes import Facts, argument, dotted_name, fold, names_in, number
from gnnlint.analysis.scopes import is_receiver, spelling

if TYPE_CHECKING:
    from gnnlint.rule import Rule

MAX_UNROLL = 64

# -- what a library name is ---------------------------------------------------------------------
# The layer classes and functions themselves are rows of the framework tables (analysis/ops):
# here is only what each of their kinds is as a layer of a stack.

_LIBRARIES = ("torch", "torch_geometric", "dgl", "spektral", "keras", "tensorflow")
_MODULE_LAYERS: dict[ops.ModuleKind, str] = {
    "activation": "act", "dropout": "dropout", "feature-norm": "norm", "recurrent": "gate", "residual": "residual",
    "jumping-knowledge": "jk", "gated-conv": "layer", "combine": "combine", "container": "seq", "layer-list": "list",
    "model": "model", "dense": "dense", "mlp": "layer"}
# Functions by their first kind here: the activation functions, the ones that drop or normalise,
# and those that join or add several inputs (also reductions over a stack of them: `torch.sum`).
_FUNCTION_LAYERS: tuple[tuple[ops.Kind, str], ...] = (
    ("activation", "act"), ("dropout", "dropout"), ("feature-norm", "norm"), ("concat", "combine"),
    ("add", "combine"), ("average", "combine"), ("sum", "combine"))


@dataclasses.dataclass
class Layer:
    """A layer (or activation, or container) as built in the source."""

    # conv dense layer act dropout norm residual jk gate seq list model combine other user, and project:
    # an instance of a module class of another project module (not known to hold weights)
    kind: str
    label: str  # the class or function name, for messages
    node: cst.CSTNode  # where it is built or referenced
    act: str | None = None  # kind "act": which one; other kinds: the activation built into the layer
    act_node: cst.CSTNode | None = None  # the `activation=` value, or the node itself for kind "act"
    elements: list[Layer] | None = None  # containers: the layers in order
    items: list[Layer] | None = None  # lists: the layers in order, when their number is known
    templates: list[Layer] | None = None  # lists: every kind of layer put in it
    # lists: the layer put in last, when known though their number is not (a head appended after
    # a loop of unknown length that appends the hidden layers)
    last: Layer | None = None
    # lists of unknown length: the layers they are known to end with, in order (one pass of the
    # loop that appends `(Linear, act)`, then the head appended after it), and the loop pass that
    # last extended them (appends later in the same pass follow on)
    tail: list[Layer] | None = None
    tail_pass: object = None
    root: str = ""  # the library: torch, torch_geometric, dgl, spektral, keras
    # convs: the update network passed in normalizes (`GINConv(MLP([...]))`); a stack of layers
    # (PyG's MLP): it normalizes between its own layers
    normalizes: bool = False
    # a layer class held as a value, not built (`act = nn.ReLU`: a row of the module table, where
    # `F.relu` is one of the function table): calling it builds one
    is_class: bool = False

    @property
    def trainable(self) -> bool:
        return self.kind in ("conv", "dense", "layer", "gate", "residual", "seq", "user", "list")


@dataclasses.dataclass(frozen=True)
class LayerClass:
    """A layer class held as a value, not yet built: ``gconv=GCNConv`` as a parameter default, or
    passed on to a base class's ``__init__``. Calling it builds that layer."""

    qualified: str | None  # the import-resolved name of a library class
    local: str | None = None  # or the name of a class of this file


# The string methods a name's spelling goes through before it is compared or looked up.
_STRING_CASES = ("lower", "upper", "strip")


@dataclasses.dataclass(frozen=True)
class Text:
    """A string an ``__init__`` parameter holds (its default, or what the model's construction
    passes): the name a layer class is looked up by (``vars(nn)[name]()``, ``getattr(nn, name)``)."""

    value: str


def _canonical(qualified: str) -> tuple[str, list[str]]:
    parts = qualified.split(".")
    if parts[0] == "tensorflow" and len(parts) > 1 and parts[1] == "keras":
        parts = ["keras", *parts[2:]]
    elif parts[0] == "tf_keras":
        parts = ["keras", *parts[1:]]
    return parts[0], parts


def classify_qualified(qualified: str) -> tuple[str, str | None] | None:
    """(kind, activation) of a library class or function, by its import-resolved name."""
    root, parts = _canonical(qualified)
    if root not in _LIBRARIES:
        return None
    module = ops.module_row(qualified)
    if module is not None:
        return _MODULE_LAYERS[module.kind], module.act
    row = ops.function_row(qualified)
    if row is not None and row.act == "linear":
        return None  # the identity: no layer
    for kind, layer in _FUNCTION_LAYERS:
        if row is not None and kind in row.kinds:
            return layer, row.act
    last = parts[-1]
    if root == "torch" and last.endswith("Loss"):
        return None  # `nn.BCELoss()` scores the model's output: not a layer of it
    if last.endswith("Conv") and root in ("torch_geometric", "dgl", "spektral"):
        return "conv", None
    if last[:1].isupper() and (root in ("torch", "torch_geometric", "dgl", "spektral")
                               or (root == "keras" and "layers" in parts)):
        return "layer", None
    return None


# -- the events of one function body -------------------------------------------------------------

@dataclasses.dataclass
class Event:
    kind: str  # apply, act, combine, pass, collect
    node: cst.CSTNode  # the call (or the `+`)
    layer: Layer | None = None
    act: str | None = None  # act events: which activation; apply events: the layer's own activation
    act_node: cst.CSTNode | None = None
    reads: frozenset[str] = frozenset()  # names in the main input
    targets: frozenset[str] = frozenset()  # names the result was assigned to
    counted: bool = True  # False inside loops of unknown length and conditionals
    unknown_loop: bool = False  # inside a loop of unknown length (a stack built from arguments)
    gated: bool = False  # the result is multiplied with something: a gate, not a hidden state
    after_layer: bool = False  # the input comes from a layer (act events)
    feeds: Event | None = None  # the apply event this one is the direct input of
    top_level: bool = True  # not inside a loop or a conditional
    callee: str = ""  # the callee as written, for messages
    loop_over: str | None = None  # the iterable of the unrolled loop, for messages
    loop: cst.For | None = None  # the innermost loop the event is in
    # The names a flat unpacking stores the result's elements in, in order (`x, adj = layer(x, adj)`).
    unpacked: tuple[str | None, ...] = ()


def _unwrap_device(expr: cst.BaseExpression) -> cst.BaseExpression:
    """``Net(...).to(device)`` -> ``Net(...)``."""
    while (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute)
           and expr.func.attr.value in ("to", "cuda", "cpu", "double", "float", "half", "train", "eval")):
        expr = expr.func.value
    return expr


def first_input(call: cst.Call, layer: Layer | None = None) -> cst.BaseExpression | None:
    """The main input of a layer call: ``conv(x, edge_index)`` -> x, Keras ``conv([x, a])`` -> x,
    DGL ``conv(graph, feat)`` -> feat."""
    if layer is not None and layer.root == "dgl" and layer.kind in ("conv", "gate", "residual"):
        return argument(call, 1, "feat")
    value = argument(call, 0, None)
    if value is None:
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value in ("x", "inputs", "input", "h", "feat"):
                value = arg.value
                break
    if isinstance(value, (cst.List, cst.Tuple)) and value.elements:
        value = value.elements[0].value
    return value


class ModelIndex:
    """What the architecture rules need to know about one module."""

    def __init__(self, module: cst.Module, facts: Facts, lines: Callable[[cst.CSTNode], int | None],
                 path: str = "", graph: GraphFacts | None = None,
                 imported: Callable[[str], str | None] | None = None) -> None:
        self.module = module
        # Layer classes of another project module that a rule judges where this module stacks
        # them: a qualified name -> the class's name there (None: not one of them).
        self.imported = imported
        self.graph = graph  # the module's stores and calls, for where a value came from
        self.path = path  # the module's file, for findings that quote a model of another module
        self.facts = facts
        self.lines = lines  # the file's line numbers (FileContext.line), computed only when asked
        self.classes: dict[str, ClassModel] = {}
        self.functions: list[tuple[cst.FunctionDef | None, ClassModel | None, list[cst.BaseStatement]]] = []
        self.containers: list[Layer] = []  # every Sequential built anywhere, with its elements
        # Module-level functions, for the layers they build and return (`def mlp(...): return nn.Sequential(...)`).
        self.builders: dict[str, cst.FunctionDef] = {s.name.value: s for s in module.body
                                                      if isinstance(s, cst.FunctionDef)}
        self._built: dict[str, Layer | None] = {}
        self._uses: dict[str, list[cst.Call | None]] | None = None  # built on first use
        self._constructed: dict[int, ClassModel] = {}
        for statement in module.body:
            if isinstance(statement, cst.ClassDef):
                self.classes[statement.name.value] = None  # type: ignore[assignment]
        for statement in module.body:
            if isinstance(statement, cst.ClassDef):
                self.classes[statement.name.value] = ClassModel(self, statement)
        self.functions.append((None, None, list(module.body)))
        for function, owner in _functions(module):
            cls = self.classes.get(owner) if owner else None
            self.functions.append((function, cls, list(function.body.body)
                                   if isinstance(function.body, cst.IndentedBlock) else []))
        self._events: dict[tuple[int, int], list[Event]] = {}
        self._module_env: dict[str, object] = {}
        self._defaults: dict[str, float] | None = None
        self._texts: dict[str, cst.SimpleString] | None = None

    # -- classification of expressions ---------------------------------------------------------

    def qualified(self, expr: cst.BaseExpression) -> str | None:
        return self.facts.qualified_name(expr)

    def construct(self, expr: cst.BaseExpression, env: dict[str, object] | None = None,
                  cls: ClassModel | None = None) -> Layer | None:
        """The layer built (or referenced, for activation functions) by ``expr``."""
        expr = _unwrap_device(expr)
        if isinstance(expr, cst.Call):
            func = expr.func
            name = self.qualified(func) or self.looked_up(func, env)
            held = env.get(dotted_name(func) or "") if env is not None and name is None else None
            if isinstance(held, LayerClass):  # `gconv(a, b)` with `gconv=GCNConv` passed in
                if held.local is not None:
                    return Layer("user", held.local, expr)
                name = held.qualified
            elif isinstance(held, Layer) and held.kind == "act" and held.is_class and not expr.args:
                # `act = nn.ReLU` (an activation class held as a value), then `act()` builds one
                return Layer("act", held.label, expr, act=held.act, act_node=expr, root=held.root)
            if name is None:
                if isinstance(func, cst.Name) and func.value in self.classes:
                    return Layer("user", func.value, expr)
                if isinstance(func, cst.Name) and func.value in self.builders:
                    return self.returned_layer(func.value) or self.chosen_layer(func.value, expr, env)
                return None
            label = self.imported(name) if self.imported is not None else None
            if label is not None:
                return Layer("user", label, expr)  # an instance of the judged class of another module
            kind = classify_qualified(name)
            if kind is None:
                return Layer("project", name.split(".")[-1], expr) if self._project_module(func) else None
            label = name.split(".")[-1]
            layer = Layer(kind[0], label, expr, act=kind[1], act_node=expr if kind[0] == "act" else None,
                          root=_canonical(name)[0])
            if label == "Activation":
                value = argument(expr, 0, "activation")
                layer.act = self.activation_value(value) if value is not None else None
            elif layer.kind in ("conv", "dense", "layer", "residual"):
                self._embedded_activation(layer, expr, name)
                if layer.kind == "conv":
                    layer.normalizes = self._update_normalizes(argument(expr, 0, "nn"), env)
                row = ops.module_row(name)
                if row is not None and row.norm_unless_none is not None:
                    norm = argument(expr, None, row.norm_unless_none)
                    layer.normalizes = norm is None or not (isinstance(norm, cst.Name) and norm.value == "None")
            elif layer.kind == "seq":
                layer.elements = self._container_elements(expr, name, env, cls)
                self.containers.append(layer)
            elif layer.kind == "list":
                value = argument(expr, 0, "modules")
                layer.items, layer.templates = (self._list_items(value, env, cls) if value is not None
                                                else ([], []))
            return layer
        entry = self._table_entry(expr, env) if isinstance(expr, cst.Subscript) else None
        if isinstance(entry, cst.Call):  # `{"relu": nn.ReLU(), ...}[name]`
            return self.construct(entry, env, cls)
        name = self.qualified(expr) or self.looked_up(expr, env)
        if name is not None:
            kind = classify_qualified(name)
            if kind is not None and kind[0] == "act":  # a function used as a value: `self.act = F.relu`
                return Layer("act", name.split(".")[-1], expr, act=kind[1], act_node=expr,
                             is_class=ops.module_row(name) is not None)
        spelled = dotted_name(expr)
        if spelled is not None and env is not None and isinstance(env.get(spelled), Layer):
            return env[spelled]  # type: ignore[return-value]
        if isinstance(expr, (cst.List, cst.Tuple, cst.ListComp)):
            layer = Layer("list", "list", expr)
            layer.items, layer.templates = self._list_items(expr, env, cls)
            if isinstance(expr, cst.List) and not expr.elements:
                return layer  # filled by append/extend below
            if not any(t.kind != "other" for t in layer.templates):
                return None
            return layer
        return None

    def _project_module(self, func: cst.BaseExpression) -> bool:
        """Whether ``func`` names a module class (one with ``forward``/``call``) that this file imports
        from another module of the project: applied to a value, it computes a module's output."""
        if not isinstance(func, cst.Name) or not self.path:
            return False
        from gnnlint.analysis.project_models import imported_class  # the project layer reads this module's users
        found = imported_class(self.path, func.value)
        return found is not None and any(isinstance(s, cst.FunctionDef) and s.name.value in ("forward", "call")
                                         for s in found.node.body.body)

    def looked_up(self, expr: cst.BaseExpression, env: dict[str, object] | None) -> str | None:
        """The qualified name of what ``expr`` takes from a module's namespace by a string it knows:
        ``vars(torch.nn.modules.activation)[name]``, ``torch.nn.__dict__[name]``, ``getattr(nn, name)``."""
        module: cst.BaseExpression | None = None
        key: cst.BaseExpression | None = None
        if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
            key = expr.slice[0].slice.value
            namespace = expr.value
            if isinstance(namespace, cst.Call) and self._builtin(namespace.func, "vars") and len(namespace.args) == 1:
                module = namespace.args[0].value
            elif isinstance(namespace, cst.Attribute) and namespace.attr.value == "__dict__":
                module = namespace.value
            else:  # a table of classes: `{"relu": nn.ReLU, ...}[name]`
                entry = self._table_entry(expr, env)
                return self.qualified(entry) if entry is not None else None
        elif isinstance(expr, cst.Call) and self._builtin(expr.func, "getattr") and len(expr.args) == 2 \
                and not any(a.keyword or a.star for a in expr.args):
            module, key = expr.args[0].value, expr.args[1].value
        owner = self.qualified(module) if module is not None else None
        text = self._text(key, env) if key is not None else None
        if owner is None or text is None or not text.isidentifier():
            return None
        return f"{owner}.{text}"

    def _table_entry(self, expr: cst.Subscript, env: dict[str, object] | None) -> cst.BaseExpression | None:
        """The value a dict literal (or a name bound once to one) holds under the string ``expr``
        subscripts it with."""
        if len(expr.slice) != 1 or not isinstance(expr.slice[0].slice, cst.Index):
            return None
        text = self._text(expr.slice[0].slice.value, env)
        table: cst.BaseExpression | None = expr.value
        if isinstance(table, cst.Name):
            bindings = self.facts.bindings(table.value)
            table = bindings[0].value if len(bindings) == 1 and bindings[0].kind == "assign" else None
        if text is None or not isinstance(table, cst.Dict):
            return None
        return next((e.value for e in table.elements if isinstance(e, cst.DictElement)
                     and isinstance(e.key, cst.SimpleString) and e.key.evaluated_value == text), None)

    def _builtin(self, func: cst.BaseExpression, name: str) -> bool:
        return isinstance(func, cst.Name) and func.value == name and not self.facts.bindings(name)

    def _text(self, expr: cst.BaseExpression, env: dict[str, object] | None) -> str | None:
        if isinstance(expr, cst.SimpleString) and isinstance(expr.evaluated_value, str):
            return expr.evaluated_value
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and not expr.args \
                and expr.func.attr.value in _STRING_CASES:  # `name.lower()`
            inner = self._text(expr.func.value, env)
            return getattr(inner, expr.func.attr.value)() if inner is not None else None
        spelled = dotted_name(expr)
        held = env.get(spelled) if env is not None and spelled is not None else None
        return held.value if isinstance(held, Text) else None

    def chosen_layer(self, builder: str, call: cst.Call, env: dict[str, object] | None) -> Layer | None:
        """The layer a module-level factory returns for the string ``call`` passes it
        (``act_layer("relu")`` with ``if act == "relu": return nn.ReLU()``): the branches its string
        comparisons take, followed to the ``return`` they reach."""
        function = self.builders[builder]
        params = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
        first = argument(call, 0, params[0]) if params and not any(a.star for a in call.args) else None
        text = self._text(first, env) if first is not None else None
        if text is None or not isinstance(function.body, cst.IndentedBlock):
            return None
        known: dict[str, object] = {**self._literal_collections(), params[0]: Text(text)}
        returned = _chosen_return(function.body.body, known)
        if returned is None:
            return None
        if isinstance(returned, cst.Name) and isinstance(known.get(returned.value), cst.BaseExpression):
            returned = cast(cst.BaseExpression, known[returned.value])
        return self.construct(returned, {k: v for k, v in known.items() if isinstance(v, Text)})

    def _literal_collections(self) -> dict[str, object]:
        """The module's names bound once, at its top level, to a literal list, tuple or set."""
        found: dict[str, object] = {}
        for statement in self.module.body:
            for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
                if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                        and isinstance(small.targets[0].target, cst.Name) \
                        and isinstance(small.value, (cst.List, cst.Tuple, cst.Set)) \
                        and len(self.facts.bindings(small.targets[0].target.value)) == 1:
                    found[small.targets[0].target.value] = small.value
        return found

    def returned_layer(self, builder: str) -> Layer | None:
        """The container a module-level function builds and returns, whatever its arguments (the
        layers' sizes come from them, their order and activations do not)."""
        if builder not in self._built:
            self._built[builder] = None  # a builder that calls itself builds nothing known
            function = self.builders[builder]
            body = list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else []
            nested = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
            returns = [n for n in descendants(function.body, prune=lambda n: type(n) in nested)
                       if isinstance(n, cst.Return)]
            if len(returns) == 1 and returns[0].value is not None:
                value: cst.BaseExpression | None = returns[0].value
                stop = next((s for s in body if any(n is returns[0] for n in descendants(s))), None)
                name = dotted_name(value) if value is not None else None
                if name is not None:
                    value = last_value(body, name, stop)
                layer = self.construct(value) if value is not None else None
                if (layer is None or layer.kind == "seq" and (not layer.elements or any(
                        e.label == "?" for e in layer.elements))) and stop is body[-1]:
                    # Read like an __init__: the layer classes its defaults and locals hold, the
                    # lists it appends layers to (`nn.Sequential(*layers)`).
                    walked = _BuilderBody(self, function, self._passed_anywhere(builder))
                    assert returns[0].value is not None
                    read = self.construct(returns[0].value, walked.env, walked)
                    layer = read if read is not None and read.kind == "seq" else layer
                self._built[builder] = layer if layer is not None and layer.kind == "seq" else None
        return self._built[builder]

    def _passed_anywhere(self, builder: str) -> set[str] | None:
        """The parameters of the module-level function ``builder`` that some call of it in this
        module passes a value for (their defaults are not what it builds with); None when a call
        passes ``*args`` or ``**kwargs`` or the function is used otherwise than called."""
        function = self.builders[builder]
        params = [p.name.value for p in (*function.params.posonly_params, *function.params.params)]
        passed: set[str] = set()
        for call in self._builder_uses().get(builder, []):
            if call is None or any(a.star for a in call.args):
                return None
            passed.update(params[:len([a for a in call.args if a.keyword is None])])
            passed.update(a.keyword.value for a in call.args if a.keyword is not None)
        return passed

    def _builder_uses(self) -> dict[str, list[cst.Call | None]]:
        """For each module-level function, its calls in this module and (as None) each place it is
        handed on as an argument (`functools.partial(mlp, act=...)`): one walk of the module."""
        if self._uses is None:
            self._uses = {}
            for node in descendants(self.module):
                if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in self.builders:
                    self._uses.setdefault(node.func.value, []).append(node)
                elif isinstance(node, cst.Arg) and isinstance(node.value, cst.Name) \
                        and node.value.value in self.builders:
                    self._uses.setdefault(node.value.value, []).append(None)
        return self._uses

    def built_class(self, call: cst.Call) -> ClassModel | None:
        """The model class of this module that ``call`` builds (``Net(16, 7, F.relu)``), with the
        activations the call passes bound to ``__init__``'s parameters: an activation chosen where
        the model is built is the one it applies."""
        cls = self.classes.get(call.func.value) if isinstance(call.func, cst.Name) else None
        init = cls.methods.get("__init__") if cls is not None else None
        if cls is None or init is None or any(a.star for a in call.args):
            return cls
        if id(call) not in self._constructed:
            params = [p.name.value for p in (*init.params.posonly_params, *init.params.params)][1:]  # past `self`
            given = [*zip(params, [a.value for a in call.args if a.keyword is None]),
                     *((a.keyword.value, a.value) for a in call.args if a.keyword is not None)]
            bound: dict[str, object] = {}
            for name, value in given:
                layer = self.construct(value) if self.qualified(value.func if isinstance(value, cst.Call)
                                                                else value) is not None else None
                if layer is not None and layer.kind == "act":
                    bound[name] = layer
                    continue
                # A number passed where the model is built (`Net(8)`, `Net(args.layers)` with the
                # option's default) sets the length of the loops that build its layers.
                size = self.evaluate(value, self.command_line(value, call))
                text = self.text_passed(value, call) if size is None else None
                if text is not None:
                    bound[name] = Text(text)  # `Net(8, act="ReLU")`: the layer a lookup by it builds
                    continue
                bound[name] = size if size is not None else PASSED_UNKNOWN
            known = any(v is not PASSED_UNKNOWN for v in bound.values())
            overridden = any(v is PASSED_UNKNOWN and _has_default(init, k) for k, v in bound.items())
            self._constructed[id(call)] = ClassModel(self, cls.node, bound) if known or overridden else cls
        return self._constructed[id(call)]

    def command_line(self, value: cst.BaseExpression, call: cst.Call) -> dict[str, object]:
        """``namespace.option -> default`` for each ``namespace.option`` in ``value`` (an argument
        of ``call``) whose receiver holds a parsed command line there (built by ``parse_args()``,
        or handed one by every caller), for each numeric option of the module's ``add_argument``
        calls: what a run without flags gets."""
        if self._defaults is None:
            self._defaults = numeric_defaults(add_argument_calls(self.module))
        place = site_of(self.graph, call) if self.graph is not None and self._defaults else None
        if place is None:
            return {}
        found: dict[str, object] = {}
        for node in descendants(value):
            if isinstance(node, cst.Attribute) and node.attr.value in self._defaults \
                    and holds_parsed_namespace(node.value, *place):
                spelled = dotted_name(node)
                if spelled is not None:
                    found[spelled] = self._defaults[node.attr.value]
        return found

    def text_passed(self, value: cst.BaseExpression, call: cst.Call) -> str | None:
        """The string ``value`` (an argument of ``call``) holds: a literal, or a string option of
        the module's parser read from a parsed command line (``args.act``), with the default a run
        without flags gets."""
        if isinstance(value, cst.SimpleString):
            return value.evaluated_value if isinstance(value.evaluated_value, str) else None
        if not isinstance(value, cst.Attribute):
            return None
        if self._texts is None:
            self._texts = string_defaults(add_argument_calls(self.module))
        default = self._texts.get(value.attr.value)
        place = site_of(self.graph, call) if self.graph is not None and default is not None else None
        if default is None or place is None or not holds_parsed_namespace(value.value, *place):
            return None
        return default.evaluated_value if isinstance(default.evaluated_value, str) else None

    def built_classes(self) -> Iterator[ClassModel]:
        """The model classes of this module as the module builds them, with the activations and
        numbers its calls pass (one per call that binds something)."""
        for statement in self.module.body:
            for node in descendants(statement):
                if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value in self.classes:
                    built = self.built_class(node)
                    if built is not None and built is not self.classes[node.func.value]:
                        yield built

    def construction_calls(self, built: ClassModel) -> Iterator[cst.Call]:
        """The calls of this module that build ``built`` (one, for a class built with arguments)."""
        for statement in self.module.body:
            for node in descendants(statement):
                if isinstance(node, cst.Call) and self._constructed.get(id(node)) is built:
                    yield node

    def handed_activations(self) -> Iterator[Layer]:
        """The activations passed to the model classes of this module where they are built."""
        for built in self.built_classes():
            yield from (v for v in built.env.values() if isinstance(v, Layer) and v.kind == "act")

    def layer_class(self, expr: cst.BaseExpression, env: dict[str, object] | None) -> LayerClass | None:
        """The layer class ``expr`` names without calling it (``GCNConv``, ``nn.Tanh``, a model class
        of this file, or a name holding one)."""
        if isinstance(expr, cst.Call):
            return None
        name = self.qualified(expr)
        if name is not None:
            kind = classify_qualified(name)
            label = name.split(".")[-1]
            return LayerClass(name) if kind is not None and label[:1].isupper() else None
        spelled = dotted_name(expr)
        if spelled is None:
            return None
        held = env.get(spelled) if env is not None else None
        if isinstance(held, LayerClass):
            return held
        if spelled in self.classes and (env is None or spelled not in env):
            return LayerClass(None, spelled)
        return None

    def value(self, expr: cst.BaseExpression, env: dict[str, object]) -> object | None:
        """What the index knows ``expr`` to be, as an ``__init__`` stores it: a number, a list of
        element expressions, a layer class, or a layer; None when unknown."""
        literal = self.evaluate(expr, env)
        if literal is not None:
            return literal
        if isinstance(expr, cst.SimpleString) and isinstance(expr.evaluated_value, str):
            return Text(expr.evaluated_value)
        if isinstance(expr, (cst.List, cst.Tuple)) \
                and not any(isinstance(e, cst.StarredElement) for e in expr.elements):
            layer = self.construct(expr, env)
            if layer is not None and layer.templates and any(t.kind != "other" for t in layer.templates):
                return layer
            return [e.value for e in expr.elements]
        held = self.layer_class(expr, env)
        if held is not None:
            return held
        layer = self.construct(expr, env)
        if layer is not None:
            return layer
        spelled = dotted_name(expr)
        return env.get(spelled) if spelled is not None else None

    def element(self, value: cst.BaseExpression, owner: Layer, env: dict[str, object] | None,
                cls: ClassModel | None) -> Layer:
        """A layer put in the container ``owner``. In a Keras container every element is a layer,
        and Keras layers apply their ``activation=`` to their output, whatever their class
        (``GraphCNN(7, 2, activation="elu")`` from a project's own package)."""
        layer = self.construct(value, env, cls)
        if layer is not None and not (layer.kind == "project" and owner.root == "keras"):
            return layer
        if owner.root == "keras" and isinstance(value, cst.Call):
            act = argument(value, None, "activation")
            label = (dotted_name(value.func) or "?").split(".")[-1]
            layer = Layer("layer", label, value, root="keras")
            if act is not None and self.activation_value(act) not in (None, "linear"):
                layer.act, layer.act_node = self.activation_value(act), act
            return layer
        return Layer("other", "?", value)

    def activation_value(self, value: cst.BaseExpression) -> str | None:
        if isinstance(value, cst.SimpleString):
            text = value.evaluated_value
            # Keras's string identifiers name its activation functions
            return ops.activation_of(f"keras.activations.{text.lower()}") or "other" if isinstance(text, str) else None
        if isinstance(value, cst.Name) and value.value == "None":
            return None
        name = self.qualified(value)
        module = ops.module_row(name)
        if module is not None and module.kind == "activation" and module.act is None:
            return None  # keras.layers.Activation: its argument says which
        return ops.activation_of(name) or "other"

    def _update_normalizes(self, value: cst.BaseExpression | None, env: dict[str, object] | None) -> bool:
        """Whether the network a convolution applies to its aggregate normalizes the features: a
        container holding a normalization layer, or a layer stack that normalizes between its own
        layers (the ops table's row says which do, and which argument turns it off)."""
        if value is None:
            return False
        spelled = dotted_name(value)
        held = env.get(spelled) if spelled is not None and env is not None else None
        layer = held if isinstance(held, Layer) else self.construct(value, env)
        if layer is None:
            return False
        if layer.kind == "seq":
            return any(e.kind == "norm" for e in layer.elements or [])
        return layer.normalizes

    def _embedded_activation(self, layer: Layer, call: cst.Call, name: str) -> None:
        root, parts = _canonical(name)
        if root not in ("keras", "spektral", "dgl"):
            return
        position = 1 if (layer.label == "Dense" or root == "spektral") else None
        value = argument(call, position, "activation")
        if value is not None:
            act = self.activation_value(value)
            if act not in (None, "linear"):
                layer.act, layer.act_node = act, value

    def _container_elements(self, call: cst.Call, name: str, env: dict[str, object] | None,
                            cls: ClassModel | None) -> list[Layer]:
        root, _ = _canonical(name)
        if root == "torch_geometric":
            listed = argument(call, 1, "modules")
            values = [e.value for e in listed.elements] if isinstance(listed, (cst.List, cst.Tuple)) else []
            elements = []
            for value in values:
                module = value
                if isinstance(value, cst.Tuple) and value.elements:
                    module = value.elements[0].value
                if isinstance(module, cst.Lambda):
                    combines = isinstance(module.body, cst.BinaryOperation) or len(module.params.params) > 1
                    elements.append(Layer("combine" if combines else "other", "lambda", module))
                    continue
                elements.append(self.construct(module, env, cls) or Layer("other", "?", module))
            return elements
        if root == "keras":
            listed = argument(call, 0, "layers")
            values = [e.value for e in listed.elements] if isinstance(listed, (cst.List, cst.Tuple)) else []
            keras = Layer("seq", "Sequential", call, root="keras")
            return [self.element(v, keras, env, cls) for v in values]
        else:
            values = []
            for arg in call.args:
                if arg.star:
                    return self._unpacked_elements(arg.value, env) if len(call.args) == 1 else []
                values.append(arg.value)
        return [self.construct(v, env, cls) or Layer("other", "?", v) for v in values]

    def _unpacked_elements(self, value: cst.BaseExpression, env: dict[str, object] | None) -> list[Layer]:
        """The elements of ``nn.Sequential(*layers)`` for a list of layers built above: all of them
        when their number is known, else the one put in last (what the container ends in); none
        when the list was built elsewhere."""
        held = env.get(dotted_name(value) or "") if env is not None else None
        if not isinstance(held, Layer) or held.kind != "list":
            return []
        if held.items is not None:
            return list(held.items)
        if held.tail:
            return list(held.tail)
        return [held.last] if held.last is not None else []

    def _list_items(self, value: cst.BaseExpression, env: dict[str, object] | None,
                    cls: ClassModel | None) -> tuple[list[Layer] | None, list[Layer]]:
        """(layers in order if their number is known, every kind of layer in the list)."""
        if isinstance(value, (cst.List, cst.Tuple)):
            items: list[Layer] = []
            for element in value.elements:
                if isinstance(element, cst.StarredElement):
                    return None, [layer for layer in items]
                items.append(self.construct(element.value, env, cls) or Layer("other", "?", element.value))
            return items, list(items)
        if isinstance(value, cst.ListComp):
            templates = [t for t in self._branches(value.elt, env, cls)]
            length = self.length(value.for_in.iter, env) if value.for_in.inner_for_in is None else None
            if not templates:
                return None, []
            if length is None or value.for_in.ifs or len(templates) != 1:
                return None, templates
            return [templates[0]] * min(length, MAX_UNROLL), templates
        if isinstance(value, cst.Name) and env is not None and isinstance(env.get(value.value), Layer):
            layer = cast(Layer, env[value.value])
            return layer.items, layer.templates or []
        return None, []

    def _branches(self, expr: cst.BaseExpression, env: dict[str, object] | None, cls: ClassModel | None) -> list[Layer]:
        if isinstance(expr, cst.IfExp):
            return self._branches(expr.body, env, cls) + self._branches(expr.orelse, env, cls)
        layer = self.construct(expr, env, cls)
        return [layer] if layer is not None else []

    # -- numbers -------------------------------------------------------------------------------

    def evaluate(self, expr: cst.BaseExpression | None, env: dict[str, object] | None) -> float | None:
        if expr is None:
            return None
        literal = number(expr)
        if literal is not None:
            return literal
        name = dotted_name(expr)
        if name is not None and env is not None:
            value = env.get(name)
            return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
        if isinstance(expr, cst.BinaryOperation):
            left, right = self.evaluate(expr.left, env), self.evaluate(expr.right, env)
            if left is None or right is None:
                return None
            return fold(expr.operator, left, right, (cst.Add, cst.Subtract, cst.Multiply, cst.FloorDivide))
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
            inner = self.evaluate(expr.expression, env)
            return -inner if inner is not None else None
        if isinstance(expr, cst.Call) and dotted_name(expr.func) == "len" and len(expr.args) == 1 \
                and self.facts.qualified_name(expr.func) is None:
            held = self.sequence(expr.args[0].value, env)  # `len(dims)` with `dims=[32, 32, 1]`
            return len(held) if held is not None else None
        return None

    def length(self, iterable: cst.BaseExpression, env: dict[str, object] | None) -> int | None:
        """How many times a ``for`` over ``iterable`` runs, when the source says."""
        sequence = self.sequence(iterable, env)
        return len(sequence) if sequence is not None else None

    def sequence(self, iterable: cst.BaseExpression, env: dict[str, object] | None) -> list[object] | None:
        """The values a ``for`` over ``iterable`` binds, when the source says (capped)."""
        if isinstance(iterable, cst.Call):
            func = dotted_name(iterable.func)
            if func == "range" and self.facts.qualified_name(iterable.func) is None:
                bounds = [self.evaluate(a.value, env) for a in iterable.args if not a.star]
                if not bounds or any(b is None or b != int(b) for b in bounds) or len(bounds) > 3:
                    return None
                ints = [int(b) for b in bounds]  # type: ignore[arg-type]
                if len(ints) == 3 and ints[2] == 0:
                    return None
                values = range(*ints)
                return list(values[:MAX_UNROLL]) if len(values) <= MAX_UNROLL else None
            if func in ("enumerate", "zip", "reversed") and self.facts.qualified_name(iterable.func) is None:
                parts = [self.sequence(a.value, env) for a in iterable.args if a.keyword is None and not a.star]
                if not parts or any(p is None for p in parts):
                    return None
                if func == "reversed":
                    return list(reversed(parts[0]))  # type: ignore[arg-type]
                if func == "enumerate":
                    return list(enumerate(parts[0]))  # type: ignore[arg-type]
                return list(zip(*parts))
        if isinstance(iterable, (cst.List, cst.Tuple)):
            if any(isinstance(e, cst.StarredElement) for e in iterable.elements):
                return None
            return [e.value for e in iterable.elements]
        if isinstance(iterable, cst.Subscript) and len(iterable.slice) == 1:
            base = self.sequence(iterable.value, env)
            index = iterable.slice[0].slice
            if base is None or not isinstance(index, cst.Slice):
                return None
            bounds = []
            value: float | object | None  # a bound here, what env holds below
            for part in (index.lower, index.upper, index.step):
                value = None if part is None else self.evaluate(part, env)
                if part is not None and value is None:
                    return None
                bounds.append(None if value is None else int(value))
            return base[slice(*bounds)]  # type: ignore[arg-type]
        name = dotted_name(iterable)
        if name is not None and env is not None:
            value = env.get(name)
            if isinstance(value, Layer) and value.kind == "list":
                return list(value.items) if value.items is not None else None
            if isinstance(value, list):
                return value
        return None

    # -- events --------------------------------------------------------------------------------

    def events(self, function: cst.FunctionDef | None, cls: ClassModel | None,
               body: list[cst.BaseStatement]) -> list[Event]:
        # A class built with other arguments (`built_class`) replays the same methods to other events.
        key = (id(function), id(cls)) if function is not None else (0, 0)
        if key not in self._events:
            env: dict[str, object] = {}
            if function is not None:  # globals: layers built at module level
                self.events(None, None, self.functions[0][2])
                env.update((k, v) for k, v in self._module_env.items() if isinstance(v, Layer))
            env.update(cls.env if cls is not None else {})
            if function is not None:
                for param in _parameters(function.params):
                    env.pop(param.name.value, None)
            replay = _Replay(self, cls, env)
            replay.block(body)
            replay.mark_gates()
            self._events[key] = replay.events
            if function is None:
                self._module_env = replay.env
        return self._events[key]

    def sequentials(self) -> list[Layer]:
        """Every container built in the file, once each (after the events were replayed)."""
        for _ in self.all_events():
            pass
        seen: dict[int, Layer] = {}
        for layer in self.containers:
            seen.setdefault(id(layer.node), layer)
        return list(seen.values())

    def all_events(self) -> Iterator[tuple[cst.FunctionDef | None, ClassModel | None, list[Event]]]:
        for function, cls, body in self.functions:
            yield function, cls, self.events(function, cls, body)


# Bound to an ``__init__`` parameter that a call passes a value the index cannot read
# (``Decoder(act=lambda x: x)``): the parameter's default does not apply.
PASSED_UNKNOWN = object()


class ClassModel:
    """A class in the module: its layers on ``self`` and its methods."""

    def __init__(self, index: ModelIndex, node: cst.ClassDef, bound: dict[str, object] | None = None,
                 depth: int = 0) -> None:
        self.index = index
        self.node = node
        self.name = node.name.value
        self.depth = depth  # how many subclasses' `__init__` calls led here
        self.methods: dict[str, cst.FunctionDef] = {}
        for statement in node.body.body if isinstance(node.body, cst.IndentedBlock) else []:
            if isinstance(statement, cst.FunctionDef):
                self.methods[statement.name.value] = statement
        self.env: dict[str, object] = {}
        init = self.methods.get("__init__") or self.methods.get("build")
        if init is not None:
            self._read_init(init, bound or {})
        else:
            self._inherit(None)  # no `__init__` of its own: the base class's runs

    @property
    def base(self) -> cst.ClassDef | None:
        """The first base class when it is a class of this file (the one `super()` reaches first)."""
        if not self.node.bases or self.node.bases[0].keyword is not None:
            return None
        name = dotted_name(self.node.bases[0].value)
        if name is None or name == self.name or self.index.facts.qualified_name(self.node.bases[0].value):
            return None
        return next((s for s in self.index.module.body if isinstance(s, cst.ClassDef) and s.name.value == name), None)

    def _inherit(self, call: cst.Call | None) -> None:
        """Run the base class's ``__init__`` (``super().__init__(...)``), with the arguments ``call``
        passes it, and keep the layers it stores on ``self``."""
        base = self.base
        if base is None or self.depth >= 4:
            return
        inherited = ClassModel(self.index, base, self._bound(base, call) if call is not None else {}, self.depth + 1)
        self.env.update((k, v) for k, v in inherited.env.items() if k.startswith("self."))

    def _bound(self, base: cst.ClassDef, call: cst.Call) -> dict[str, object]:
        """The base ``__init__``'s parameters that ``call`` passes a known value to."""
        init = next((s for s in base.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"),
                    None) if isinstance(base.body, cst.IndentedBlock) else None
        if init is None or any(a.star for a in call.args):
            return {}
        params = [p.name.value for p in (*init.params.posonly_params, *init.params.params)][1:]  # past `self`
        explicit = isinstance(call.func, cst.Attribute) and isinstance(call.func.value, (cst.Name, cst.Attribute))
        positional = [a.value for a in call.args if a.keyword is None][1 if explicit else 0:]
        bound: dict[str, object] = {}
        for name, value in [*zip(params, positional),
                            *((a.keyword.value, a.value) for a in call.args if a.keyword is not None)]:
            held = self.index.value(value, self.env)
            bound[name] = held if held is not None else PASSED_UNKNOWN
        return bound

    def _is_base_init(self, call: cst.Call) -> bool:
        """``super().__init__(...)``, ``super(Cls, self).__init__(...)`` or ``Base.__init__(self, ...)``."""
        func = call.func
        if not isinstance(func, cst.Attribute) or func.attr.value != "__init__":
            return False
        owner = func.value
        if isinstance(owner, cst.Call):
            return dotted_name(owner.func) == "super" and self.index.facts.qualified_name(owner.func) is None
        base = self.base
        return base is not None and dotted_name(owner) == base.name.value \
            and bool(call.args) and dotted_name(call.args[0].value) == "self"

    @property
    def forward(self) -> cst.FunctionDef | None:
        return self.methods.get("forward") or self.methods.get("call")

    def _read_init(self, init: cst.FunctionDef, bound: dict[str, object]) -> None:
        env = self.env
        for param in _parameters(init.params):
            # What a subclass passes, else the default: numbers, literal lists (their length
            # counts loops), layer classes (`gconv=GCNConv`, called below) and layers.
            if param.name.value in bound:
                if bound[param.name.value] is not PASSED_UNKNOWN:
                    env[param.name.value] = bound[param.name.value]
                continue
            held = self.index.value(param.default, env) if param.default is not None else None
            if held is not None:
                env[param.name.value] = held
        self._block(list(init.body.body) if isinstance(init.body, cst.IndentedBlock) else [], 1, True)
        # Only the attributes: locals of __init__ are not visible in forward.
        for key in [k for k in env if not k.startswith("self.")]:
            if not isinstance(env[key], (int, float)) or isinstance(env[key], bool):
                del env[key]

    def _block(self, body: Sequence[cst.CSTNode], repeat: int | None, certain: bool) -> None:
        for statement in body:
            if isinstance(statement, cst.SimpleStatementLine):
                for small in statement.body:
                    self._small(small, repeat, certain)
            elif isinstance(statement, cst.For):
                times = self.index.length(statement.iter, self.env)
                inner = None if times is None or repeat is None else times * repeat
                saved, self._pass = getattr(self, "_pass", None), object()
                self._block(list(statement.body.body), inner, certain)
                self._pass = saved
            elif isinstance(statement, cst.If) and (taken := self._taken(statement)) is not None:
                self._block(list(taken), repeat, certain)  # a test on a string the model holds: only that arm runs
            elif isinstance(statement, cst.If):
                # The branch taken is unknown: its layers are listed, never counted.
                self._block(list(statement.body.body), repeat, False)
                orelse = statement.orelse
                while orelse is not None:
                    self._block(list(orelse.body.body), repeat, False)
                    orelse = orelse.orelse if isinstance(orelse, cst.If) else None
            elif isinstance(statement, (cst.With, cst.Try)):
                self._block(list(statement.body.body), repeat, certain)

    def _texts(self) -> dict[str, object]:
        return {k: v for k, v in self.env.items() if isinstance(v, Text)}

    def _taken(self, statement: cst.If) -> Sequence[cst.BaseStatement] | None:
        """The arm of ``statement`` the strings the model holds choose; None when they do not decide."""
        known = self._texts()
        return arm_taken(statement, lambda expr: _string_value(expr, known)) if known else None

    def _small(self, small: cst.BaseSmallStatement, repeat: int | None, certain: bool) -> None:
        env = self.env
        for changed in _items_changed(small):
            env.pop(changed, None)
        if isinstance(small, (cst.Assign, cst.AnnAssign)) and small.value is not None:
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
            for target in targets:
                name = dotted_name(target)
                if name is None:
                    continue
                literal = self.index.evaluate(small.value, env)
                if literal is not None:
                    env[name] = literal
                    continue
                layer = self.index.construct(small.value, env, self)
                if layer is None and isinstance(small.value, (cst.List, cst.Tuple)):
                    env[name] = [e.value for e in small.value.elements if isinstance(e, cst.Element)]
                    continue
                if layer is None:
                    source = dotted_name(small.value)
                    value = self.index.layer_class(small.value, env) or (env.get(source) if source else None)
                    if value is not None:
                        env[name] = value
                    else:
                        env.pop(name, None)
                    continue
                if layer.kind == "list" and (repeat != 1 or not certain) and layer.items is not None:
                    layer.items = None
                env[name] = layer
        elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call):
            call = small.value
            func = call.func
            if repeat == 1 and certain and self._is_base_init(call):
                self._inherit(call)
                return
            if not (isinstance(func, cst.Attribute) and func.attr.value in ("append", "extend", "add")):
                return
            owner = env.get(dotted_name(func.value) or "")
            if not isinstance(owner, Layer) or owner.kind not in ("list", "seq"):
                return
            value = argument(call, 0, None)
            if value is None:
                return
            if func.attr.value == "extend":
                items, templates = self.index._list_items(value, env, self)
            else:
                layer = self.index.construct(value, env, self)
                if layer is None and isinstance(value, cst.Name):
                    found = env.get(value.value)
                    layer = found if isinstance(found, Layer) else None
                layer = layer or (self.index.element(value, owner, env, self) if owner.kind == "seq"
                                  else Layer("other", "?", value))
                items, templates = [layer], [layer]
            if owner.kind == "seq":
                owner.elements = (owner.elements or []) + templates
                return
            owner.templates = (owner.templates or []) + templates
            owner.last = _put_last(items, templates, repeat, certain)
            _extend_tail(owner, items, repeat, certain, getattr(self, "_pass", None))
            if owner.items is not None:
                if items is None or repeat is None or not certain:
                    owner.items = None
                else:
                    owner.items = (owner.items + items * repeat)[:MAX_UNROLL]
        elif isinstance(small, cst.AugAssign) and isinstance(small.operator, cst.AddAssign):
            name = dotted_name(small.target)
            owner = env.get(name or "")
            if isinstance(owner, Layer) and owner.kind == "list":
                items, templates = self.index._list_items(small.value, env, self)
                owner.templates = (owner.templates or []) + templates
                owner.last = _put_last(items, templates, repeat, certain)
                _extend_tail(owner, items, repeat, certain, getattr(self, "_pass", None))
                if owner.items is not None:
                    owner.items = None if items is None or repeat is None or not certain else \
                        (owner.items + items * repeat)[:MAX_UNROLL]


class _BuilderBody(ClassModel):
    """A module-level function that builds and returns a container, read like an ``__init__``:
    the defaults of the parameters no call of it passes, then its statements (the lists it
    appends layers to, the layer classes its locals hold). Its locals stay in ``env``."""

    def __init__(self, index: ModelIndex, function: cst.FunctionDef, passed: set[str] | None) -> None:
        # An empty class of the function's name: no methods to read, no bases for `super()` to reach.
        super().__init__(index, cst.ClassDef(name=function.name, body=cst.IndentedBlock(body=[])), depth=4)
        for param in _parameters(function.params):
            if param.default is not None and passed is not None and param.name.value not in passed:
                held = index.value(param.default, self.env)
                if held is not None:
                    self.env[param.name.value] = held
        self._block(list(function.body.body) if isinstance(function.body, cst.IndentedBlock) else [], 1, True)


def _chosen_return(body: Sequence[cst.BaseStatement], known: dict[str, object]) -> cst.BaseExpression | None:
    """The expression a function body returns when its names hold ``known`` (strings as ``Text``),
    following the branches whose tests compare those strings; None where a test, a loop or a
    statement it does not follow decides. Assignments on the way are kept in ``known``."""
    found = _follow(body, known)
    return found if isinstance(found, cst.BaseExpression) else None


_FELL_THROUGH = object()  # a block that ends without returning: the statements after it run


def _follow(body: Sequence[cst.BaseStatement], known: dict[str, object]) -> object:
    """What ``body`` returns (an expression), ``_FELL_THROUGH``, or None when that is unknown."""
    for statement in body:
        if isinstance(statement, cst.If):
            arm = arm_taken(statement, lambda expr: _string_value(expr, known))
            if arm is None:
                return None
            found = _follow(arm, known)
            if found is not _FELL_THROUGH:
                return found
            continue
        if not isinstance(statement, cst.SimpleStatementLine):
            return None  # a loop, try or with: not followed
        for small in statement.body:
            if isinstance(small, cst.Return):
                return small.value
            if isinstance(small, cst.Raise):
                return None
            if isinstance(small, cst.Assign) and len(small.targets) == 1 \
                    and isinstance(small.targets[0].target, cst.Name):
                text = _string_value(small.value, known)
                kept = _kept_strings(small.value, known) if text is None else None
                known[small.targets[0].target.value] = Text(text) if text is not None else \
                    kept if kept is not None else small.value
    return _FELL_THROUGH


def _kept_strings(expr: cst.BaseExpression, known: dict[str, object]) -> tuple[str, ...] | None:
    """The strings a filter over literal strings keeps (``[x for x in ("ReLU", "Tanh") if
    name.lower() == x.lower()]``, the usual way to find a name's canonical spelling)."""
    if not isinstance(expr, cst.ListComp) or expr.for_in.inner_for_in is not None \
            or not isinstance(expr.for_in.target, cst.Name) or not isinstance(expr.elt, cst.Name) \
            or expr.elt.value != expr.for_in.target.value or len(expr.for_in.ifs) > 1:
        return None
    source = expr.for_in.iter
    if isinstance(source, cst.Name) and isinstance(known.get(source.value), cst.BaseExpression):
        source = cast(cst.BaseExpression, known[source.value])  # a module's literal collection
    if not isinstance(source, (cst.List, cst.Tuple, cst.Set)):
        return None
    strings = [_string_value(e.value, known) for e in source.elements]
    if None in strings:
        return None
    kept: list[str] = []
    for text in cast("list[str]", strings):
        inner = {**known, expr.elt.value: Text(text)}
        taken = _test_value(expr.for_in.ifs[0].test, inner) if expr.for_in.ifs else True
        if taken is None:
            return None
        if taken:
            kept.append(text)
    return tuple(kept)


def _string_value(expr: cst.BaseExpression, known: dict[str, object]) -> str | None:
    """A string literal, a name holding one, or ``.lower()``/``.upper()``/``.strip()`` of either."""
    if isinstance(expr, cst.SimpleString):
        return expr.evaluated_value if isinstance(expr.evaluated_value, str) else None
    if isinstance(expr, cst.Name):
        held = known.get(expr.value)
        return held.value if isinstance(held, Text) else None
    if isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Name) and len(expr.slice) == 1 \
            and isinstance(expr.slice[0].slice, cst.Index) and number(expr.slice[0].slice.value) in (0, -1):
        kept = known.get(expr.value.value)  # the one string a filter kept
        return kept[0] if isinstance(kept, tuple) and len(kept) == 1 else None
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and not expr.args \
            and expr.func.attr.value in _STRING_CASES:
        inner = _string_value(expr.func.value, known)
        return getattr(inner, expr.func.attr.value)() if inner is not None else None
    return None


def _test_value(test: cst.BaseExpression, known: dict[str, object]) -> bool | None:
    """Whether an ``if`` test over the strings the model holds (``known``) holds (:mod:`strings`)."""
    return test_holds(test, lambda expr: _string_value(expr, known))


def _put_last(items: list[Layer] | None, templates: list[Layer], repeat: int | None, certain: bool) -> Layer | None:
    """The layer a list ends in after ``append``/``extend``/``+=`` of ``items`` (``templates``):
    known when the statement is not under an ``if`` and puts one known layer last. A loop of
    unknown length is taken to make its passes, as a layer loop in ``forward`` is."""
    if not certain or repeat is not None and repeat < 1:
        return None
    if items:
        return items[-1]
    return templates[0] if len(templates) == 1 else None


def _extend_tail(owner: Layer, items: list[Layer] | None, repeat: int | None, certain: bool, pass_: object) -> None:
    """What a list is known to end with after ``items`` are put in it: the statement's layers after
    what it ended with, when that is known and was put in by the same pass of the same loop or
    the statement runs once; else the statement's layers alone (the last pass of its loop,
    taken to run as :func:`_put_last` does). Unknown under an ``if``."""
    if not certain or not items or repeat is not None and repeat < 1:
        owner.tail, owner.tail_pass = None, None
        return
    known = owner.items if owner.items is not None else owner.tail
    follows = known is not None and (repeat == 1 or (pass_ is not None and owner.tail_pass is pass_))
    owner.tail = ([*known, *items] if follows and known is not None else list(items))[-MAX_UNROLL:]
    owner.tail_pass = pass_


class _Replay:
    """Replays a function body in order, unrolling loops of known length, into events."""

    def __init__(self, index: ModelIndex, cls: ClassModel | None, env: dict[str, object]) -> None:
        self.index = index
        self.cls = cls
        self.env = env
        self.events: list[Event] = []
        self.layer_vars: set[str] = set()  # names whose value comes from a layer
        self.counted = True
        self.top_level = True
        self.loop_over: str | None = None
        self.inner_loop: cst.For | None = None  # the innermost loop being replayed
        self.unknown_loop = False
        # Names whose value scales another value elementwise or is turned into attention
        # coefficients by a softmax: gates, whatever they are called. Each use is kept with the
        # number of events before it: the gate is the value the name holds there, not every value
        # it ever held (`return x * scale` after a loop of `x = tanh(conv(x))` gates nothing).
        self.gate_uses: list[tuple[frozenset[str], int]] = []

    def mark_gates(self) -> None:
        """Mark the events whose result a gate use reads (the last store of the name before it)."""
        uses = list(self.gate_uses)
        uses += [(event.reads, position) for position, event in enumerate(self.events)
                 if event.kind == "act" and event.act in ("softmax", "log_softmax")]
        for names, before in uses:
            for name in names:
                stored = next((e for e in reversed(self.events[:before]) if name in e.targets), None)
                if stored is not None:
                    stored.gated = True

    def _gate(self, names: set[str]) -> None:
        if names:
            self.gate_uses.append((frozenset(names), len(self.events)))

    def _note_gates(self, value: cst.BaseExpression, targets: frozenset[str]) -> None:
        """``h = z * h + (1 - z) * c``: ``z`` multiplies another value and is not the value that
        flows on (``h``, stored again, is the state; ``x = x * mask`` keeps ``x`` a state)."""
        self._gate(_multiplied_names(value) - targets)

    def block(self, body: Sequence[cst.CSTNode]) -> None:
        for statement in body:
            self.statement(statement)

    def statement(self, statement: cst.CSTNode) -> None:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                self.small(small)
        elif isinstance(statement, cst.For):
            self.loop(statement)
        elif isinstance(statement, (cst.If, cst.While)):
            saved = (self.counted, self.top_level)
            self.counted, self.top_level = False, False
            if isinstance(statement, cst.If):
                self.expression(statement.test)
            self.block(list(statement.body.body))
            orelse = statement.orelse
            while orelse is not None:
                if isinstance(orelse, cst.If):
                    self.expression(orelse.test)
                self.block(list(orelse.body.body))
                orelse = orelse.orelse if isinstance(orelse, cst.If) else None
            self.counted, self.top_level = saved
        elif isinstance(statement, (cst.With, cst.Try)):
            self.block(list(statement.body.body))

    def loop(self, statement: cst.For) -> None:
        values = self.index.sequence(statement.iter, self.env)
        saved = (self.counted, self.top_level, self.loop_over, self.unknown_loop, self.inner_loop)
        self.top_level = False
        self.inner_loop = statement
        self.loop_over = self.index.module.code_for_node(statement.iter).strip()
        if values is None:
            self.counted = False
            self.unknown_loop = True
            templates = self._templates(statement.iter)
            self._bind(statement.target, templates[0] if templates else None)
            self.block(list(statement.body.body))
        else:
            for value in values:
                self._bind(statement.target, value)
                self.block(list(statement.body.body))
        self.counted, self.top_level, self.loop_over, self.unknown_loop, self.inner_loop = saved

    def _templates(self, iterable: cst.BaseExpression) -> list[object]:
        """For a loop of unknown length: a representative value per loop variable."""
        if isinstance(iterable, cst.Call) and dotted_name(iterable.func) in ("enumerate", "zip"):
            parts = [self._templates(a.value) for a in iterable.args if a.keyword is None]
            first = [p[0] if p else None for p in parts]
            if dotted_name(iterable.func) == "enumerate":
                return [(None, first[0] if first else None)]
            return [tuple(first)]
        if isinstance(iterable, cst.Subscript):
            iterable = iterable.value
        name = dotted_name(iterable)
        value = self.env.get(name) if name else None
        if isinstance(value, Layer) and value.kind == "list" and value.templates:
            plain = [t for t in value.templates if t.kind == "conv"] or value.templates
            return [plain[0]]
        return []

    def _bind(self, target: cst.BaseExpression, value: object) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            parts = value if isinstance(value, tuple) else ()
            for position, element in enumerate(target.elements):
                self._bind(element.value, parts[position] if position < len(parts) else None)
            return
        name = dotted_name(target)
        if name is None:
            return
        if value is None or isinstance(value, cst.CSTNode):
            literal = number(value) if isinstance(value, cst.BaseExpression) else None
            if literal is not None:
                self.env[name] = literal
            else:
                self.env.pop(name, None)
        else:
            self.env[name] = value
        self.layer_vars.discard(name)

    def small(self, small: cst.BaseSmallStatement) -> None:
        for changed in _items_changed(small):
            self.env.pop(changed, None)
        if isinstance(small, (cst.Assign, cst.AnnAssign)):
            if small.value is None:
                return
            targets = [t.target for t in small.targets] if isinstance(small, cst.Assign) else [small.target]
            names = frozenset(n for t in targets for n in _target_names(t))
            layer = self.index.construct(small.value, self.env, self.cls)
            if layer is not None and _is_construction(small.value, layer):
                for name in names:  # a layer built here and applied below: conv = GCNConv(...)
                    self.env[name] = layer
                return
            start = len(self.events)
            self._note_gates(small.value, names)
            top = self.expression(small.value)
            # a readout of a layer's output summarises it: it is no layer's output itself
            from_layer = not self._reads_out(small.value) and (
                any(e.kind == "apply" for e in self.events[start:])
                or bool(names_in(small.value) & self.layer_vars) or self._linear_map(small.value))
            if top is not None:
                top.targets = names
                flat = targets[0].elements if len(targets) == 1 and isinstance(targets[0], (cst.Tuple, cst.List)) \
                    else ()
                if all(isinstance(e, cst.Element) for e in flat):  # no `*rest`: positions are elements
                    top.unpacked = tuple(dotted_name(e.value) for e in flat)
            for name in names:
                if from_layer:
                    self.layer_vars.add(name)
                else:
                    self.layer_vars.discard(name)
                literal = self.index.evaluate(small.value, self.env)
                if literal is not None:
                    self.env[name] = literal
                elif name in self.env and not name.startswith("self."):
                    del self.env[name]
        elif isinstance(small, cst.AugAssign):
            if isinstance(small.operator, cst.MultiplyAssign):
                self._gate(_arithmetic_names(small.value) - set(_target_names(small.target)))
            self._note_gates(small.value, frozenset(_target_names(small.target)))
            self.expression(small.value)
            if isinstance(small.operator, cst.AddAssign) and number(small.value) is None:
                self._event(Event("combine", small))
        elif isinstance(small, cst.Expr):
            self.expression(small.value)
        elif isinstance(small, cst.Return) and small.value is not None:
            layer = self.index.construct(small.value, self.env, self.cls)
            if layer is not None and layer.kind == "seq" and _is_construction(small.value, layer):
                return  # a container built and handed back (`return nn.Sequential(...)`), as `net = ...` is
            self._note_gates(small.value, frozenset())
            self.expression(small.value)

    def _linear_map(self, expr: cst.BaseExpression) -> bool:
        """Whether ``expr`` computes a matrix product (``adj @ h @ w + b``, ``tf.matmul(h, w)``): a
        layer written out by hand, in code that keeps its weights as plain tensors."""
        nested = (cst.Lambda, cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp)
        for node in descendants(expr, prune=lambda n: type(n) in nested):
            if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.MatrixMultiply):
                return True
            if isinstance(node, cst.Call):
                name = self.index.qualified(node.func) or ""
                kinds = ops.of_function(name)
                if "matrix-product" in kinds and "contraction" not in kinds \
                        and ops.normal_name(name).split(".")[0] in ("torch", "tensorflow", "keras"):
                    return True
        return False

    def _event(self, event: Event) -> Event:
        event.counted = self.counted
        event.top_level = self.top_level
        event.loop_over = self.loop_over
        event.unknown_loop = self.unknown_loop
        event.loop = self.inner_loop
        self.events.append(event)
        return event

    def expression(self, expr: cst.BaseExpression, parent: cst.CSTNode | None = None) -> Event | None:
        """Emit the events of ``expr`` in evaluation order; return the event of ``expr`` itself."""
        if isinstance(expr, (cst.Lambda, cst.ListComp, cst.GeneratorExp, cst.SetComp, cst.DictComp)):
            return None
        if isinstance(expr, cst.BinaryOperation):
            left = self.expression(expr.left, expr)
            right = self.expression(expr.right, expr)
            if isinstance(expr.operator, cst.Multiply):
                for side in (left, right):
                    if side is not None and side.kind in ("act", "apply"):
                        side.gated = True
            if isinstance(expr.operator, cst.Add) and number(expr.left) is None and number(expr.right) is None:
                return self._event(Event("combine", expr))
            return None
        if not isinstance(expr, cst.Call):
            for child in _child_expressions(expr):
                self.expression(child, expr)
            return None
        return self.call(expr)

    def call(self, call: cst.Call) -> Event | None:
        func = call.func
        if isinstance(func, cst.Call):  # Keras functional: GCNConv(32)([x, a])
            layer = self.index.construct(func, self.env, self.cls)
            arg_events = self._arguments(call)
            if layer is None:
                return None
            return self._apply(call, layer, arg_events, self.index.module.code_for_node(func).strip())
        method = ops.method_row(func.attr.value) if isinstance(func, cst.Attribute) else None
        if isinstance(func, cst.Attribute) and method is not None and method.act is not None \
                and self.index.qualified(func) is None and self.env.get(dotted_name(func) or "") is None:
            inner = self.expression(func.value, call)
            self._arguments(call)
            return self._act(call, method.act, func.value, inner)
        if isinstance(func, cst.Attribute) and func.attr.value == "append" and self.index.qualified(func) is None \
                and isinstance(func.value, cst.Name):
            self._arguments(call)
            return self._event(Event("collect", call))
        if isinstance(func, cst.Attribute) and func.attr.value == "add" and self.index.qualified(func) is None:
            owner = self.env.get(dotted_name(func.value) or "")
            value = argument(call, 0, "layer")
            if isinstance(owner, Layer) and owner.kind == "seq" and value is not None:
                owner.elements = (owner.elements or []) + [self.index.element(value, owner, self.env, self.cls)]
                return None
        layer = self._callee(func)
        if layer is None:
            name = self.index.qualified(func)
            kind = classify_qualified(name) if name else None
            if name is None and isinstance(func, cst.Attribute):
                self.expression(func.value, call)
            arg_events = self._arguments(call)
            if kind is None:
                return None
            layer = Layer(kind[0], name.split(".")[-1], call, act=kind[1])  # type: ignore[union-attr]
            if kind[0] in ("act",):
                return self._act(call, kind[1], argument(call, 0, "input") or argument(call, 0, "x")
                                 or argument(call, 0, "features"), arg_events[0] if arg_events else None)
            if kind[0] == "dropout":
                return self._pass(call)
            if kind[0] in ("combine", "norm"):
                return self._event(Event("combine", call, layer=layer))
            return None
        arg_events = self._arguments(call)
        callee = self.index.module.code_for_node(func).strip()
        return self._apply(call, layer, arg_events, callee)

    def _arguments(self, call: cst.Call) -> list[Event | None]:
        return [self.expression(arg.value, call) for arg in call.args]

    def _callee(self, func: cst.BaseExpression) -> Layer | None:
        if isinstance(func, cst.Subscript):  # self.convs[i]
            base = self.env.get(dotted_name(func.value) or "")
            if not isinstance(base, Layer) or base.kind != "list":
                return None
            if len(func.slice) == 1 and isinstance(func.slice[0].slice, cst.Index) and base.items:
                index = self.index.evaluate(func.slice[0].slice.value, self.env)
                if index is not None and -len(base.items) <= index < len(base.items):
                    return base.items[int(index)]
            plain = [t for t in base.templates or [] if t.kind == "conv"] or base.templates or []
            return plain[0] if plain else None
        name = dotted_name(func)
        if name is None:
            return None
        value = self.env.get(name)
        return value if isinstance(value, Layer) else None

    def _apply(self, call: cst.Call, layer: Layer, arg_events: list[Event | None], callee: str) -> Event | None:
        if layer.kind == "act":
            return self._act(call, layer.act, first_input(call), arg_events[0] if arg_events else None,
                             callee=callee, layer=layer)
        if layer.kind == "dropout":
            return self._pass(call)
        if layer.kind in ("combine", "norm", "jk", "residual"):
            return self._event(Event("combine", call, layer=layer, callee=callee))
        if layer.kind == "list":
            return None
        source = first_input(call, layer)
        event = Event("apply", call, layer=layer, act=layer.act, act_node=layer.act_node,
                      reads=frozenset(names_in(source)) if source is not None else frozenset(), callee=callee)
        self._feeds(source, event)
        return self._event(event)

    def _feeds(self, source: cst.BaseExpression | None, event: Event) -> None:
        """Mark the act/apply event whose result is ``source`` (through dropout) as feeding ``event``."""
        while isinstance(source, cst.Call):
            for earlier in reversed(self.events):
                if earlier.node is source:
                    if earlier.kind == "pass":
                        source = argument(source, 0, "input") or argument(source, 0, "x")
                        break
                    earlier.feeds = event
                    return
            else:
                return

    def _act(self, call: cst.Call, act: str | None, source: cst.BaseExpression | None,
             inner: Event | None, callee: str = "", layer: Layer | None = None) -> Event:
        reads = frozenset(names_in(source)) if source is not None else frozenset()
        after = not (source is not None and self._reads_out(source)) and (
            (inner is not None and inner.kind == "apply") or bool(reads & self.layer_vars))
        event = Event("act", call, layer=layer, act=act, act_node=call, reads=reads, after_layer=after,
                      callee=callee or self.index.module.code_for_node(call.func).strip())
        if inner is not None and inner.kind == "apply":
            inner.feeds = event
        return self._event(event)

    def _reads_out(self, expr: cst.BaseExpression) -> bool:
        """Whether ``expr`` reduces a layer's output over an axis (``torch.mean(h, 0)``, ``h.sum(1)``)
        or applies a module of this file whose ``forward`` only returns such a reduction of its input
        (DGI's ``AvgReadout``): a summary of the rows, a readout, not the hidden state of a layer."""
        if not isinstance(expr, cst.Call):
            return False
        operand = _reduced_operand(self.index.facts, expr)
        if operand is not None:  # a layer's own heads averaged (`gat(g, h).mean(1)`) are its output
            applied = (n for n in (operand, *descendants(operand)) if isinstance(n, cst.Call))
            return bool(names_in(operand) & self.layer_vars) and not any(
                (layer := self._callee(n.func)) is not None and layer.trainable for n in applied)
        layer = self._callee(expr.func)
        if layer is None or layer.kind != "user":
            return False
        cls = self.index.built_class(layer.node) if isinstance(layer.node, cst.Call) else None
        cls = cls or self.index.classes.get(layer.label)
        return cls is not None and cls.forward is not None and _returns_readout(self.index.facts, cls.forward)

    def _pass(self, call: cst.Call) -> Event:
        source = argument(call, 0, "input") or argument(call, 0, "x") or argument(call, 0, "inputs")
        event = self._event(Event("pass", call, reads=frozenset(names_in(source)) if source is not None
                                  else frozenset()))
        # `F.dropout(F.relu(conv(x)))`: the activation or layer inside feeds the dropout around it.
        inner = next((e for e in reversed(self.events) if source is not None and e.node is source), None)
        if inner is not None and inner.kind in ("act", "apply") and inner.feeds is None:
            inner.feeds = event
        return event


def _is_construction(value: cst.BaseExpression, layer: Layer) -> bool:
    """``GCNConv(...)``, ``nn.ReLU()``, ``F.relu`` as a value: built or referenced, not applied."""
    value = _unwrap_device(value)
    if isinstance(value, cst.Call):
        return isinstance(value.func, (cst.Name, cst.Attribute)) and layer.label[:1].isupper()
    return True


# Methods that reshape a value without changing what it is.
_RESHAPES = ops.methods_of("reshape", "expand", "transpose")


def _multiplied_names(expr: cst.BaseExpression) -> set[str]:
    """Names whose values ``expr`` multiplies elementwise: both operands of ``a * b``, through
    arithmetic and reshapes (``(1 - z) * h``, ``alpha.unsqueeze(-1) * x``), and ``a.mul(b)``."""
    found: set[str] = set()
    for node in descendants(expr):
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply):
            found |= _arithmetic_names(node.left) | _arithmetic_names(node.right)
        elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                and node.func.attr.value in ("mul", "mul_", "multiply"):
            found |= _arithmetic_names(node.func.value)
            for arg in node.args:
                found |= _arithmetic_names(arg.value)
    return found


def _arithmetic_names(expr: cst.BaseExpression) -> set[str]:
    """The names ``expr`` is computed from by arithmetic and reshapes alone (a call to a layer or
    a function makes another value)."""
    if isinstance(expr, (cst.Name, cst.Attribute)):
        name = dotted_name(expr)
        return {name} if name is not None else set()
    if isinstance(expr, cst.BinaryOperation):
        return _arithmetic_names(expr.left) | _arithmetic_names(expr.right)
    if isinstance(expr, cst.UnaryOperation):
        return _arithmetic_names(expr.expression)
    if isinstance(expr, cst.Subscript):
        return _arithmetic_names(expr.value)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _RESHAPES:
        return _arithmetic_names(expr.func.value)
    return set()


def _child_expressions(node: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    for child in children(node):
        if isinstance(child, cst.BaseExpression):
            yield child
        else:
            yield from _child_expressions(child)


_READOUTS: tuple[ops.Kind, ...] = ("sum", "mean", "max", "min")


def _reduced_operand(facts: Facts, call: cst.Call) -> cst.BaseExpression | None:
    """The tensor a library reduction (sum, mean, max, min) reduces, when it is one tensor and not
    a join of several (``torch.sum(torch.stack(hs), 0)`` combines layer outputs, it reads none out)."""
    if not does(facts, call, *_READOUTS):
        return None
    if method_name(call, facts) is not None:
        operand: cst.BaseExpression | None = cast(cst.Attribute, call.func).value
    else:
        operand = argument(call, 0, "input")
    if operand is None or any(isinstance(n, (cst.List, cst.Tuple)) or (isinstance(n, cst.Call) and does(facts, n, "concat"))
                              for n in (operand, *descendants(operand))):
        return None
    return operand


def _returns_readout(facts: Facts, forward: cst.FunctionDef) -> bool:
    """Whether every ``return`` of ``forward`` is a reduction of its first input (divided by a
    count, as a masked mean is): the module summarises its input and holds no layer."""
    params = [spelling(p.name) for p in _parameters(forward.params)][1:]
    returns = [n for n in descendants(forward) if isinstance(n, cst.Return)]
    if not params or not returns or any(  # `torch.sum(self.lin(x), 1)` applies a layer of its own
            isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and is_receiver(n.func.value)
            for n in descendants(forward)):
        return False
    for ret in returns:
        value = ret.value
        if isinstance(value, cst.BinaryOperation) and isinstance(value.operator, cst.Divide):
            value = value.left
        operand = _reduced_operand(facts, value) if isinstance(value, cst.Call) else None
        if operand is None or params[0] not in names_in(operand):
            return False
    return True


# Methods that change a container's items in place (appends are followed, these are not).
_ITEMS_CHANGED = ("insert", "pop", "remove", "clear", "reverse", "sort", "__setitem__", "__delitem__")


def _items_changed(small: cst.BaseSmallStatement) -> list[str]:
    """The names whose items ``small`` writes or deletes (``h[-1] = nn.Identity()``, ``del h[-1]``,
    ``h.pop()``): a container they hold is no longer the one that was built."""
    targets: list[cst.BaseExpression]
    if isinstance(small, cst.Assign):
        targets = [t.target for t in small.targets]
    elif isinstance(small, (cst.AnnAssign, cst.AugAssign, cst.Del)):
        targets = [small.target]
    elif isinstance(small, cst.Expr) and isinstance(small.value, cst.Call) \
            and isinstance(small.value.func, cst.Attribute) and small.value.func.attr.value in _ITEMS_CHANGED:
        return [n for n in [dotted_name(small.value.func.value)] if n is not None]
    else:
        return []
    return [n for t in targets for item in _unpacked(t) if isinstance(item, cst.Subscript)
            for n in [dotted_name(item.value)] if n is not None]


def _unpacked(target: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The single targets of a (nested) tuple or list target."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return [t for e in target.elements for t in _unpacked(e.value)]
    return [target]


def _target_names(target: cst.BaseExpression) -> list[str]:
    return [n for t in _unpacked(target) for n in [dotted_name(t)] if n is not None]


def _parameters(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    yield from params.kwonly_params


def _functions(module: cst.Module) -> Iterator[tuple[cst.FunctionDef, str | None]]:
    """Every function and method of the module, with the name of its class (top-level classes)."""
    def walk(body: Sequence[cst.CSTNode], owner: str | None) -> Iterator[tuple[cst.FunctionDef, str | None]]:
        for statement in body:
            if isinstance(statement, cst.FunctionDef):
                yield statement, owner
                if isinstance(statement.body, cst.IndentedBlock):
                    yield from walk(statement.body.body, None)
            elif isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
                yield from walk(statement.body.body, statement.name.value if owner is None else None)
            elif isinstance(statement, (cst.If, cst.With, cst.Try, cst.For, cst.While)):
                yield from walk(statement.body.body, owner)
    yield from walk(module.body, None)


def model_index(rule: Rule) -> ModelIndex:
    """The file's index, built once and shared by the architecture rules."""
    context = rule.context
    return context.shared("models", lambda: ModelIndex(context.module, context.facts, context.line, context.path,
                                                       GraphFacts.of(context)))


# -- the output of a model -----------------------------------------------------------------------

RECTIFIERS = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "elu": "ELU"}
# Methods that keep their receiver's values in another shape, dtype, place or copy.
_VIEWS = ops.methods_of("reshape", "transpose", "cast", "device", "copy")


def _selects_first_operand(qualified: str | None) -> bool:
    """Whether a library function selects or reshapes the rows of its first argument: the values
    (and their signs) are those of that argument (``tf.gather(logits, idx)`` is ``logits[idx]``)."""
    kinds = ops.of_function(qualified)
    return bool(kinds & {"select", "lookup", "reshape", "transpose"}) \
        and not kinds & {"with-indices", "indices-first"}


@dataclasses.dataclass
class Output:
    """A rectifier applied to what a model returns."""

    node: cst.CSTNode  # the activation call, the `activation=` value, or the container's last element
    act: str
    where: str  # "the output returned by `forward`", ...


@dataclasses.dataclass
class Plain:
    """What a model returns is provably the output of a layer without an activation (a linear
    read-out): known to carry none, unlike an output whose last operation the code does not show."""

    node: cst.CSTNode  # the layer's call, or the container's last element
    where: str


# What the analysis concludes about a model's output: an activation on it, provably none, or not
# known (None).
Resolution = Output | Plain | None
OutputState = Literal["activation", "none", "unknown"]


class _AnyActivation:
    """Every activation, for a question about a model's output that is not about one kind."""

    def __contains__(self, act: object) -> bool:
        return isinstance(act, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


ANY_ACTIVATION: Collection[str] = _AnyActivation()


def output_state(found: Resolution) -> OutputState:
    """The tri-state of a resolution: activation known / provably none / unknown."""
    return "activation" if isinstance(found, Output) else "none" if isinstance(found, Plain) else "unknown"


def _only_output(found: Resolution) -> Output | None:
    return found if isinstance(found, Output) else None


# Layers that compute an affine (or otherwise activation-free) map when built without one.
_PLAIN_KINDS = frozenset({"conv", "dense", "layer", "norm"})


def unwrap_views(expr: cst.BaseExpression, facts: Facts) -> cst.BaseExpression:
    """``out[mask].squeeze(-1)`` -> ``out``: indexing and reshaping keep the values."""
    while True:
        if isinstance(expr, cst.Subscript):
            expr = expr.value
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
                and expr.func.attr.value in _VIEWS and facts.qualified_name(expr.func) is None:
            expr = expr.func.value
        elif isinstance(expr, cst.Call) and _selects_first_operand(facts.qualified_name(expr.func)) \
                and argument(expr, 0, None) is not None:
            expr = argument(expr, 0, None)  # type: ignore[assignment]
        else:
            return expr


# Reductions whose result stays within the bounds of their operand's entries: a mean or maximum
# over attention heads of ReLU (ELU) outputs is still >= 0 (>= -1).
_BOUNDED_REDUCTIONS = frozenset({"mean", "max"})


def _bound_kept(expr: cst.BaseExpression, facts: Facts) -> cst.BaseExpression:
    """``h.mean(1)``, ``torch.stack(hs).max(0)[0]``, ``out / out.norm(dim=1, keepdim=True)`` ->
    the operand whose lower bound (and sign) the result keeps, after :func:`unwrap_views`."""
    while True:
        expr = unwrap_views(expr, facts)
        if isinstance(expr, cst.Call):
            qualified = facts.qualified_name(expr.func)
            if qualified is None and isinstance(expr.func, cst.Attribute) \
                    and ops.of_method(expr.func.attr.value) & _BOUNDED_REDUCTIONS:
                expr = expr.func.value
                continue
            operand = argument(expr, 0, "input")
            if qualified is not None and ops.of_function(qualified) & _BOUNDED_REDUCTIONS and operand is not None \
                    and ops.normal_name(qualified).split(".")[0] in ("torch", "tensorflow", "numpy"):
                expr = operand
                continue
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Divide) \
                and _nonnegative(expr.right, facts):
            expr = expr.left  # dividing by a norm keeps the sign
            continue
        return expr


def _nonnegative(expr: cst.BaseExpression, facts: Facts, depth: int = 0) -> bool:
    """Whether ``expr`` is a norm, a root, an absolute value or another framework result that is
    never negative, possibly floored by a positive epsilon (``torch.max(x.norm(...), eps)``,
    ``norm.clamp(min=1e-12)``, ``norm + 1e-8``)."""
    if depth > 4:
        return False
    value = number(expr)
    if value is not None:
        return value > 0
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        return _nonnegative(expr.left, facts, depth + 1) and _nonnegative(expr.right, facts, depth + 1)
    if not isinstance(expr, cst.Call):
        return False
    qualified = facts.qualified_name(expr.func)
    if qualified is not None:
        kinds = ops.of_function(qualified)
        operands = [arg.value for arg in expr.args if arg.keyword is None or arg.keyword.value in ("input", "other")]
    elif isinstance(expr.func, cst.Attribute):
        kinds = ops.of_method(expr.func.attr.value)
        operands = [expr.func.value]
    else:
        return False
    if kinds & {"non-negative", "positive", "norm"}:
        return True
    if kinds & {"max", "maximum"}:  # the larger of a non-negative value and anything is non-negative
        return any(_nonnegative(operand, facts, depth + 1) for operand in operands)
    if kinds & {"clamp"}:
        low = argument(expr, 1 if qualified is not None else 0, "min")
        return (low is not None and _nonnegative(low, facts, depth + 1)) \
            or bool(operands) and _nonnegative(operands[0], facts, depth + 1)
    return False


def last_value(body: list[cst.BaseStatement], name: str, stop: cst.CSTNode | None) -> cst.BaseExpression | None:
    """What ``name`` holds when ``stop`` runs, if only straight-line statements of ``body`` set it."""
    return last_store(body, name, stop)[0]


def last_store(body: Sequence[cst.BaseStatement], name: str, stop: cst.CSTNode | None, unpack: bool = False
               ) -> tuple[cst.BaseExpression | None, cst.BaseStatement | None]:
    """(what ``name`` holds when ``stop`` runs, the statement of ``body`` that last stored it). The
    value is None when that statement is not a plain assignment of ``name`` (a loop, a branch,
    an unpacking; with ``unpack``, a flat unpacking gives the element: ``a, b = f()`` -> ``f()[1]``)."""
    value: cst.BaseExpression | None = None
    where: cst.BaseStatement | None = None
    for statement in body:
        if statement is stop:
            break
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(name in _target_names(t.target) for t in small.targets):
                    single = len(small.targets) == 1 and dotted_name(small.targets[0].target) == name
                    value, where = (small.value if single else None), statement
                    if unpack and len(small.targets) == 1:
                        value = unpacked(small.targets[0].target, small.value, name) or value
                elif isinstance(small, (cst.AugAssign, cst.AnnAssign)) and name in _target_names(small.target):
                    value, where = (small.value if isinstance(small, cst.AnnAssign) else None), statement
        elif name in _stores(statement):
            value, where = None, statement
    return value, where


def unpacked(target: cst.BaseExpression, value: cst.BaseExpression, name: str) -> cst.BaseExpression | None:
    """``value[i]`` when the flat unpacking ``target = value`` stores element ``i`` in ``name``."""
    if not isinstance(target, (cst.Tuple, cst.List)):
        return None
    spelled = [dotted_name(e.value) if isinstance(e, cst.Element) else None for e in target.elements]
    if spelled.count(name) != 1:
        return None
    return element_of(value, spelled.index(name))


def element_of(value: cst.BaseExpression, position: int) -> cst.Subscript:
    return cst.Subscript(value, [cst.SubscriptElement(cst.Index(cst.Integer(str(position))))])


def constant_element(expr: cst.BaseExpression) -> tuple[cst.BaseExpression, int] | None:
    """``value[2]`` -> (value, 2): one element of what ``value`` holds (of a returned tuple)."""
    if isinstance(expr, cst.Subscript) and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
        index = expr.slice[0].slice.value
        if isinstance(index, cst.Integer) and index.evaluated_value >= 0:
            return expr.value, index.evaluated_value
    return None


def _straight_loop(statement: cst.BaseStatement | None) -> cst.For | None:
    """A ``for`` loop whose body runs to its end on every pass: what its last pass leaves is what
    follows the loop (no ``break``/``continue`` skips the end of a pass, no ``else`` runs after)."""
    if not isinstance(statement, cst.For) or statement.orelse is not None \
            or not isinstance(statement.body, cst.IndentedBlock):
        return None
    nested = (cst.FunctionDef, cst.ClassDef, cst.Lambda)
    if any(isinstance(node, (cst.Break, cst.Continue, cst.Return, cst.Raise))
           for node in descendants(statement.body, prune=lambda n: type(n) in nested)):
        return None
    return statement


def _flag(statement: cst.BaseStatement | None, loop: cst.For) -> cst.BaseExpression | None:
    """The test of ``if flag:`` (no ``else``) in the body of ``loop``, when ``flag`` is the same on
    every pass (it reads no name the loop stores, and calls nothing): whenever that body runs on
    one pass it runs on the last one too. A test that reads the loop variable (``if i < n - 1``)
    may skip the last pass, so it is not known."""
    if not isinstance(statement, cst.If) or statement.orelse is not None \
            or not isinstance(statement.body, cst.IndentedBlock):
        return None
    test = statement.test
    if any(isinstance(node, cst.Call) for node in descendants(test)):
        return None
    varying = set(_target_names(loop.target)) | _stores(loop.body)
    return None if names_in(test) & varying else test


def _skips_last_pass(statement: cst.BaseStatement | None, loop: cst.For) -> bool:
    """Whether ``statement`` is an ``if`` (no ``else``) that the last pass of ``loop`` skips:
    ``for i, conv in enumerate(convs): ... if i < len(convs) - 1:`` (or ``i != len(convs) - 1``,
    ``for i in range(n): ... if i < n - 1:``)."""
    if not isinstance(statement, cst.If) or statement.orelse is not None:
        return False
    test = statement.test
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    if not isinstance(target.operator, (cst.LessThan, cst.NotEqual)):
        return False
    last = target.comparator
    if not (isinstance(last, cst.BinaryOperation) and isinstance(last.operator, cst.Subtract)
            and number(last.right) == 1):
        return False
    counter, bound = _counter(loop)
    if counter is None or bound is None or dotted_name(test.left) != counter or counter in _stores(loop.body):
        return False
    return _code(last.left) == _code(bound)


def _counter(loop: cst.For) -> tuple[str | None, cst.BaseExpression | None]:
    """(the loop's pass counter, how many passes it makes): ``for i, x in enumerate(xs)`` ->
    (i, ``len(xs)``); ``for i in range(n)`` -> (i, ``n``)."""
    iterable = loop.iter
    if not isinstance(iterable, cst.Call) or not iterable.args or iterable.args[0].keyword is not None:
        return None, None
    callee = dotted_name(iterable.func)
    if callee == "range" and len(iterable.args) == 1 and isinstance(loop.target, cst.Name):
        return loop.target.value, iterable.args[0].value
    if callee == "enumerate" and len(iterable.args) == 1 and isinstance(loop.target, cst.Tuple) \
            and loop.target.elements and isinstance(loop.target.elements[0].value, cst.Name):
        length = cst.Call(cst.Name("len"), [cst.Arg(iterable.args[0].value)])
        return loop.target.elements[0].value.value, length
    return None, None


def _stores(node: cst.CSTNode) -> set[str]:
    found: set[str] = set()
    for inner in descendants(node):
        if isinstance(inner, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For)):
            found.update(_target_names(inner.target))
    return found


def container_output(container: Layer, through: str | None = None, acts: Collection[str] = RECTIFIERS
                     ) -> Output | None:
    """The rectifier on the container's output; with ``through`` (the squashing a loss expects,
    ``softmax`` before a crossentropy on probabilities), the rectifier on that squashing's input."""
    return _only_output(container_resolution(container, through, acts))


def container_resolution(container: Layer, through: str | None = None, acts: Collection[str] = RECTIFIERS
                         ) -> Resolution:
    """:func:`container_output`, or :class:`Plain` when the last element is a layer built without
    an activation."""
    elements = [e for e in container.elements or [] if e.kind != "dropout"]
    where = f"the last layer of the `{container.label}`"
    if through is not None:
        if not elements or elements[-1].kind != "act" or elements[-1].act != through:
            return None
        elements = [e for e in elements[:-1] if e.kind != "dropout"]
        where = f"the layer of the `{container.label}` before its {through}"
    if not elements:
        return None
    last = elements[-1]
    if last.act is not None and last.act in acts and (last.kind == "act" or last.trainable):
        return Output(last.act_node or last.node, last.act, where)
    if last.act is None and last.kind in _PLAIN_KINDS:
        return Plain(last.node, where)
    return None


def expression_output(index: ModelIndex, function: cst.FunctionDef | None, cls: ClassModel | None,
                      body: list[cst.BaseStatement], expr: cst.BaseExpression, stop: cst.CSTNode | None,
                      where: str, through: str | None = None, acts: Collection[str] = RECTIFIERS,
                      on_path: frozenset[int] | None = None) -> Output | None:
    """The rectifier (or other activation of ``acts``) that ``expr`` (evaluated at ``stop``) is the
    result of, if any: :func:`expression_resolution` without its other conclusions."""
    return _only_output(expression_resolution(index, function, cls, body, expr, stop, where, through, acts, on_path))


def expression_resolution(index: ModelIndex, function: cst.FunctionDef | None, cls: ClassModel | None,
                          body: list[cst.BaseStatement], expr: cst.BaseExpression, stop: cst.CSTNode | None,
                          where: str, through: str | None = None, acts: Collection[str] = RECTIFIERS,
                          on_path: frozenset[int] | None = None) -> Resolution:
    """The rectifier (or other activation of ``acts``) that ``expr`` (evaluated at ``stop``) is the
    result of, :class:`Plain` when it is the result of a layer without one, None when not known; with
    ``through``, the rectifier that the squashing ``expr`` is the result of was applied to.

    The value is followed back through plain assignments, through dropout (which keeps the sign),
    and into a layer loop that last stored it: what the last pass of the loop computed is what
    the loop leaves behind."""
    events = index.events(function, cls, body)
    block: Sequence[cst.BaseStatement] = body
    loop: cst.For | None = None
    when = ""  # the flag an activation in the loop depends on
    event = None
    for _ in range(8):
        expr = _bound_kept(expr, index.facts)
        name = dotted_name(expr)
        if name is not None and not name.startswith("self."):
            value, store = last_store(block, name, stop)
            if value is None and loop is None and _straight_loop(store) is not None:
                loop = cast(cst.For, store)
                block = list(cast(cst.IndentedBlock, loop.body).body)
                value, store = last_store(block, name, None)
                flag = _flag(store, loop)
                if value is None and flag is not None:
                    block = list(cast(cst.IndentedBlock, cast(cst.If, store).body).body)
                    value, store = last_store(block, name, None)
                    when = f", when `{index.module.code_for_node(flag).strip()}` holds"
                elif value is None and _skips_last_pass(store, loop):
                    value, store = last_store(block, name, store)  # what the last pass stored before it
            if value is None and loop is None and through is None:
                element = last_store(block, name, stop, unpack=True)[0]
                found = _submodel_element(index, events, element, where, acts)
                if found is not None:
                    return found
            if value is None:
                return None
            expr, stop = value, store
            continue
        event = next((e for e in events if e.node is expr), None)
        if event is None or event.kind != "pass" or not isinstance(expr, cst.Call):
            break
        source = argument(expr, 0, "input") or argument(expr, 0, "x") or argument(expr, 0, "inputs")
        if source is None:
            return None
        expr = source  # dropout keeps the sign of what it drops from
    if event is None:
        return _delegated_resolution(index, cls, expr, where, through, acts) if loop is None else None
    if loop is not None:
        if not _last_pass(event, loop, cls):
            return None
        where = f"{where}, from the last pass of the loop over `{index.module.code_for_node(loop.iter).strip()}`{when}"
    elif not event.top_level and (on_path is None or id(event.node) not in on_path):
        return None
    if through is not None:
        if event.kind == "act" and event.act == through and isinstance(event.node, cst.Call):
            source = first_input(event.node)
            return expression_output(index, function, cls, list(block), source, stop,
                                     f"the input of the {through} in {where}",
                                     on_path=on_path) if source is not None else None
        if event.kind == "apply" and event.layer is not None and event.layer.kind == "seq":
            found = container_output(event.layer, through)
            if found is not None:
                found.where = f"{where}, through {found.where}"
            return found
        return None
    if event.kind == "act" and event.act is not None and event.act in acts:
        return Output(event.node, event.act, where)
    if event.kind == "apply" and event.act is not None and event.act in acts and event.act_node is not None:
        last = _last_built(event, loop, cls) if loop is not None else None
        return Output(last.act_node if last is not None and last.act_node is not None else event.act_node,
                      event.act, where)
    if event.kind == "apply" and event.layer is not None and event.layer.kind == "seq":
        inside = container_resolution(event.layer, None, acts)
        if inside is not None:
            inside.where = f"{where}, through {inside.where}"
        return inside
    if event.kind == "apply" and event.layer is not None and event.layer.kind == "user":
        return _submodel_output(index, event.layer, where, acts, call=event.node)
    if event.kind == "apply" and event.act is None and event.layer is not None and event.layer.act is None \
            and event.layer.kind in _PLAIN_KINDS:
        return Plain(event.node, where)
    return None


_DELEGATING: set[int] = set()  # the classes whose output is being followed (a class that calls itself)


def _submodel_output(index: ModelIndex, layer: Layer, where: str, acts: Collection[str] = RECTIFIERS,
                     element: int | None = None, call: cst.CSTNode | None = None) -> Resolution:
    """The output of a model class of this file that the model returns as its own (``return self.mlp(h)``);
    with ``element``, that element of the tuple it returns (``out, mask = self.head(h)``). ``call``
    is the call that runs it: the arguments it passes (or leaves to their defaults) pick its arms."""
    inner = index.built_class(layer.node) if isinstance(layer.node, cst.Call) else index.classes.get(layer.label)
    if inner is None or id(inner) in _DELEGATING or len(_DELEGATING) > 3:
        return None
    _DELEGATING.add(id(inner))
    try:
        found = class_resolution(index, inner, element=element, acts=acts,
                                 call=call if isinstance(call, cst.Call) else None)
    finally:
        _DELEGATING.discard(id(inner))
    if found is not None:
        found.where = f"{where}, as returned by `{layer.label}`"
    return found


def layer_class_activation(index: ModelIndex, layer: Layer | None, acts: Collection[str],
                           call: cst.CSTNode | None = None, element: int | None = None
                           ) -> tuple[Output, Event] | None:
    """The activation in ``acts`` that a layer class of this file applies to its own layer's result
    before returning it (``return torch.tanh(self.lin(x))``), for an instance ``layer`` of it (run
    by ``call``, whose arguments pick ``forward``'s arms): the activation (where ``forward``
    applies it) and its event there. None when the class's output is not known to end in one, or
    the activation does not follow a layer of the class (an activation-only module), or it scales
    another value there (a gate). With ``element``, the activation on that element of the tuple the
    class returns (``return torch.tanh(h), adj``)."""
    if layer is None or layer.kind != "user" or layer.act is not None:
        return None
    inner = index.built_class(layer.node) if isinstance(layer.node, cst.Call) else index.classes.get(layer.label)
    forward = inner.forward if inner is not None else None
    if inner is None or forward is None or not isinstance(forward.body, cst.IndentedBlock):
        return None
    found = _only_output(_submodel_output(index, layer, "", acts, element, call))
    # Only an activation on every output: one return, the activation not under a condition (an
    # arm picked by an option the instance was built with may be another one's).
    if found is None or len(list(_return_paths(list(forward.body.body)))) != 1:
        return None
    for applied in index.events(forward, inner, list(forward.body.body)):
        if found.node is not applied.node and found.node is not applied.act_node:
            continue
        follows_layer = applied.after_layer if applied.kind == "act" else \
            applied.kind == "apply" and applied.layer is not None and applied.layer.trainable
        return (found, applied) if follows_layer and applied.top_level and not applied.gated else None
    return None


def _submodel_element(index: ModelIndex, events: list[Event], expr: cst.BaseExpression | None, where: str,
                      acts: Collection[str]) -> Resolution:
    """The resolution of ``call(...)[i]`` where ``call`` runs a model class of this file: element
    ``i`` of the tuple that class returns (None when ``expr`` is not such an element)."""
    element = constant_element(expr) if expr is not None else None
    if element is None:
        return None
    call, position = element
    event = next((e for e in events if e.node is call), None)
    if event is None or event.kind != "apply" or event.layer is None or event.layer.kind != "user":
        return None
    return _submodel_output(index, event.layer, where, acts, position, call)


def _delegated_resolution(index: ModelIndex, cls: ClassModel | None, expr: cst.BaseExpression, where: str,
                          through: str | None, acts: Collection[str] = RECTIFIERS) -> Resolution:
    """What another method of the class returns, when a method returns its result
    (``return self.forward(x)`` in ``predict``, ``return self(x)``, ``return self.decode(z)``)."""
    if cls is None or not isinstance(expr, cst.Call):
        return None
    func = expr.func
    if dotted_name(func) == "self":
        method = cls.forward
    elif isinstance(func, cst.Attribute) and dotted_name(func.value) == "self":
        method = cls.methods.get(func.attr.value)
    else:
        return None
    if method is None or id(method) in _DELEGATING or len(_DELEGATING) > 3:
        return None
    _DELEGATING.add(id(method))
    try:
        found = class_resolution(index, cls, through, None, method, acts)
    finally:
        _DELEGATING.discard(id(method))
    if found is not None:
        found.where = f"{where}, as returned by `{method.name.value}`"
    return found


def _last_pass(event: Event, loop: cst.For, cls: ClassModel | None = None) -> bool:
    """Whether the activation of ``event``, stored last in the body of ``loop``, is the same on
    every pass and follows a layer: then the last pass applies it to the last layer's output. An
    activation picked by the loop variable (``acts[i]``, ``zip(layers, acts)``) may differ on the
    last pass (an identity there), so it is not known."""
    if event.kind == "act" and not event.after_layer:
        return False
    loop_names = set(_target_names(loop.target))
    node = event.node
    callee = node.func if isinstance(node, cst.Call) else None
    return callee is None or not (names_in(callee) & loop_names) or _last_built(event, loop, cls) is not None


def _last_built(event: Event, loop: cst.For, cls: ClassModel | None) -> Layer | None:
    """The last layer put in the list the loop runs over (``for conv in self.convs``,
    ``enumerate(...)``), when the layers were all built with the activation of ``event``: then the
    last one applies it too."""
    if event.kind != "apply" or event.act is None or cls is None:
        return None
    iterable = loop.iter
    if isinstance(iterable, cst.Call) and dotted_name(iterable.func) == "enumerate" and len(iterable.args) == 1:
        iterable = iterable.args[0].value
    layers = cls.env.get(dotted_name(iterable) or "")
    if not isinstance(layers, Layer) or layers.kind != "list" or not layers.templates:
        return None
    built = [t for t in layers.templates if t.kind != "dropout"]
    return built[-1] if built and all(t.act == event.act for t in built) else None


def returned_tuple(cls: ClassModel, method: cst.FunctionDef | None = None) -> int:
    """How many elements the tuple that ``forward``/``call`` (or ``method``) returns has (0: not a
    literal tuple)."""
    value = _returned(method or cls.forward)
    return len(value.elements) if isinstance(value, cst.Tuple) else 0


def _returned(function: cst.FunctionDef | None) -> cst.BaseExpression | None:
    if function is None or not isinstance(function.body, cst.IndentedBlock):
        return None
    for statement in function.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Return):
                    return small.value
    return None


def class_output(index: ModelIndex, cls: ClassModel, through: str | None = None,
                 element: int | None = None, method: cst.FunctionDef | None = None,
                 acts: Collection[str] = RECTIFIERS) -> Output | None:
    """The rectifier on what ``forward``/``call`` returns, if the code shows one; with ``element``,
    on that element of the tuple it returns (an element of a tensor keeps its sign); with
    ``method``, on what that other method of the class returns (``model.decode(z)``: it runs on
    the same layers as ``forward``)."""
    return _only_output(class_resolution(index, cls, through, element, method, acts))


def class_resolution(index: ModelIndex, cls: ClassModel, through: str | None = None,
                     element: int | None = None, method: cst.FunctionDef | None = None,
                     acts: Collection[str] = RECTIFIERS, call: cst.Call | None = None) -> Resolution:
    """:func:`class_output`, or :class:`Plain` when every return the output may come from is the
    result of a layer without an activation. With ``call`` (the call that runs the method), an
    ``if`` on its parameters runs the arm that the values the call passes, or the defaults it
    leaves them at, pick."""
    function = method or cls.forward
    if function is None or not isinstance(function.body, cst.IndentedBlock):
        return None
    body = list(function.body.body)
    index.events(function, cls, body)  # replayed from the whole body, not from one return's path
    # The output may end in an activation if the value of any return does (the loss then sees it
    # whenever that arm runs); the first such arm is reported, with the condition it runs under.
    options = {param.name.value for param in _parameters(function.params)}
    # A parameter the method stores to is not what the call gave it.
    stored = _stores(function.body) if call is not None else set()
    flags = {k: v for k, v in _call_flags(function, call).items() if k not in stored} if call is not None else {}
    decide = (lambda test: value_test_holds(test, lambda expr: _flag_value(expr, flags))) if flags else None
    plain: list[Resolution] = []
    for path, stop, value, when, tests in _return_paths(body, decide=decide):
        # An arm picked by a parameter of the method is a call-time option (`if return_hidden:
        # return h`) that the caller feeding the loss need not set: not followed.
        if value is None or any(names_in(test) & options for test in tests):
            continue
        where = f"the output returned by `{function.name.value}`"
        if element is not None and isinstance(value, cst.Tuple):
            if element >= len(value.elements) or not isinstance(value.elements[element], cst.Element):
                continue
            value = value.elements[element].value
            where = f"element {element} of the tuple returned by `{function.name.value}`"
        found = expression_resolution(index, function, cls, path, value, stop, where + when, through, acts,
                                      on_path=_path_nodes(path) if when else None)
        if isinstance(found, Output):
            return found
        plain.append(found)
    # Provably without an activation only when every return followed is.
    return plain[0] if plain and all(isinstance(found, Plain) for found in plain) else None


def _return_paths(body: Sequence[cst.BaseStatement], before: Sequence[cst.BaseStatement] = (), when: str = "",
                  depth: int = 0, tests: tuple[cst.BaseExpression, ...] = (),
                  decide: Callable[[cst.BaseExpression], bool | None] | None = None
                  ) -> Iterator[tuple[list[cst.BaseStatement], cst.BaseStatement, cst.BaseExpression | None, str,
                                      tuple[cst.BaseExpression, ...]]]:
    """Each ``return`` that ends a straight run of statements through ``if``/``elif``/``else`` arms:
    (the statements that run before it, in order, as one block; its statement; its value; the arm's
    condition, for messages; the tests that pick its arms). An ``if`` chain whose tests ``decide``
    settles runs only the arm it picks, whether that arm returns or stores (its statements join
    the path). Returns inside loops, ``with`` or ``try`` blocks are not followed."""
    path = list(before)
    for position, statement in enumerate(body):
        decided = _decided_arm(statement, decide) if decide is not None and depth < 3 else None
        if decided is not None:
            taken, condition = decided
            rest = [*taken, *body[position + 1:]]
            yield from _return_paths(rest, path, when or condition, depth + 1, tests, decide)
            return
        if isinstance(statement, cst.SimpleStatementLine):
            path.append(statement)
            returned = next((small for small in statement.body if isinstance(small, cst.Return)), None)
            if returned is not None:
                yield path, statement, returned.value, when, tests
                return
        elif isinstance(statement, cst.If) and depth < 3:
            arms: list[tuple[Sequence[cst.BaseStatement], str]] = []
            arm: cst.If | cst.Else | None = statement
            picked: list[cst.BaseExpression] = []
            while isinstance(arm, cst.If):
                test = _code(arm.test)
                picked.append(arm.test)
                arms.append((_suite(arm.body), f", when `{test}` holds"))
                arm = arm.orelse
                if arm is None:
                    arms.append(([], ""))  # no else: the statements after the `if` run
                elif isinstance(arm, cst.Else):
                    arms.append((_suite(arm.body), f", when `{test}` does not hold"))
            ended = True
            for statements, condition in arms:
                yield from _return_paths(statements, path, when or condition, depth + 1, tests + tuple(picked),
                                         decide)
                ended = ended and bool(statements) and _ends_in_return(statements)
            if ended:
                return
            path.append(statement)
        else:
            path.append(statement)


def _suite(block: cst.BaseSuite) -> list[cst.BaseStatement]:
    """The statements of an arm; a one-line arm (``if flag: return h``) as one statement line."""
    if isinstance(block, cst.IndentedBlock):
        return list(block.body)
    return [cst.SimpleStatementLine(list(cast(cst.SimpleStatementSuite, block).body))]


def _ends_in_return(statements: Sequence[cst.BaseStatement]) -> bool:
    last = statements[-1]
    if isinstance(last, cst.SimpleStatementLine):
        return any(isinstance(small, (cst.Return, cst.Raise)) for small in last.body)
    return False


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node).strip()


def _path_nodes(path: Sequence[cst.BaseStatement]) -> frozenset[int]:
    """The nodes of the simple statements of ``path``: they run once each when its return does."""
    return frozenset(id(node) for statement in path if isinstance(statement, cst.SimpleStatementLine)
                     for node in descendants(statement))


def _has_default(function: cst.FunctionDef, name: str) -> bool:
    return any(p.name.value == name and p.default is not None for p in _parameters(function.params))


def _decided_arm(statement: cst.BaseStatement, decide: Callable[[cst.BaseExpression], bool | None]
                 ) -> tuple[list[cst.BaseStatement], str] | None:
    """(the statements of the arm of an ``if``/``elif``/``else`` chain that ``decide`` picks, its
    condition for messages); None when a test is undecided or ``statement`` is not an ``if``."""
    arm: cst.If | cst.Else | None = statement if isinstance(statement, cst.If) else None
    if arm is None:
        return None
    condition = ""
    while isinstance(arm, cst.If):
        taken = decide(arm.test)
        if taken is None:
            return None
        condition = f", when `{_code(arm.test)}` {'holds' if taken else 'does not hold'}"
        if taken:
            return _suite(arm.body), condition
        arm = arm.orelse
    return (_suite(arm.body) if arm is not None else []), condition


def _call_flags(function: cst.FunctionDef, call: cst.Call) -> dict[str, object]:
    """The literal values ``call`` gives the parameters of the method ``function`` it runs (past
    ``self``): a literal it passes, or the literal default of a parameter it leaves out. A
    parameter it passes anything else is not known; nothing is when it spreads ``*args``/``**kw``."""
    if any(a.star for a in call.args):
        return {}
    params = [*function.params.posonly_params, *function.params.params][1:]
    passed: dict[str, cst.BaseExpression] = {}
    for param, arg in zip(params, [a for a in call.args if a.keyword is None]):
        passed[param.name.value] = arg.value
    passed.update((a.keyword.value, a.value) for a in call.args if a.keyword is not None)
    flags: dict[str, object] = {}
    for param in (*params, *function.params.kwonly_params):
        given = passed.get(param.name.value, param.default)
        value = literal(given) if given is not None else UNKNOWN
        if value is not UNKNOWN:
            flags[param.name.value] = value
    return flags


def _flag_value(expr: cst.BaseExpression, flags: dict[str, object]) -> object:
    """What a parameter of known literal value, or a literal, holds (see :func:`_call_flags`)."""
    if isinstance(expr, cst.Name) and expr.value in flags:
        return flags[expr.value]
    return literal(expr)
