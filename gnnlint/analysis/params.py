"""What the initialization rules (GNN2xx) share: is this expression a trainable weight, what role
it has (a matrix multiplied into inputs, a bias or scale vector, an embedding table, a kernel's
centre or width) and how it is drawn. Roles follow from how a parameter was allocated, how its
class uses it and what the framework's modules do with theirs, never from its name. No rules
live here."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeGuard

import libcst as cst

from gnnlint.cst_walk import children, descendants
from gnnlint.analysis import ops
from gnnlint.analysis.scopes import TENSORFLOW_ROOTS, Facts, argument, dotted_name, fold, number
from gnnlint.analysis.scopes import is_receiver
from gnnlint.analysis.graph import GraphFacts
from gnnlint.rule import Rule

PARAMETER = frozenset({"torch.nn.Parameter", "torch.nn.parameter.Parameter", "torch_geometric.nn.parameter.Parameter"})
TF_VARIABLE = frozenset({"tensorflow.Variable"})
# What torch.nn calls the parameters of every module it defines: `bias` is added to the output,
# `weight` multiplies the input unless the module's class says otherwise (the table below).
MODULE_PARAMETERS = {"weight": "kernel", "bias": "vector"}


def is_parameter(facts: Facts, expr: cst.BaseExpression, uses: ParameterUses | None = None) -> bool:
    """A trainable tensor, by how it was made: a name or attribute bound to ``nn.Parameter``,
    ``tf.Variable`` or ``add_weight`` (also through ``w = self.w`` or ``w, b = self.w, self.b``),
    the variable of ``for p in model.parameters()``, or a sub-module's ``.weight``/``.bias``."""
    if isinstance(expr, cst.Attribute) and expr.attr.value == "data":
        return is_parameter(facts, expr.value, uses)
    spelled = dotted_name(expr)
    if spelled is None:
        return False
    for value in declarations(facts, uses, spelled):
        if _makes_parameter(facts, value) or value is not expr and dotted_name(value) not in (None, spelled) \
                and _is_module_parameter(dotted_name(value)):
            return True
    if isinstance(expr, cst.Name):
        return any(_is_parameter_source(facts, b.value, b.kind) for b in facts.bindings(expr.value))
    return _is_module_parameter(spelled)


def _is_module_parameter(spelled: str | None) -> bool:
    """``self.lin.weight``, ``m.bias``: a parameter a module registered (not ``self.weight``, which
    is this class's own attribute, known only from its declaration)."""
    if spelled is None:
        return False
    owner, _, attribute = spelled.rpartition(".")
    return bool(owner) and owner != "self" and attribute in MODULE_PARAMETERS


def _rewraps_itself(facts: Facts, targets: Sequence[cst.BaseExpression], value: cst.BaseExpression) -> bool:
    """``self.w = tf.Variable(self.w)``, ``self.w = nn.Parameter(self.w)``: the attribute's own
    values made trainable, not set again; the draw stored before is still the initialisation."""
    if len(targets) != 1 or not _makes_parameter(facts, value):
        return False
    name = dotted_name(targets[0])
    held = argument(value, 0, "initial_value") or argument(value, 0, "data") if isinstance(value, cst.Call) else None
    return name is not None and held is not None and dotted_name(held) == name


def _makes_parameter(facts: Facts, value: cst.BaseExpression) -> bool:
    if not isinstance(value, cst.Call):
        return False
    return facts.call_name(value) in PARAMETER | TF_VARIABLE or (
        isinstance(value.func, cst.Attribute) and value.func.attr.value == "add_weight")


def declarations(facts: Facts, uses: ParameterUses | None, spelled: str) -> list[cst.BaseExpression]:
    """What ``spelled`` was bound to: the bindings visible here, and for ``self.<attr>`` every
    store to it in the class (``__init__`` may come after the method being walked)."""
    found = list(facts.values(spelled))
    if uses is not None and spelled.startswith("self.") and spelled.count(".") == 1:
        found += [v for v in uses.declared(facts.current_class, spelled) if all(v is not f for f in found)]
    container = looped_container(facts, spelled)
    if uses is not None and container is not None:
        found += uses.elements.get((facts.current_class or "", container), [])
    return found


def looped_container(facts: Facts, spelled: str) -> str | None:
    """The container on self that the name ``spelled`` is only ever the loop variable of
    (``for s in self.scores``), whose elements it takes in turn; else None."""
    if "." in spelled:
        return None
    bindings = facts.bindings(spelled)
    containers = {dotted_name(b.value) if b.kind == "for" and b.value is not None else None for b in bindings}
    container = containers.pop() if len(containers) == 1 else None
    return container if container is not None and container.startswith("self.") and container.count(".") == 1 \
        else None


def _is_parameter_source(facts: Facts, value: cst.BaseExpression | None, kind: str) -> bool:
    if not isinstance(value, cst.Call):
        return False
    if kind in ("for", "for-unpack"):
        # for p in model.parameters() / for name, p in model.named_parameters()
        return isinstance(value.func, cst.Attribute) and value.func.attr.value in ("parameters", "named_parameters")
    return facts.call_name(value) in PARAMETER


def clearly_not_parameter(facts: Facts, expr: cst.BaseExpression) -> bool:
    """Data, by how it was made: a tensor made by a torch factory never wrapped in ``Parameter``."""
    if isinstance(expr, cst.Name):
        values = facts.values(expr.value)
        return bool(values) and all(
            isinstance(v, cst.Call) and (facts.call_name(v) or "").startswith("torch.")
            and facts.call_name(v) not in PARAMETER for v in values)
    return False


EMBEDDING_TABLES = frozenset({"torch.nn.Embedding", "torch.nn.EmbeddingBag", "torch.nn.modules.sparse.Embedding",
                              "torch.nn.modules.sparse.EmbeddingBag"})


# Modules whose `weight` multiplies no input: PReLU's is a per-channel slope (0.25 is its default).
NOT_A_KERNEL_OWNER = frozenset({"torch.nn.PReLU", "torch.nn.modules.activation.PReLU"})


def owner_classes(facts: Facts, spelled: str | None) -> set[str]:
    """The classes the module owning ``<module>.weight(.data)`` was built from: ``self.emb =
    nn.Embedding(...)``, or each element of the list a loop variable runs over (``for m in
    self.acts`` with ``self.acts = nn.ModuleList([nn.PReLU(), ...])``). Empty when not known."""
    if spelled is None:
        return set()
    owner, _, attribute = spelled.removesuffix(".data").rpartition(".")
    if attribute not in MODULE_PARAMETERS or not owner:
        return set()
    found: set[str] = set()
    for binding in facts.bindings(owner)[-1:]:  # the binding in effect here
        values: Sequence[cst.BaseExpression | None] = [binding.value] if binding.kind == "assign" else []
        if binding.kind == "for" and binding.value is not None:
            iterated = dotted_name(binding.value)
            values = _list_elements(facts.values(iterated)[-1]) if iterated and facts.values(iterated) else []
        for value in values:
            name = facts.call_name(value) if isinstance(value, cst.Call) else None
            if name is None:
                return set()  # one element not known: the owner is not known
            found.add(name)
    return found


# Framework modules whose parameters all scale or shift features channel by channel.
NORM_LAYERS = frozenset({
    f"torch.nn.{name}" for name in ("BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "LayerNorm", "GroupNorm",
                                    "InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d", "SyncBatchNorm",
                                    "LazyBatchNorm1d", "RMSNorm")} | {
    f"torch_geometric.nn.{name}" for name in ("BatchNorm", "LayerNorm", "GraphNorm", "InstanceNorm", "MessageNorm",
                                              "DiffGroupNorm", "HeteroBatchNorm", "HeteroLayerNorm")} | {
    f"torch_geometric.nn.norm.{name}" for name in ("BatchNorm", "LayerNorm", "GraphNorm", "InstanceNorm")})


def module_parameter_role(classes: set[str], attribute: str) -> str | None:
    """What ``<module>.<attribute>`` does for a module built from one of ``classes``: "table" (an
    embedding's rows), "vector" (a bias, a norm layer's scale or shift, a PReLU slope), "kernel"
    (a weight multiplied into the input); None when the classes disagree or say nothing."""
    roles = set()
    for cls in classes:
        if cls in EMBEDDING_TABLES:
            roles.add("table" if attribute == "weight" else None)
        elif cls in NORM_LAYERS or cls in NOT_A_KERNEL_OWNER:
            roles.add("vector" if attribute in MODULE_PARAMETERS else None)
        else:
            roles.add(MODULE_PARAMETERS.get(attribute))
    return roles.pop() if len(roles) == 1 else None


def tested_classes(facts: Facts, tests: Sequence[cst.BaseExpression], owner: str) -> set[str]:
    """The classes an enclosing ``if isinstance(owner, C)`` / ``isinstance(owner, (C, D))`` holds
    ``owner`` to; empty when no such test encloses the walk."""
    for test in reversed(tests):
        names = _isinstance_classes(facts, test, owner)
        if names:
            return names
    return set()


def _isinstance_classes(facts: Facts, test: cst.BaseExpression, owner: str) -> set[str]:
    """``isinstance(m, C)``, ``isinstance(m, (C, D))``, ``isinstance(m, C) or isinstance(m, D)``."""
    if isinstance(test, cst.BooleanOperation) and isinstance(test.operator, cst.Or):
        left, right = _isinstance_classes(facts, test.left, owner), _isinstance_classes(facts, test.right, owner)
        return left | right if left and right else set()
    if not (isinstance(test, cst.Call) and dotted_name(test.func) == "isinstance" and len(test.args) == 2
            and dotted_name(test.args[0].value) == owner):
        return set()
    kinds = test.args[1].value
    elements = [e.value for e in kinds.elements] if isinstance(kinds, (cst.Tuple, cst.List)) else [kinds]
    names = {facts.qualified_name(e) for e in elements}
    return set() if None in names else names  # type: ignore[return-value]  # None excluded


def _dimensions(facts: Facts, value: cst.BaseExpression) -> int | None:
    """How many dimensions (other than literal 1s, which broadcast) the parameter ``value``
    makes: ``Parameter(torch.zeros(out))`` 1, ``Parameter(torch.Tensor(a, b))`` 2,
    ``tf.Variable(tf.zeros([d]))`` 1, ``self.add_weight(shape=(units,))`` 1; None when not literal."""
    if not isinstance(value, cst.Call):
        return None
    if isinstance(value.func, cst.Attribute) and value.func.attr.value == "add_weight":
        return add_weight_dimensions(value)
    if facts.call_name(value) not in PARAMETER | TF_VARIABLE:
        return None
    inner = argument(value, 0, "data") or argument(value, 0, "initial_value")
    while isinstance(inner, cst.Call):
        if (facts.call_name(inner) or "").startswith(_INITIALISERS):
            inner = argument(inner, 0, "tensor")  # nn.init.normal_(torch.empty(a, b)) returns its argument
        elif isinstance(inner.func, cst.Attribute) and inner.func.attr.value in _KEEPS_VALUES \
                and isinstance(inner.func.value, cst.Call):
            inner = inner.func.value  # torch.Tensor(a, 1).cuda(): moved or cast, the same shape
        else:
            break
    if not isinstance(inner, cst.Call) or facts.call_name(inner) is None:
        return None  # Parameter(x.clone()), Parameter(w): the shape is another value's
    return _counted(shape_of(inner))


def own_shape_number(facts: Facts, uses: ParameterUses | None, expr: cst.BaseExpression | None,
                     tensor: str, depth: int = 4) -> float | None:
    """The value of ``expr`` where it is computed from literals and the declared sizes of the
    parameter ``tensor`` itself: ``1. / math.sqrt(s.size(1))`` is 1 when every declaration of ``s``
    allocates ``(n, 1)``; the names it reads are followed to what they were last bound to. None
    when anything else (a size only known at run time, an argument) enters it."""
    if expr is None or depth == 0:
        return None
    literal = number(expr)
    if literal is not None:
        return literal
    if isinstance(expr, cst.Name):
        values = facts.values(expr.value)
        return own_shape_number(facts, uses, values[-1], tensor, depth - 1) if values else None
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        inner = own_shape_number(facts, uses, expr.expression, tensor, depth)
        return None if inner is None else -inner
    if isinstance(expr, cst.BinaryOperation):
        left = own_shape_number(facts, uses, expr.left, tensor, depth)
        right = own_shape_number(facts, uses, expr.right, tensor, depth)
        if left is None or right is None:
            return None
        return fold(expr.operator, left, right, (cst.Add, cst.Subtract, cst.Multiply, cst.Divide, cst.Power))
    kinds = ops.of_function(facts.call_name(expr) or "") if isinstance(expr, cst.Call) else frozenset()
    if isinstance(expr, cst.Call) and "sqrt" in kinds and "reciprocal" not in kinds and len(expr.args) == 1:
        inner = own_shape_number(facts, uses, expr.args[0].value, tensor, depth)
        return None if inner is None or inner < 0 else inner ** 0.5
    axis = _size_axis(expr, tensor)
    return None if axis is None else _declared_size(facts, uses, tensor, axis)


def _size_axis(expr: cst.BaseExpression, tensor: str) -> int | None:
    """``k`` of ``tensor.size(k)`` or ``tensor.shape[k]`` (also on ``tensor.data``), a literal."""
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "size" \
            and len(expr.args) == 1:
        owner, index = expr.func.value, number(expr.args[0].value)
    elif isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Attribute) \
            and expr.value.attr.value == "shape" and len(expr.slice) == 1 \
            and isinstance(expr.slice[0].slice, cst.Index):
        owner, index = expr.value.value, number(expr.slice[0].slice.value)
    else:
        return None
    while isinstance(owner, cst.Attribute) and owner.attr.value == "data":
        owner = owner.value
    if dotted_name(owner) != tensor or index is None or index != int(index):
        return None
    return int(index)


def _declared_size(facts: Facts, uses: ParameterUses | None, tensor: str, axis: int) -> float | None:
    """The literal size along ``axis`` that every declaration of the parameter ``tensor`` allocates."""
    sizes = set()
    for value in declarations(facts, uses, tensor):
        if not isinstance(value, cst.Call) or not _makes_parameter(facts, value):
            continue
        inner = argument(value, 0, "data")
        while isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) \
                and inner.func.attr.value in _KEEPS_VALUES and isinstance(inner.func.value, cst.Call):
            inner = inner.func.value
        dims = shape_of(inner) if isinstance(inner, cst.Call) and facts.call_name(inner) else None
        if dims is None or not -len(dims) <= axis < len(dims):
            return None
        sizes.add(number(dims[axis]))
    return sizes.pop() if len(sizes) == 1 else None


def single_element(facts: Facts, uses: ParameterUses | None, target: cst.BaseExpression) -> bool:
    """A parameter allocated with every dimension a literal 1 (``Parameter(torch.rand(1))``), in
    every declaration: one scalar, a mixing coefficient or a temperature. It has no units that
    read the same input, so no symmetry to break, whatever its initial sign."""
    while isinstance(target, cst.Attribute) and target.attr.value == "data":
        target = target.value
    spelled = dotted_name(target)
    if spelled is None:
        return False
    dims = {_dimensions(facts, value) for value in declarations(facts, uses, spelled) if _makes_parameter(facts, value)}
    return dims == {0}


def single_element_draw(call: cst.Call) -> bool:
    """A draw of one element: ``torch.rand(1)``, ``torch.rand(1, 1)``, ``torch.rand((1,))``."""
    return _counted(shape_of(call)) == 0


def add_weight_dimensions(call: cst.Call) -> int | None:
    """The dimensions (other than literal 1s) of Keras ``self.add_weight(shape=(a, b))``."""
    shape = argument(call, 1, "shape")
    return _counted(_elements(shape) if shape is not None else None)


def _counted(dims: list[cst.BaseExpression] | None) -> int | None:
    return None if dims is None else sum(1 for d in dims if number(d) != 1)


# What a parameter's uses in its class say it is, when every use agrees.
_ROLE_OF_USES = {"add": "vector", "lookup": "table", "matrix": "kernel", "centre": "kernel-shape",
                 "width": "kernel-shape", "softmax": "logits"}


def parameter_role(facts: Facts, uses: ParameterUses | None, target: cst.BaseExpression | str | None,
                   tests: Sequence[cst.BaseExpression] = ()) -> str | None:
    """What a parameter is, from how it was made and used, never from its name: "kernel" (a matrix
    multiplied into an input), "vector" (a bias, a scale or shift: one dimension, or only ever added
    to an output), "table" (an embedding looked up by index), "kernel-shape" (the centre or width of
    a basis kernel), "logits" (only ever a softmax's input, as attention over a fixed set is: a shift
    of every entry changes nothing); None when nothing says. ``target`` is the expression or its
    dotted spelling."""
    if target is None:
        return None
    while isinstance(target, cst.Attribute) and target.attr.value == "data":
        target = target.value
    spelled = target.removesuffix(".data") if isinstance(target, str) else dotted_name(target)
    if spelled is None:
        return None
    role = _declared_role(facts, uses, spelled)
    if role is not None:
        return role
    owner, _, attribute = spelled.rpartition(".")
    if not owner or owner == "self" or attribute not in MODULE_PARAMETERS:
        return None
    classes = tested_classes(facts, tests, owner) or owner_classes(facts, spelled)
    return module_parameter_role(classes, attribute) if classes else MODULE_PARAMETERS[attribute]


def _declared_role(facts: Facts, uses: ParameterUses | None, spelled: str) -> str | None:
    """The role of a parameter declared here: by its uses in the class when they all agree, else
    by the number of dimensions it was allocated with."""
    if uses is not None and spelled.startswith("self.") and spelled.count(".") == 1:
        kinds = uses.kinds(facts.current_class, spelled) - {"store"}
        roles = {_ROLE_OF_USES.get(kind) for kind in kinds}
        if len(roles) == 1 and None not in roles:
            return roles.pop()
    container = looped_container(facts, spelled)
    if uses is not None and container is not None \
            and uses.kinds(facts.current_class, container) - {"store"} == {"matrix"}:
        return "kernel"  # each element right-multiplies an input (`x @ self.scores[0]`): a (fan_in, 1) kernel
    dims = {_dimensions(facts, value) for value in declarations(facts, uses, spelled) if _makes_parameter(facts, value)}
    known = dims.pop() if len(dims) == 1 else None
    if known is None:
        return None
    return "vector" if known <= 1 else "kernel"


def _list_elements(expr: cst.BaseExpression | None) -> list[cst.BaseExpression]:
    """The elements of ``[a, b]`` or ``nn.ModuleList([a, b])``."""
    if isinstance(expr, cst.Call) and expr.args:
        expr = expr.args[0].value
    if isinstance(expr, (cst.List, cst.Tuple)):
        return [element.value for element in expr.elements]
    return []


def _products_weights(kinds: frozenset[ops.Kind]) -> bool:
    """A matrix product of an input and a matrix (not a batch of them, not an index contraction)."""
    return "matrix-product" in kinds and not kinds & {"batched", "contraction"}


class WeightUses:
    """Values a file multiplies inputs by: the right operand of ``x @ w``, ``np.dot(x, w)``,
    ``tf.matmul(x, w)``, ``x.mm(w)``. A plain array drawn at random is a weight by this use, whatever
    it is called (``W1 = np.random.rand(n, h)`` then ``h = x @ W1``), unless what it is multiplied by
    is a graph: ``A @ X`` propagates features ``X`` (synthetic ones are drawn at random too). Rules
    feed it the nodes they visit and ask once the file is walked."""

    def __init__(self, facts: Facts, graph: GraphFacts) -> None:
        self.facts = facts
        self.graph = graph
        self.multipliers: set[int] = set()  # ids of the expressions the multipliers were bound to
        self.tables: set[int] = set()  # ... and of those rows were looked up in (`embedding_lookup(t, ids)`)

    def binary(self, node: cst.BinaryOperation) -> None:
        if isinstance(node.operator, cst.MatrixMultiply):
            self._add(node.left, node.right)

    def call(self, node: cst.Call) -> None:
        name = self.facts.call_name(node)
        kinds = ops.of_function(name) if name is not None else frozenset()
        if "lookup" in kinds and "select" not in kinds and len(node.args) >= 2:
            table = node.args[1 if "indices-first" in kinds else 0].value
            self.tables.update(id(value) for value in self.facts.resolve(table))
        if name is not None and _products_weights(kinds) and len(node.args) >= 2:
            self._add(node.args[0].value, node.args[1].value)
        elif name is None and isinstance(node.func, cst.Attribute) and _products_weights(ops.of_method(node.func.attr.value)) \
                and len(node.args) == 1:
            self._add(node.func.value, node.args[0].value)

    def _add(self, left: cst.BaseExpression, right: cst.BaseExpression) -> None:
        if self.graph.value_here(left).kind in ("adjacency", "square", "eye"):
            return  # a graph propagating features
        # Through the bindings visible here: a parameter that shadows a module array is not that array.
        self.multipliers.update(id(value) for value in self.facts.resolve(right))

    def multiplies(self, value: cst.BaseExpression) -> bool:
        """Whether the expression bound to a name (``np.random.randn(a, b)``, ``0.1 * draw``) is
        multiplied into an input somewhere in the file."""
        return id(value) in self.multipliers

    def only_looked_up(self, value: cst.BaseExpression) -> bool:
        """Whether the expression bound to a name is an embedding table: its rows are looked up by
        index somewhere in the file and it is never multiplied into an input."""
        return id(value) in self.tables and id(value) not in self.multipliers


# Methods that move or cast a tensor (or array) and keep its values and its shape.
_KEEPS_VALUES = ops.methods_of("cast", "device", "copy")


def scaled_draw(expr: cst.BaseExpression | None,
                is_draw: Callable[[cst.Call], bool]) -> tuple[cst.Call, float | None] | None:
    """The draw inside ``expr`` and the factor it is scaled by: ``(draw, 1.0)`` for the bare draw,
    ``(draw, 0.1)`` for ``0.1 * draw`` or ``draw / 10``, ``(draw, None)`` when the factor is not a
    literal (``draw / math.sqrt(fan_in)``). None when ``expr`` is not such a draw."""
    if isinstance(expr, cst.Call):
        if is_draw(expr):
            return expr, 1.0
        func = expr.func  # `torch.randn(a, b).to(device)`: moved or cast, the same values
        if isinstance(func, cst.Attribute) and func.attr.value in _KEEPS_VALUES and isinstance(func.value, cst.Call):
            return scaled_draw(func.value, is_draw)
        return None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Divide)):
        for draw, scale, divides in ((expr.left, expr.right, True), (expr.right, expr.left, False)):
            inner = scaled_draw(draw, is_draw)
            if inner is None:
                continue
            call, factor = inner
            value = number(scale)
            if factor is None or value is None or value == 0:
                return call, None
            divided = divides and isinstance(expr.operator, cst.Divide)
            return call, abs(factor / value if divided else factor * value)
    return None


def positive_scaling_of(expr: cst.BaseExpression | None, is_draw: Callable[[cst.Call], bool]) -> cst.Call | None:
    """The draw inside ``expr`` if ``expr`` is the draw times or over a positive literal, else None."""
    if isinstance(expr, cst.Call):
        return expr if is_draw(expr) else None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, (cst.Multiply, cst.Divide)):
        for draw, scale in ((expr.left, expr.right), (expr.right, expr.left)):
            scale_value = number(scale)
            if isinstance(draw, cst.Call) and is_draw(draw) and scale_value is not None and scale_value > 0:
                return draw
    return None


def shape_of(call: cst.Call, keyword: str = "size") -> list[cst.BaseExpression] | None:
    """The dimensions a factory is called with: ``torch.randn(a, b)``, ``torch.randn((a, b))``,
    ``tf.random.normal([a, b])``, ``np.random.normal(0, 1, size=(a, b))``; None when not literal."""
    explicit = argument(call, None, keyword) or argument(call, None, "shape")
    if explicit is not None:
        return _elements(explicit)
    dims = []
    for arg in call.args:
        if arg.keyword is not None:
            break
        if arg.star:
            return None
        dims.append(arg.value)
    if len(dims) == 1:
        return _elements(dims[0]) or (dims if not isinstance(dims[0], (cst.List, cst.Tuple)) else None)
    return dims or None


def _elements(expr: cst.BaseExpression) -> list[cst.BaseExpression] | None:
    if isinstance(expr, (cst.List, cst.Tuple)) and not any(isinstance(e, cst.StarredElement) for e in expr.elements):
        return [e.value for e in expr.elements]
    return None


def is_matrix(dims: list[cst.BaseExpression] | None) -> TypeGuard[list[cst.BaseExpression]]:
    """At least two dimensions, none of them a literal 1 (which marks a broadcast vector or a token)."""
    return dims is not None and len(dims) >= 2 and all(number(d) != 1 for d in dims)


def keras_initializer(facts: Facts, call: cst.Call) -> str | None:
    """The class of a Keras/TF initializer constructor, lower-cased without underscores
    (``randomnormal``, ``zeros``, ``glorotuniform``), for ``keras.initializers.X(...)``,
    ``tf.keras.initializers.X``, ``tf.X_initializer``; else None."""
    name = facts.call_name(call)
    if name is None or name.split(".")[0] not in TENSORFLOW_ROOTS:
        return None
    parts = name.split(".")
    if len(parts) >= 2 and parts[-2] == "initializers":
        return parts[-1].replace("_", "").lower()
    if parts[-1].endswith("_initializer"):
        return parts[-1].removesuffix("_initializer").replace("_", "").lower()
    return None


# -- which parameters a class initialises ------------------------------------------------------

# Methods that use parameters rather than set them: a parameter passed to a call there is data.
_USING_METHODS = frozenset({"forward", "message", "aggregate", "update", "message_and_aggregate", "edge_update",
                            "propagate", "call", "__call__", "extra_repr", "__repr__", "__str__"})
# In-place methods that do not set values.
_NOT_SETTING = frozenset({"requires_grad_", "share_memory_", "retain_grad", "register_hook"})
# Calls on self that may initialise every parameter at once (loops, checkpoints, `apply`).
# Methods torch.nn.Module and PyG's MessagePassing define that set no parameter's values: a call to
# any other method the class does not define itself may be an inherited initialiser.
_SETS_NOTHING = frozenset({
    "register_buffer", "register_parameter", "add_module", "register_module", "get_submodule", "get_parameter",
    "to", "cuda", "cpu", "float", "double", "half", "bfloat16", "type", "train", "eval", "requires_grad_",
    "zero_grad", "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
    "register_backward_hook", "buffers", "named_buffers", "extra_repr", "forward", "propagate", "message",
    "aggregate", "update", "message_and_aggregate", "edge_update", "edge_updater", "__setattr__",
    "__getattr__", "__repr__", "__str__"})


# Methods returning a view: initialising the view initialises the parameter.
_VIEWS = ops.methods_of("view")


def self_attribute(expr: cst.BaseExpression) -> str | None:
    """``self.weight`` for ``self.weight``, ``self.weight.data``, ``self.weight[0]``,
    ``self.weight.view(2, -1)``; else None."""
    while True:
        if isinstance(expr, cst.Subscript):
            expr = expr.value
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _VIEWS:
            expr = expr.func.value
        elif isinstance(expr, cst.Attribute) and expr.attr.value == "data":
            expr = expr.value
        else:
            break
    name = dotted_name(expr)
    return name if name is not None and name.startswith("self.") else None


class ClassFrame:
    def __init__(self, name: str) -> None:
        self.name = name
        self.methods: set[str] = set()
        self.self_calls: set[str] = set()
        # Calls on self whose result another call is made on (`self.get_graph().indices()`): getters.
        self.receivers: set[int] = set()
        self.initialised: set[str] = set()
        self.stores: dict[str, int] = {}
        # Per attribute, the `if` arms each store runs in: {(id(test), holds)}.
        self.store_arms: dict[str, list[frozenset[tuple[int, bool]]]] = {}
        self.doubt = False
        self.functions: list[str] = []
        # Whether a method reaches every parameter of the module (`for p in self.parameters()`,
        # `self.apply(fn)`), so every sub-module it builds too; and the names it calls (classes it builds).
        self.reaches_all = False
        self.builds: set[str] = set()
        self.bases: list[str] = []  # the base classes, as spelled in the class statement
        # The attributes the class and its bases of the same file store (`self.act = act`).
        self.attributes: set[str] = set()

    @property
    def method(self) -> str | None:
        return self.functions[0] if self.functions else None


def _computes_only(qualified: str | None) -> bool:
    """A framework operation of the ops tables (``tf.nn.embedding_lookup(self.C, ids)``,
    ``torch.matmul(x, self.W)``) reads its operands and sets none of them; in-place ones end in ``_``.
    So does wrapping a tensor as a parameter (``tf.Variable(self.w)``): it keeps the values drawn."""
    return qualified is not None and (qualified in PARAMETER | TF_VARIABLE or not qualified.endswith("_")
                                      and ops.function_row(qualified) is not None)


class ClassInits:
    """Follows one file's classes and records, per class, which ``self.<attr>`` some code sets the
    values of (``nn.init.*(self.w)``, ``glorot(self.w)``, ``self.w.data.normal_()``,
    ``self.w.data = ...``) and whether something might initialise every parameter at once
    (``for p in self.parameters()``, ``self.apply(fn)``, ``load_state_dict``, ``super().reset_parameters()``,
    a helper handed ``self``). Rules forward their visits to it and ask at ``leave_ClassDef``."""

    def __init__(self) -> None:
        self.frames: list[ClassFrame] = []
        self.left: dict[str, ClassFrame] = {}  # the classes of the file walked so far, by name

    @property
    def current(self) -> ClassFrame | None:
        return self.frames[-1] if self.frames else None

    def enter_class(self, node: cst.ClassDef) -> None:
        frame = ClassFrame(node.name.value)
        frame.bases = [spelled for base in node.bases if (spelled := dotted_name(base.value)) is not None]
        self.frames.append(frame)

    def leave_class(self) -> ClassFrame:
        frame = self.frames.pop()
        frame.attributes = {name.removeprefix("self.") for name in frame.stores}
        for base in frame.bases:
            known = self.left.get(base)
            if known is not None and not known.doubt:
                frame.attributes |= known.attributes  # what a base of this file stores is no method
        # A method called on self that the class neither defines nor stores (`self.lin(x)` calls a
        # sub-module) may be an inherited initialiser.
        if frame.self_calls - frame.methods - frame.attributes - _SETS_NOTHING:
            frame.doubt = True
        self.left[frame.name] = frame
        return frame

    def enter_function(self, node: cst.FunctionDef) -> None:
        frame = self.current
        if frame is not None:
            if not frame.functions:
                frame.methods.add(node.name.value)
            frame.functions.append(node.name.value)

    def leave_function(self) -> None:
        frame = self.current
        if frame is not None and frame.functions:
            frame.functions.pop()

    def is_initialised(self, frame: ClassFrame, attribute: str,
                       arms: frozenset[tuple[int, bool]] | None = None) -> bool:
        """Whether something in the class may set the attribute's values again. Given the `if` arms
        of one store, a store in an arm exclusive with those (the `else` of the same test) does not
        reset what that store put there."""
        if frame.doubt or attribute in frame.initialised:
            return True
        if arms is None:
            return frame.stores.get(attribute, 0) > 1
        return sum(1 for other in frame.store_arms.get(attribute, [])
                   if not any((test, not holds) in other for test, holds in arms)) > 1

    def local(self, name: str) -> str:
        """The key of a local container of the method being walked (``entries = nn.ParameterDict()``):
        its entries are initialised when a loop over it sets each one's values."""
        frame = self.current
        return f"{frame.method if frame is not None else ''}()/{name}"

    def on_call(self, node: cst.Call, qualified: str | None = None) -> None:
        """``qualified``: the call's resolved name, where the file's imports tell it."""
        frame = self.current
        if frame is None or not frame.functions:
            return
        func = node.func
        if isinstance(func, cst.Attribute):
            receiver = func.value
            method = func.attr.value
            if isinstance(receiver, cst.Call):
                frame.receivers.add(id(receiver))
            if is_receiver(receiver):
                if id(node) not in frame.receivers:  # an initialiser is called for its effect, not its value
                    frame.self_calls.add(method)
                if method in ("apply", "load_state_dict", "parameters", "named_parameters", "modules",
                              "named_modules", "children", "state_dict") and frame.method not in _USING_METHODS:
                    frame.doubt = True
                if method in ("apply", "load_state_dict") and frame.method not in _USING_METHODS:
                    frame.reaches_all = True
            elif isinstance(receiver, cst.Call) and dotted_name(receiver.func) == "super" and method != "__init__":
                frame.doubt = True  # super().reset_parameters(): the parent may loop over parameters
            else:
                owner = self_attribute(receiver)
                if owner is not None and method.endswith("_") and not method.startswith("_") \
                        and method not in _NOT_SETTING:
                    frame.initialised.add(owner)
        if isinstance(func, cst.Name):
            frame.builds.add(func.value)
        if frame.method in _USING_METHODS or dotted_name(func) == "super" or _computes_only(qualified):
            return
        for arg in node.args:
            if is_receiver(arg.value):
                frame.doubt = True  # init_weights(self): a helper that may set anything
            # A helper handed the parameter, alone or in a literal list (`map(glorot, [self.w, self.v])`).
            handed = [e.value for e in arg.value.elements] if isinstance(arg.value, (cst.List, cst.Tuple)) \
                else [arg.value]
            for value in handed:
                owner = self_attribute(value)
                if owner is not None:
                    frame.initialised.add(owner)

    def on_assign(self, targets: Sequence[cst.BaseExpression], creates: bool = False,
                  arms: frozenset[tuple[int, bool]] = frozenset()) -> None:
        """``creates``: the value is a new parameter, so an entry stored into a container on self
        (``self.W_r[key] = Parameter(...)``) makes that entry; it does not initialise it."""
        frame = self.current
        if frame is None:
            return
        for target in targets:
            name = dotted_name(target)
            if creates and name is None and isinstance(target, cst.Subscript):
                continue
            if name is not None and name.startswith("self.") and not name.endswith(".data"):
                frame.stores[name] = frame.stores.get(name, 0) + 1
                frame.store_arms.setdefault(name, []).append(arms)
                continue
            owner = self_attribute(target)
            if owner is not None:  # self.w.data = ..., self.w[0] = ...
                frame.initialised.add(owner)

    def on_for(self, node: cst.For | cst.CompFor) -> None:
        frame = self.current
        if frame is None:
            return
        # A loop of forward/message/call over a container reads its parameters (`sum(x @ w for w in
        # self.weights)`); only one whose body sets the loop variable's values initialises them there.
        if frame.method not in _USING_METHODS or _sets_loop_values(node):
            for name in _iterated_attributes(node.iter):
                frame.initialised.add(name)
        container = _iterated_local(node.iter)
        if container is not None and _sets_loop_values(node):
            frame.initialised.add(self.local(container))
        iterated = node.iter
        if frame.method not in _USING_METHODS and isinstance(iterated, cst.Call) \
                and isinstance(iterated.func, cst.Attribute) and dotted_name(iterated.func.value) == "self" \
                and iterated.func.attr.value in _CONTAINER_ITERATORS:
            frame.reaches_all = True  # for p in self.parameters(): p.data.uniform_(...)


def reached_by_owners(frames: Sequence[ClassFrame]) -> set[str]:
    """The classes of a file that another class of it builds (``self.gnn = GNN(...)``) and whose
    parameters that owner, or one that builds it, reaches all at once (SR-GNN's ``reset_parameters``
    loops over ``self.parameters()``): those parameters are initialised by the owner."""
    names = {frame.name for frame in frames}
    reached: set[str] = set()
    todo = [frame for frame in frames if frame.reaches_all]
    while todo:
        owner = todo.pop()
        for built in owner.builds & names - reached:
            reached.add(built)
            todo.extend(frame for frame in frames if frame.name == built)
    return reached


# Methods that iterate a container's parameters: `for p in self.emb_dict.values()` reaches each one.
_CONTAINER_ITERATORS = frozenset({"values", "items", "parameters", "named_parameters", "children", "modules",
                                  "named_children", "named_modules", "buffers"})


def _iterated_attributes(expr: cst.BaseExpression) -> list[str]:
    owner = self_attribute(expr)
    if owner is not None:
        return [owner]
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
            and expr.func.attr.value in _CONTAINER_ITERATORS:
        return _iterated_attributes(expr.func.value)
    if isinstance(expr, cst.Call):
        return [n for arg in expr.args for n in _iterated_attributes(arg.value)]
    if isinstance(expr, (cst.Tuple, cst.List, cst.Set)):  # for w in (self.weight, self.att): ...
        return [n for element in expr.elements for n in _iterated_attributes(element.value)]
    return []


def _iterated_local(expr: cst.BaseExpression) -> str | None:
    """The local container a loop walks: ``entries`` in ``for p in entries.values()``."""
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) \
            and expr.func.attr.value in _CONTAINER_ITERATORS and not expr.args:
        expr = expr.func.value
    return expr.value if isinstance(expr, cst.Name) and not is_receiver(expr) else None


def initialised_where_built(module: cst.Module, class_name: str) -> bool:
    """Whether code of ``module`` outside the class builds an instance of ``class_name`` and then sets
    every parameter's values: ``model = Net(...)`` followed by ``model.apply(init_fn)``, where
    ``init_fn`` (a function of the module) sets the values of what it is handed, or by a loop over
    ``model.parameters()`` that sets each one (the DCGAN-style ``weights_init`` of a training script)."""
    instances = set()
    for node in descendants(module):
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name) \
                and _builds(node.value, class_name):
            instances.add(node.targets[0].target.value)
    if not instances:
        return False
    setters = {f.name.value for f in module.body if isinstance(f, cst.FunctionDef) and _sets_its_argument(f)}
    for node in descendants(module):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "apply" \
                and dotted_name(node.func.value) in instances and node.args \
                and isinstance(node.args[0].value, cst.Name) and node.args[0].value.value in setters:
            return True
        if isinstance(node, cst.For) and isinstance(node.iter, cst.Call) and isinstance(node.iter.func, cst.Attribute) \
                and node.iter.func.attr.value in ("parameters", "named_parameters") \
                and dotted_name(node.iter.func.value) in instances and _sets_loop_values(node):
            return True
    return False


def _builds(value: cst.BaseExpression, class_name: str) -> bool:
    """``Net(...)``, or ``Net(...).to(device)`` (a chain of methods on the new instance)."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) and isinstance(value.func.value, cst.Call):
        value = value.func.value
    if not isinstance(value, cst.Call):
        return False
    spelled = dotted_name(value.func)
    return spelled is not None and spelled.rsplit(".", 1)[-1] == class_name


def _sets_its_argument(function: cst.FunctionDef) -> bool:
    """A function that sets the values of (an attribute of) its first parameter: ``nn.init.*(m.weight)``,
    ``m.weight.data.normal_(...)``."""
    params = function.params.params
    if not params:
        return False
    handed = params[0].name.value
    return any((spelled := dotted_name(operand)) is not None and spelled.split(".")[0] == handed
               for operand in _operands_set(function.body))


def _sets_loop_values(node: cst.For | cst.CompFor) -> bool:
    """Whether the loop's body sets the values of what it iterates: ``nn.init.xavier_normal_(p)``,
    ``p.data.uniform_(...)`` on a loop variable (of ``for p in ...`` or ``for k, p in ...``)."""
    if not isinstance(node, cst.For):
        return False
    variables = {n.value for n in descendants(node.target) if isinstance(n, cst.Name)}
    for operand in _operands_set(node.body):
        while isinstance(operand, cst.Attribute) and operand.attr.value == "data":
            operand = operand.value
        if isinstance(operand, cst.Name) and operand.value in variables:
            return True
    return False


def _operands_set(body: cst.CSTNode) -> Iterator[cst.BaseExpression]:
    """What each in-place setter called in ``body`` may set the values of: its first argument
    (``nn.init.xavier_normal_(p)``) and its receiver (``p.data.uniform_(...)``)."""
    for call in descendants(body):
        if not isinstance(call, cst.Call) or not isinstance(call.func, (cst.Attribute, cst.Name)):
            continue
        method = call.func.attr.value if isinstance(call.func, cst.Attribute) else call.func.value
        if not method.endswith("_") or method.startswith("_") or method in _NOT_SETTING:
            continue
        if call.args:
            yield call.args[0].value
        if isinstance(call.func, cst.Attribute):
            yield call.func.value


def _unpacked(target: cst.BaseExpression) -> list[cst.BaseExpression]:
    """The targets a tuple or list target stores to (``self.a, self.b = ...``), else the target."""
    if isinstance(target, (cst.Tuple, cst.List)):
        return [e.value for e in target.elements if not isinstance(e, cst.StarredElement)]
    return [target]


def _target_name(target: cst.BaseExpression) -> str | None:
    """What an assignment stores to: ``self.w``, ``W``; for an entry of a container held on self
    (``self.W_r[key] = Parameter(...)`` into a ``ParameterDict``), the container ``self.W_r``, whose
    parameters the class initialises through ``self.parameters()`` or ``.values()`` like any other."""
    name = dotted_name(target)
    if name is None and isinstance(target, cst.Subscript):
        return self_attribute(target)
    return name


def _stored_local(function: cst.FunctionDef, local: str) -> str | None:
    """The one ``self.<attr>`` that ``function`` stores its local ``local`` to, when it binds the
    local once and stores it once; else None."""
    binds, held = 0, []
    for node in descendants(function.body):
        if isinstance(node, (cst.Assign, cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr)):
            targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            binds += sum(1 for t in targets for e in _unpacked(t) if isinstance(e, cst.Name) and e.value == local)
            if isinstance(node, cst.Assign) and isinstance(node.value, cst.Name) and node.value.value == local:
                held += [name for t in targets if (name := dotted_name(t)) is not None and name.startswith("self.")]
    return held[0] if binds == 1 and len(held) == 1 else None


class ClassInitsRule(Rule):
    """Base of the rules that judge a parameter by what its class does to it: keeps the
    :class:`ClassInits` record of the class being walked and the target of the assignment being
    walked (``self.target``). Subclasses that override a visitor here call ``super()`` first."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.classes = ClassInits()
        self.targets: list[str | None] = []
        # The local container each walked assignment stores an entry of (`entries[k] = ...`), else None.
        self.containers: list[str | None] = []
        self.assigns: list[cst.Assign] = []  # the assignments being walked, innermost last
        self.walked_functions: list[cst.FunctionDef] = []  # the functions being walked, innermost last
        # Values handed to `self.register_parameter(name, value)`, by id -> the attribute that holds them.
        self.registered: dict[int, str] = {}

    @property
    def target(self) -> str | None:
        return self.targets[-1] if self.targets else None

    @property
    def container(self) -> str | None:
        """The key of the local container (see ``ClassInits.local``) the assignment being walked
        stores an entry of, inside a method of a class; else None."""
        name = self.containers[-1] if self.containers else None
        if name is None or self.classes.current is None or not self.classes.current.functions:
            return None
        return self.classes.local(name)

    def visit_Call(self, node: cst.Call) -> None:
        self.classes.on_call(node, self.facts.call_name(node))
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value == "register_parameter" and is_receiver(func.value):
            name, value = argument(node, 0, "name"), argument(node, 1, "param")
            if isinstance(name, cst.SimpleString) and isinstance(name.evaluated_value, str) and value is not None:
                self.registered[id(value)] = f"self.{name.evaluated_value}"

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.classes.enter_function(node)
        self.walked_functions.append(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.classes.leave_function()
        self.walked_functions.pop()

    def visit_For(self, node: cst.For) -> None:
        self.classes.on_for(node)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.classes.on_for(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        targets = [t.target for t in node.targets]
        creates = isinstance(node.value, cst.Call) and self.facts.call_name(node.value) in PARAMETER
        if not _rewraps_itself(self.facts, targets, node.value):
            self.classes.on_assign([e for t in targets for e in _unpacked(t)], creates, self.arms())
        self.targets.append(_target_name(targets[0]) if len(targets) == 1 else None)
        self.assigns.append(node)
        entry = targets[0] if len(targets) == 1 else None
        self.containers.append(entry.value.value if isinstance(entry, cst.Subscript)
                               and isinstance(entry.value, cst.Name) else None)

    def leave_Assign(self, node: cst.Assign) -> None:
        self.targets.pop()
        self.containers.pop()
        self.assigns.pop()

    def target_of(self, value: cst.BaseExpression) -> str | None:
        """What the assignment being walked stores ``value`` to: ``self.target``, or in a tuple
        assignment (``self.a, self.b = Parameter(...), Parameter(...)``) the target in its place."""
        node = self.assigns[-1] if self.assigns else None
        if node is not None and len(node.targets) == 1 and isinstance(node.value, cst.Tuple) \
                and isinstance(node.targets[0].target, cst.Tuple):
            names, values = node.targets[0].target.elements, node.value.elements
            if len(names) == len(values):
                for name, element in zip(names, values):
                    if element.value is value:
                        return _target_name(name.value)
        return self.target

    def holder_of(self, value: cst.BaseExpression) -> str | None:
        """The ``self.<attr>`` that finally holds ``value``: the attribute it is stored to
        (``self.W = value``), registered as (``self.register_parameter("W", value)``), or stored to
        through a local the method binds once (``w = value; self.W = w``)."""
        if id(value) in self.registered:
            return self.registered[id(value)]
        target = self.target_of(value)
        if target is None or "." in target or not self.walked_functions:
            return target
        return _stored_local(self.walked_functions[-1], target) or target

    def arms(self) -> frozenset[tuple[int, bool]]:
        """The `if` arms the walk is in, where the rule tracks them (:class:`EnclosingBranches`)."""
        return frozenset((id(test), holds) for test, holds in getattr(self, "branches", []))

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.classes.on_assign([node.target])
        self.targets.append(dotted_name(node.target))

    def leave_AnnAssign(self, node: cst.AnnAssign) -> None:
        self.targets.pop()


# -- what the enclosing branches say about a tensor's number of dimensions --------------------

# By the comparison node's class name (libcst attributes stay out of module-level code: _lazy_libcst).
_COMPARISONS = {"GreaterThan": ">", "GreaterThanEqual": ">=", "LessThan": "<", "LessThanEqual": "<=",
                "Equal": "==", "NotEqual": "!="}
_NEGATED = {">": "<=", ">=": "<", "<": ">=", "<=": ">", "==": "!=", "!=": "=="}
_MIRRORED = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "==": "==", "!=": "!="}


def _base_tensor(expr: cst.BaseExpression) -> str | None:
    """``p`` for ``p``, ``p.data``, ``p.detach()``: the tensor whose values a call sets."""
    while True:
        if isinstance(expr, cst.Attribute) and expr.attr.value == "data":
            expr = expr.value
        elif isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and not expr.args \
                and expr.func.attr.value in ("detach", "data"):
            expr = expr.func.value
        else:
            return dotted_name(expr)


def _rank_of(expr: cst.BaseExpression) -> str | None:
    """The tensor whose number of dimensions ``expr`` is: ``p.dim()``, ``p.ndim``, ``p.ndimension()``,
    ``len(p.shape)``, ``len(p.size())``; else None."""
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and not expr.args \
            and expr.func.attr.value in ("dim", "ndimension"):
        return _base_tensor(expr.func.value)
    if isinstance(expr, cst.Attribute) and expr.attr.value == "ndim":
        return _base_tensor(expr.value)
    if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and expr.func.value == "len" \
            and len(expr.args) == 1:
        inner = expr.args[0].value
        if isinstance(inner, cst.Attribute) and inner.attr.value == "shape":
            return _base_tensor(inner.value)
        if isinstance(inner, cst.Call) and isinstance(inner.func, cst.Attribute) and inner.func.attr.value == "size" \
                and not inner.args:
            return _base_tensor(inner.func.value)
    return None


def _at_most_one_dimension(test: cst.BaseExpression, holds: bool, tensor: str) -> bool:
    """Whether ``test`` being ``holds`` means ``tensor`` has at most one dimension (a bias or a
    gain vector): the else branch of ``if p.dim() > 1``, the body of ``if len(p.shape) == 1``."""
    if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
        return _at_most_one_dimension(test.expression, not holds, tensor)
    if isinstance(test, cst.BooleanOperation):
        # `a and b` true: both hold; `a or b` false: neither holds.
        if isinstance(test.operator, cst.And) and holds or isinstance(test.operator, cst.Or) and not holds:
            return any(_at_most_one_dimension(side, holds, tensor) for side in (test.left, test.right))
        return False
    if not isinstance(test, cst.Comparison) or len(test.comparisons) != 1:
        return False
    target = test.comparisons[0]
    operator = _COMPARISONS.get(type(target.operator).__name__)
    if operator is None:
        return False
    left, right = test.left, target.comparator
    if _rank_of(left) == tensor and number(right) is not None:
        bound = number(right)
    elif _rank_of(right) == tensor and number(left) is not None:
        bound, operator = number(left), _MIRRORED[operator]
    else:
        return False
    if not holds:
        operator = _NEGATED[operator]
    assert bound is not None
    return (operator == "<" and bound <= 2) or (operator == "<=" and bound <= 1) or (operator == "==" and bound <= 1)


class EnclosingBranches:
    """Mixin for a rule: ``self.branches`` holds ``(test, holds)`` for every enclosing `if` branch the
    walk is in, innermost last: ``holds`` is True in the body, False in the `else` (and in each
    `elif`, for the tests before it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.branches: list[tuple[cst.BaseExpression, bool]] = []
        self._branch_of: dict[int, list[tuple[cst.BaseExpression, bool]]] = {}
        self._elif_of: dict[int, list[tuple[cst.BaseExpression, bool]]] = {}

    def visit_If(self, node: cst.If) -> None:
        # An `elif` is the `orelse` of the `if` before it: its test runs where the earlier tests failed.
        before = self._elif_of.pop(id(node), [])
        self._branch_of[id(node.body)] = [*before, (node.test, True)]
        if isinstance(node.orelse, cst.Else):
            self._branch_of[id(node.orelse.body)] = [*before, (node.test, False)]
        elif isinstance(node.orelse, cst.If):
            self._elif_of[id(node.orelse)] = [*before, (node.test, False)]

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.branches.extend(self._branch_of.get(id(node), []))

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self._pop_branch(original_node)

    def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
        self.branches.extend(self._branch_of.get(id(node), []))

    def leave_SimpleStatementSuite(self, original_node: cst.SimpleStatementSuite) -> None:
        self._pop_branch(original_node)

    def _pop_branch(self, node: cst.CSTNode) -> None:
        for _ in self._branch_of.get(id(node), []):
            self.branches.pop()

    def known_vector(self, tensor: cst.BaseExpression) -> bool:
        """Whether an enclosing branch shows ``tensor`` has at most one dimension."""
        name = _base_tensor(tensor)
        return name is not None and any(_at_most_one_dimension(test, holds, name) for test, holds in self.branches)


# -- what a parameter is used for, from every use in its class --------------------------------

# Methods and operations that keep what a value is (its values in another shape, type or place,
# or its sign-free magnitude).
_KEEPS = ops.methods_of(*ops.KEEPS_VALUES) | {"abs"}


# Modules of initialisers: passing a parameter to one sets its values, it does not use them.
_INITIALISERS = ops.INITIALISER_MODULES


class ParameterUses:
    """How each ``self.<attr>`` of each class of a file is used, over the whole class (the walk that
    reaches ``__init__`` has not yet seen ``forward``): multiplied into an input as a matrix
    (``x @ w``, ``F.linear(x, w)``, ``einsum``), subtracted from an input (a kernel's centre,
    ``x - mean``), dividing one (a kernel's width, ``/ std``), added to one (``x + b``), multiplied
    elementwise (a scale), indexed or called (a lookup table, a module). A use inside a helper of
    the same file (``gaussian(x, self.means, self.stds)``) is followed into the helper's body."""

    def __init__(self, module: cst.Module, facts: Facts) -> None:
        self.facts = facts
        self.functions: dict[str, cst.FunctionDef] = {}
        self.uses: dict[tuple[str, str], set[str]] = {}  # (class, self.attr) -> kinds of use
        self.stores: dict[tuple[str, str], list[cst.BaseExpression]] = {}  # (class, self.attr) -> values
        # (class, self.attr) -> the elements of the container it holds (`self.ws.append(Parameter(...))`)
        self.elements: dict[tuple[str, str], list[cst.BaseExpression]] = {}
        self._parents: dict[int, dict[int, cst.CSTNode]] = {}
        for statement in module.body:
            if isinstance(statement, cst.FunctionDef):
                self.functions[statement.name.value] = statement
        self.keywords: dict[str, set[str | None]] = {}  # a dotted name -> the keywords it is passed as
        for node in descendants(module):
            if isinstance(node, cst.ClassDef):
                self._record_class(node)
            elif isinstance(node, cst.Arg):
                spelled = dotted_name(node.value)
                if spelled is not None:
                    self.keywords.setdefault(spelled, set()).add(node.keyword.value if node.keyword else None)

    @staticmethod
    def of(context: Any) -> ParameterUses:
        return context.shared("parameter-uses", lambda: ParameterUses(context.module, context.facts))  # type: ignore[no-any-return]

    def kinds(self, cls: str | None, attribute: str) -> set[str]:
        """The kinds of use of ``self.<attr>`` in class ``cls``; empty when none is seen."""
        return self.uses.get((cls or "", attribute), set())

    def parents_of(self, body: cst.CSTNode) -> dict[int, cst.CSTNode]:
        """Each node's parent under ``body`` (a helper's, computed once however often it is called)."""
        if id(body) not in self._parents:
            self._parents[id(body)] = _parent_map(body)
        return self._parents[id(body)]

    def declared(self, cls: str | None, attribute: str) -> list[cst.BaseExpression]:
        """Every value stored to ``self.<attr>`` in class ``cls``, in source order."""
        return self.stores.get((cls or "", attribute), [])

    def _record_class(self, node: cst.ClassDef) -> None:
        parents = _parent_map(node)
        for child in descendants(node):
            if isinstance(child, cst.Assign) and len(child.targets) == 1:
                spelled = dotted_name(child.targets[0].target)
                if spelled is not None and spelled.startswith("self.") and spelled.count(".") == 1:
                    self.stores.setdefault((node.name.value, spelled), []).append(child.value)
                    self.elements.setdefault((node.name.value, spelled), []).extend(_list_elements(child.value))
            if isinstance(child, cst.Call) and isinstance(child.func, cst.Attribute) \
                    and child.func.attr.value == "append" and len(child.args) == 1:
                spelled = dotted_name(child.func.value)
                if spelled is not None and spelled.startswith("self.") and spelled.count(".") == 1:
                    self.elements.setdefault((node.name.value, spelled), []).append(child.args[0].value)
            if not isinstance(child, cst.Attribute):
                continue
            spelled = dotted_name(child)
            if spelled is None or not spelled.startswith("self.") or spelled.count(".") != 1:
                continue
            kind = _use_of(child, parents, self, depth=2)
            if kind is not None:
                self.uses.setdefault((node.name.value, spelled), set()).add(kind)


def _parent_map(root: cst.CSTNode) -> dict[int, cst.CSTNode]:
    parents: dict[int, cst.CSTNode] = {}
    for node in descendants(root):
        for child in children(node):
            parents[id(child)] = node
    return parents


def _use_of(node: cst.CSTNode, parents: dict[int, cst.CSTNode], where: ParameterUses, depth: int) -> str | None:
    """What the value at ``node`` is used for: "matrix", "centre", "width", "add", "scale",
    "lookup", "call", "store", or "other"; None for a read that is not a use (``self.w.shape``)."""
    scaled = False
    while True:
        parent = parents.get(id(node))
        if parent is None:
            return "other"
        if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
            return None  # iterating a container reads no values; what the loop variable does does
        if isinstance(parent, (cst.Arg, cst.Element)):
            call = parents.get(id(parent))
            if isinstance(call, cst.Call) and isinstance(parent, cst.Arg):
                return _argument_use(call, parent, where, depth, "scale" if scaled else "other")
            return "other"
        if isinstance(parent, cst.Attribute) and parent.value is node:
            method = parent.attr.value
            call = parents.get(id(parent))
            if method == "data" or (method in _KEEPS and isinstance(call, cst.Call) and call.func is parent):
                node = call if method != "data" and isinstance(call, cst.Call) else parent
                continue
            if ops.of_method(method) & _MATRIX_USES and isinstance(call, cst.Call) and call.func is parent:
                return "matrix"
            if method.endswith("_") and not method.startswith("_"):
                return None  # `.uniform_()`, `.zero_()`: setting its values is not using them
            if method in ("shape", "size", "dim", "ndim", "device", "dtype", "numel"):
                return None
            if method in ("append", "extend", "insert") and isinstance(call, cst.Call) and call.func is parent:
                return None  # filling a container (`self.ws.append(p)`) uses none of its values
            return "other"
        if isinstance(parent, cst.Subscript) and parent.value is node:
            # Rows picked by index; but an entry of a ParameterDict that right-multiplies an input
            # (`x @ self.per_kind[k]`) is a matrix.
            above = parents.get(id(parent))
            if isinstance(above, cst.BinaryOperation) and isinstance(above.operator, cst.MatrixMultiply) \
                    and above.right is parent:
                return "matrix"
            return "lookup"
        if isinstance(parent, cst.Call) and parent.func is node:
            return "call"
        if isinstance(parent, (cst.AssignTarget, cst.AnnAssign)) or isinstance(parent, cst.AugAssign) \
                and parent.target is node:
            return None  # a store, not a use
        if isinstance(parent, cst.Assign) and depth > 0:
            return _local_use(parent, parents, where, depth - 1)
        if isinstance(parent, (cst.Assign, cst.AugAssign)):
            return "store"
        if isinstance(parent, cst.UnaryOperation):
            node = parent
            continue
        if not isinstance(parent, cst.BinaryOperation):
            return "other"
        other = parent.left if parent.right is node else parent.right
        operator = parent.operator
        if isinstance(operator, cst.MatrixMultiply):
            return "matrix"
        if isinstance(operator, cst.Subtract) and parent.right is node:
            return "centre"
        if isinstance(operator, cst.Divide) and parent.right is node:
            return "width"
        if number(other) is not None or isinstance(operator, (cst.Multiply, cst.Power)):
            # `std + 1e-2`, `a * std`, `w ** 2`: the same value scaled; its use is where it goes next.
            scaled = scaled or isinstance(operator, cst.Multiply) and number(other) is None
            node = parent
            continue
        if isinstance(operator, cst.Add):
            return "add"
        return "scale" if scaled else "other"


def _local_use(store: cst.Assign, parents: dict[int, cst.CSTNode], where: ParameterUses, depth: int) -> str:
    """What ``node = self.p`` does with ``self.p``: the uses of ``node`` in the same function, up
    to the statement that binds ``node`` again (whose value still reads the old one)."""
    target = store.targets[0].target if len(store.targets) == 1 else None
    function = parents.get(id(store))
    while function is not None and not isinstance(function, cst.FunctionDef):
        function = parents.get(id(function))
    if not isinstance(target, cst.Name) or function is None:
        return "store"
    kinds: set[str | None] = set()
    started, rebinding = False, None
    for node in descendants(function.body):
        if node is store:
            started = True
        elif not started or rebinding is not None and not _within(node, rebinding, parents):
            if rebinding is not None:
                break
        elif isinstance(node, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == target.value
                                                  for t in node.targets):
            rebinding = node
        elif isinstance(node, cst.Name) and node.value == target.value \
                and not isinstance(parents.get(id(node)), cst.AssignTarget):
            kinds.add(_use_of(node, parents, where, depth))
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else "other" if kinds else "store"  # type: ignore[return-value]


def _within(node: cst.CSTNode, ancestor: cst.CSTNode, parents: dict[int, cst.CSTNode]) -> bool:
    current: cst.CSTNode | None = node
    while current is not None and current is not ancestor:
        current = parents.get(id(current))
    return current is ancestor


def _argument_use(call: cst.Call, arg: cst.Arg, where: ParameterUses, depth: int, otherwise: str) -> str | None:
    """A value passed to a call: a matrix product's operand, nothing for an initialiser (setting
    values is not using them), or what a helper of the file does with the parameter it arrives in."""
    func = call.func
    functions = where.functions
    method = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
    qualified = where.facts.call_name(call) or ""
    called = ops.of_function(qualified) if qualified else ops.of_method(method)
    if called & _MATRIX_USES:
        return "matrix"
    if "cast" in called and isinstance(func, cst.Attribute) and not qualified:
        return None  # `y.type_as(p)`: only the parameter's dtype is read
    if "lookup" in called:
        return "lookup"
    if "softmax" in called and arg is _first_positional(call):
        return "softmax"
    if (method or "").endswith("_") or qualified.startswith(_INITIALISERS):
        return None
    if qualified in PARAMETER | TF_VARIABLE:
        return None  # `self.w = tf.Variable(self.w)` makes the draw trainable: the parameter's own uses tell
    if "distance" in called:
        return "centre"
    if not isinstance(func, cst.Name) or func.value not in functions or depth == 0 or arg.keyword is not None:
        return otherwise
    helper = functions[func.value]
    position = [a for a in call.args if a.keyword is None].index(arg)
    parameters = helper.params.params
    if arg.star or position >= len(parameters):
        return None
    name = parameters[position].name.value
    parents = where.parents_of(helper.body)
    kinds = {_use_of(n, parents, where, depth - 1)
             for n in descendants(helper.body) if isinstance(n, cst.Name) and n.value == name}
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else "other" if kinds else None


def _first_positional(call: cst.Call) -> cst.Arg | None:
    return next((a for a in call.args if a.keyword is None and not a.star), None)


# Uses of a value that only places or widens a kernel over an input: `(x - centre) / width`.
_KERNEL_SHAPE_USES = frozenset({"centre", "width"})


def shapes_a_kernel(facts: Facts, uses: ParameterUses, target: cst.BaseExpression) -> bool:
    """Whether ``self.<attr>`` (or its ``.data``) is only ever subtracted from an input or divides
    one, as the centres and widths of Gaussian basis kernels over distances are: it is compared
    with inputs, never multiplied into them, so the sign of its values starts no unit correlated."""
    spelled = self_attribute(target)
    if spelled is None or spelled.count(".") != 1:
        return False
    kinds = uses.kinds(facts.current_class, spelled)
    return bool(kinds) and kinds <= _KERNEL_SHAPE_USES


# Calls that multiply their operands as matrices (a layer applying its weights too) or elementwise;
# a distance between a parameter and inputs (`torch.cdist`) places the parameter among the inputs
# as a kernel's centre is (cluster centroids, memory keys), it is not multiplied into them.
_MATRIX_USES: frozenset[ops.Kind] = frozenset({"matrix-product", "layer"})


def product_uses(facts: Facts, scope: cst.CSTNode, spelled: set[str]) -> set[str]:
    """How the tensors spelled ``spelled`` take part in products inside ``scope``: "matrix" when one
    is an operand of a matrix product (``x @ w``, ``F.linear(x, w)``), as a layer's weights are;
    "elementwise" when one scales another value entry by entry (``x * mask.sigmoid()``,
    ``lam * violation``), as a mask, a gate or a multiplier does. Through one-argument wrappers
    (``m.sigmoid()``, ``upsample(m)``) and the names bound to them."""
    found: set[str] = set()
    for node in descendants(scope):
        operands: Sequence[cst.BaseExpression] = ()
        kind = None
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.MatrixMultiply, cst.Multiply)):
            operands, kind = (node.left, node.right), "matrix" if isinstance(node.operator, cst.MatrixMultiply) \
                else "elementwise"
        elif isinstance(node, cst.Call):
            name = facts.call_name(node)
            kinds = ops.of_function(name) if name is not None else \
                ops.of_method(node.func.attr.value) if isinstance(node.func, cst.Attribute) else frozenset()
            kind = "matrix" if kinds & _MATRIX_USES else "elementwise" if "elementwise-product" in kinds else None
            operands = [a.value for a in node.args]
            if name is None and isinstance(node.func, cst.Attribute):
                operands.append(node.func.value)  # x.mm(w), x.mul(m): the receiver is an operand too
        if kind is not None and any(_mentions(facts, operand, spelled) for operand in operands):
            found.add(kind)
    return found


def _mentions(facts: Facts, expr: cst.BaseExpression, spelled: set[str], depth: int = 3) -> bool:
    """Whether ``expr`` is one of the tensors, or a one-argument transform of one."""
    if dotted_name(expr) in spelled:
        return True
    if depth == 0:
        return False
    if isinstance(expr, cst.Name):
        return any(v is not expr and _mentions(facts, v, spelled, depth - 1) for v in facts.resolve(expr))
    if isinstance(expr, cst.Call):
        inner = [a.value for a in expr.args if a.keyword is None][:1]
        if facts.call_name(expr) is None and isinstance(expr.func, cst.Attribute):
            inner.append(expr.func.value)  # m.sigmoid(), m.view(-1, 1)
        return any(_mentions(facts, e, spelled, depth - 1) for e in inner)
    return False


def shaped_like_data(facts: Facts, expr: cst.BaseExpression) -> bool:
    """Whether ``expr`` was made in the shape of another tensor (``torch.zeros_like(x)``, wrapped in
    ``nn.Parameter`` or ``.requires_grad_()``): a perturbation or mask of that tensor, not a weight,
    whose shape a layer's sizes would set."""
    for value in facts.resolve(expr):
        while isinstance(value, cst.Call):
            name = facts.call_name(value)
            if "shaped-like" in ops.of_function(name):
                return True
            inner = value.func.value if name is None and isinstance(value.func, cst.Attribute) else \
                value.args[0].value if value.args else None
            if inner is None:
                break
            value = inner
    return False
