"""Shared helpers of the numerics rules (GNN501-GNN507): what a call computes, what a name holds.

Names are resolved through imports (``F.softmax`` -> ``torch.nn.functional.softmax``) and then
canonicalised, so one table covers ``tf.keras``, ``keras``, ``tf_keras`` and ``keras.src``.
Method calls on tensors (``x.softmax(-1)``) are recognised by their method name only when the
receiver is not an imported name, ``self`` or ``cls``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Literal

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.cst_walk import descendants
from gnnlint.analysis.inline import returned_expression
from gnnlint.analysis.scopes import Binding, Facts, argument, augmented_value, dotted_name, names_in, number

if TYPE_CHECKING:
    from gnnlint.analysis.graph import GraphFacts, Scope, Store

_PREFIXES = (
    ("tensorflow.compat.v1.", "tf."), ("tensorflow.compat.v2.", "tf."),
    ("tensorflow.python.keras.", "keras."), ("tensorflow.keras.", "keras."), ("tf_keras.", "keras."),
    ("keras.src.", "keras."), ("keras._tf_keras.keras.", "keras."), ("tensorflow.", "tf."),
    ("numpy.", "np."), ("jax.numpy.", "np."), ("torch.nn.functional.", "F."), ("torch_geometric.", "pyg."),
)


def canonical(name: str | None) -> str | None:
    """``tensorflow.keras.layers.Dense`` -> ``keras.layers.Dense``, ``numpy.log`` -> ``np.log``."""
    if name is None:
        return None
    for prefix, short in _PREFIXES:
        if name.startswith(prefix):
            return short + name[len(prefix):]
    return name


SOFTMAX = {"torch.softmax", "F.softmax", "torch.special.softmax", "tf.nn.softmax", "tf.math.softmax",
           "keras.activations.softmax", "keras.ops.softmax", "keras.backend.softmax", "scipy.special.softmax"}
SIGMOID = {"torch.sigmoid", "F.sigmoid", "torch.special.expit", "tf.sigmoid", "tf.nn.sigmoid", "tf.math.sigmoid",
           "keras.activations.sigmoid", "keras.ops.sigmoid", "keras.backend.sigmoid", "scipy.special.expit"}
# What an activation computes: a Literal, so that a misspelt kind compared in a rule is a type error.
Activation = Literal["softmax", "sigmoid", "linear", "other"]
_PROB_MODULES: dict[str, Activation] = {"torch.nn.Softmax": "softmax", "torch.nn.Sigmoid": "sigmoid", "keras.layers.Softmax": "softmax"}
# Calls that keep their operand away from 0 (a floor) or from overflow (a ceiling), by the
# framework tables: clamps, element-wise maxima or minima, ``where`` and ``nan_to_num``.
_FLOORS: tuple[ops.Kind, ...] = ("clamp", "maximum", "where", "nan-to-num")
_CEILINGS: tuple[ops.Kind, ...] = ("clamp", "minimum", "where", "nan-to-num")
# In-place methods that guard the tensor they are called on from then on.
INPLACE_GUARDS = {"clamp_", "clamp_min_", "clip_", "add_", "masked_fill_", "nan_to_num_", "fill_diagonal_",
                  "index_fill_", "setdiag", "masked_scatter_"}


def method_name(call: cst.Call, facts: Facts) -> str | None:
    """``m`` for ``tensor.m(...)`` (a receiver that is a tensor, not a module or ``self``), else None."""
    func = call.func
    if not isinstance(func, cst.Attribute) or facts.qualified_name(func) is not None:
        return None
    if dotted_name(func.value) in ("self", "cls"):
        return None
    return func.attr.value


def receiver(call: cst.Call) -> cst.BaseExpression:
    return call.func.value  # type: ignore[attr-defined, no-any-return]


def does(facts: Facts, expr: cst.BaseExpression, *kinds: ops.Kind, without: tuple[ops.Kind, ...] = ()) -> bool:
    """Whether ``expr`` calls a library operation of any of ``kinds`` (and none of ``without``), by
    the framework tables: a function by its qualified name, a tensor method by its name."""
    if not isinstance(expr, cst.Call):
        return False
    method = method_name(expr, facts)
    found = ops.of_method(method) if method is not None else ops.of_function(facts.call_name(expr))
    return bool(found & set(kinds)) and not found & set(without)


def segment_sum(facts: Facts, call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression | None] | None:
    """(the values, the index of their segments) of a sum per segment, where the framework tables
    say they sit: ``scatter_add(w, index)``, ``torch.index_add(out, 0, index, w)``,
    ``out.index_add_(0, index, w)``, ``unsorted_segment_sum(w, ids, n)``. None when ``call`` is
    no segment sum, chooses another reduction (``reduce="amax"``) or names no values."""
    method = method_name(call, facts)
    row = ops.method_row(method) if method is not None else ops.function_row(facts.call_name(call))
    if (row is None or row.segment is None) and name_of(facts, call) in _SCATTERS:
        return _scattered(call)
    if row is None or row.segment is None:
        return None

    shift = 0 if method is None else 1  # a method's receiver is the function form's argument 0

    def at(where: ops.Arg) -> cst.BaseExpression | None:
        position, key = where
        return argument(call, None if position is None else position - shift, key)

    reduce = at(row.segment.reduce) if row.segment.reduce is not None else None
    if reduce is not None and not (isinstance(reduce, cst.SimpleString) and reduce.evaluated_value in ("sum", "add")):
        return None
    values = at(row.segment.summed)
    return (values, at(row.segment.ids)) if values is not None else None


# Scatters that sum unless told another reduction (torch_scatter's and PyG's ``scatter(src, index,
# ..., reduce="sum")``, whose ``reduce`` sits at different positions): values first, then the index.
_SCATTERS = frozenset({"torch_scatter.scatter", "pyg.utils.scatter", "pyg.utils.scatter_add"})


def _scattered(call: cst.Call) -> tuple[cst.BaseExpression, cst.BaseExpression | None] | None:
    """(values, index) of a :data:`_SCATTERS` call that sums: no reduction named, or "sum"/"add"
    (by keyword, or the one string among its positional arguments)."""
    named = [a.value for a in call.args if a.keyword is not None and a.keyword.value == "reduce"] \
        or [a.value for a in call.args if a.keyword is None and isinstance(a.value, cst.SimpleString)]
    if named and not (isinstance(named[0], cst.SimpleString) and named[0].evaluated_value in ("sum", "add")):
        return None
    values = argument(call, 0, "src")
    return (values, argument(call, 1, "index")) if values is not None else None


def squared(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """The tensor ``expr`` squares element-wise (``x ** 2``, ``x * x``, ``x.pow(2)``, ``torch.pow(x, 2)``,
    ``tf.square(x)``): the result is 0 exactly where that tensor is. None otherwise."""
    if isinstance(expr, cst.BinaryOperation):
        if isinstance(expr.operator, cst.Power):
            return expr.left if number(expr.right) == 2.0 else None
        if isinstance(expr.operator, cst.Multiply):
            same = dotted_name(expr.left)
            return expr.left if same is not None and same == dotted_name(expr.right) else None
        return None
    if not isinstance(expr, cst.Call):
        return None
    if does(facts, expr, "square"):
        return operand(facts, expr)
    if does(facts, expr, "power"):
        method = method_name(expr, facts) is not None
        return operand(facts, expr) if number(argument(expr, 0 if method else 1, "exponent")) == 2.0 else None
    return None


def root_of(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """What ``expr`` takes the square root of: ``sqrt(v)``, ``v ** 0.5``, ``v.pow(0.5)``,
    ``torch.pow(v, 0.5)`` (not ``rsqrt``). None otherwise."""
    if isinstance(expr, cst.BinaryOperation):
        return expr.left if isinstance(expr.operator, cst.Power) and number(expr.right) == 0.5 else None
    if not isinstance(expr, cst.Call):
        return None
    if does(facts, expr, "sqrt", without=("reciprocal",)):
        return operand(facts, expr)
    if does(facts, expr, "power"):
        method = method_name(expr, facts) is not None
        return operand(facts, expr) if number(argument(expr, 0 if method else 1, "exponent")) == 0.5 else None
    return None


def name_of(facts: Facts, call: cst.Call) -> str | None:
    return canonical(facts.call_name(call))


def is_call_to(facts: Facts, expr: cst.BaseExpression, functions: set[str], methods: set[str] | frozenset[str] = frozenset()) -> bool:
    if not isinstance(expr, cst.Call):
        return False
    return name_of(facts, expr) in functions or method_name(expr, facts) in methods


def operand(facts: Facts, call: cst.Call) -> cst.BaseExpression | None:
    """The tensor a function or method form operates on: ``torch.f(x, ...)`` / ``x.f(...)``."""
    if method_name(call, facts) is not None:
        return receiver(call)
    return argument(call, 0, None) or argument(call, None, "input") or argument(call, None, "x")


def latest_value(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """What a name (or ``self.attr``) was last assigned, if that last store was a plain assignment."""
    bindings = _bindings_before(facts, expr)
    if not bindings:
        return None
    last = bindings[-1]
    if last.kind == "augassign" and isinstance(last.node, cst.AugAssign):
        # `dense += mask` holds `dense + mask`: what dense held before, plus the mask.
        # Element stores in between (`x[i] = c`) change entries, not where the value came from.
        earlier = [b for b in bindings[:-1] if b.kind != "subscript"]
        before = earlier[-1].value if earlier and earlier[-1].kind == "assign" else None
        return augmented_value(last.node, before)
    if last.kind != "assign" or last.value is None:
        return None
    return last.value


def unpacked_value(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """What a name unpacked from a call of a straight-line project helper holds: ``s`` in
    ``s, n = stats(x)`` is the first element of the tuple ``stats`` returns, in the caller's terms."""
    bindings = _bindings_before(facts, expr)
    last = bindings[-1] if bindings else None
    if last is None or last.kind != "unpack" or not isinstance(last.value, cst.Call) \
            or not isinstance(last.node, cst.Assign) or len(last.node.targets) != 1:
        return None
    target = last.node.targets[0].target
    if not isinstance(target, (cst.Tuple, cst.List)) or any(isinstance(e, cst.StarredElement) for e in target.elements):
        return None
    positions = [i for i, e in enumerate(target.elements) if dotted_name(e.value) == last.target]
    return returned_expression(facts, last.value, positions[0]) if len(positions) == 1 else None


def _bindings_before(facts: Facts, expr: cst.BaseExpression) -> list[Binding]:
    """The stores to the name ``expr`` spells that its value can come from."""
    name = dotted_name(expr)
    if name is None:
        return []
    bindings = facts.bindings(name)
    # ``p = f(p)``: in its right-hand side ``p`` still means the previous value, also when that
    # right-hand side is reached later from a use (``out = out.exp()`` then ``out = out / s``).
    # ``p /= s``: its target, read by the division, is the value before the store too.
    inside = next((i for i, b in enumerate(bindings) if b.value is not None and contains(b.value, expr)
                   or b.kind == "augassign" and isinstance(b.node, cst.AugAssign) and contains(b.node.target, expr)),
                  None)
    if inside is not None:
        del bindings[inside:]
    return bindings


def contains(tree: cst.CSTNode, node: cst.CSTNode) -> bool:
    """Whether ``node`` (by identity) is ``tree`` or inside it."""
    return any(current is node for current in descendants(tree))


# What keeps a tensor's values in another shape, type, place or copy (the tables' kinds; not a
# transpose, which moves them between rows and columns).
_SAME_VALUE_KINDS: tuple[ops.Kind, ...] = ("reshape", "expand", "cast", "device", "copy", "convert")
SHAPE_METHODS = ops.methods_of(*_SAME_VALUE_KINDS)
# Entries of a tensor picked by an index (``tf.gather``, ``index_select``): its values, as ``s[index]``.
_GATHERS: frozenset[ops.Kind] = frozenset({"select", "lookup"})


def shape_free(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """The tensor ``expr`` reshapes, indexes or casts (``s[:, None]``, ``s.reshape(-1, 1)``,
    ``np.expand_dims(s, 1)``, ``s.float()``): the same values in another shape. None otherwise."""
    if isinstance(expr, cst.Subscript):
        return expr.value
    if isinstance(expr, cst.Call):
        method = method_name(expr, facts)
        if method in SHAPE_METHODS or _GATHERS <= ops.of_method(method):
            return receiver(expr)
        kinds = ops.of_function(facts.call_name(expr))
        if _GATHERS <= kinds and expr.args and expr.args[0].keyword is None:
            return expr.args[0].value  # rows picked by index (``tf.gather(s, seg)``), like ``s[seg]``
        positional = [a for a in expr.args if a.keyword is None and not a.star]
        # a conversion of one value (``np.array(x)``), not a constructor from parts
        # (``sparse_coo_tensor(indices, values)``)
        if kinds & set(_SAME_VALUE_KINDS) and positional and ("convert" not in kinds or len(positional) == 1):
            return positional[0].value
    return None


# Casts that keep a value and drop its tensor-ness: a zero stays zero, a maximum stays the maximum.
_CAST_METHODS = frozenset({"item", "float", "double", "detach", "cpu", "to"})
_CAST_FUNCTIONS = frozenset({"numpy.float", "numpy.float32", "numpy.float64", "numpy.double", "numpy.asarray"})


def uncast(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression:
    """The value under casts that keep it: ``float(m)``, ``np.float32(m)``, ``m.item()``, ``m.cpu()``."""
    while isinstance(expr, cst.Call) and len(expr.args) <= 1:
        func = expr.func
        if isinstance(func, cst.Attribute) and func.attr.value in _CAST_METHODS and not expr.args \
                and facts.qualified_name(func) is None:
            expr = func.value
        elif expr.args and ((isinstance(func, cst.Name) and func.value == "float" and facts.qualified_name(func) is None)
                            or facts.call_name(expr) in _CAST_FUNCTIONS):
            expr = expr.args[0].value
        else:
            break
    return expr


def trace(facts: Facts, expr: cst.BaseExpression | None, depth: int = 4) -> Iterator[cst.BaseExpression]:
    """``expr``, then what it was last assigned, transitively; indexing (``p[mask]``), reshaping
    (``.reshape(-1, 1)``, ``[:, None]``) and casts are looked through: they keep the values. A call
    of a straight-line project helper is followed into what it returns, in the caller's terms."""
    seen = 0
    while expr is not None and seen <= depth:
        yield expr
        inner = shape_free(facts, expr)
        while inner is not None:
            expr = inner
            yield expr
            inner = shape_free(facts, expr)
        expr = returned_expression(facts, expr) if isinstance(expr, cst.Call) else \
            latest_value(facts, expr) or unpacked_value(facts, expr)
        seen += 1


def sum_of(facts: Facts, expr: cst.BaseExpression, adds_up: Callable[[cst.BaseExpression], bool],
           follow: Callable[[cst.BaseExpression], Iterable[cst.BaseExpression]] | None = None) -> cst.Call | None:
    """The sum ``expr`` is when ``adds_up`` accepts what it adds: ``x.sum(...)``, ``tf.reduce_sum(x)``,
    a segment sum (``scatter(x, index, reduce="sum")``), under reshapes and gathers and through the
    names ``follow`` looks through (``trace`` by default). One term of a ``+`` is enough: an inf term
    makes the whole sum inf, and ``e.sum() + eps`` still holds the sum. The one recogniser of "values
    over their sum" (GNN506's exp over its sum, GNN501's softmax written out)."""
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
        return next((found for side in (expr.left, expr.right)
                     if (found := sum_of(facts, side, adds_up, follow)) is not None), None)
    for candidate in (follow or (lambda e: trace(facts, e, depth=3)))(expr):
        if not isinstance(candidate, cst.Call) or shape_free(facts, candidate) is not None:
            continue  # (the sums under a reshape or a gather are the next candidates)
        if does(facts, candidate, "sum"):
            inner = operand(facts, candidate)
        elif (summed := segment_sum(facts, candidate)) is not None:
            inner = summed[0]  # the values a segment sum adds up, where the framework tables say
        elif returned_expression(facts, candidate) is not None:
            continue  # a project helper's sum (`summed(e)`): the next candidate is what it returns
        else:
            return None
        return candidate if inner is not None and adds_up(inner) else None
    return None


def changed_in_place(graph: GraphFacts, expr: cst.BaseExpression, *kinds: ops.Kind
                     ) -> tuple[cst.Call, cst.BaseExpression | None] | None:
    """The in-place call (``s.exp_()``) that did ``kinds`` to the tensor the name ``expr`` holds, when
    it is the only in-place change made to it since it was stored (a shift made in place before an
    ``exp_`` is not followed: None), with the value stored before it (None for a parameter)."""
    name = dotted_name(expr)
    if name is None or graph.facts.qualified_name(expr) is not None:
        return None
    scope, at = graph.here()
    store, home = graph.lookup(name, scope, at)
    if store is None or home is None or store.kind not in ("assign", "param"):
        return None  # (a value made by `+=` or a loop: not followed)
    changes = list(graph.after(name, home, store.order, at if home is scope else None))
    if len(changes) != 1:
        return None
    method, call, _ = changes[0]
    if not isinstance(call, cst.Call) or not method.endswith("_") or not does(graph.facts, call, *kinds):
        return None
    return call, store.value if store.kind == "assign" else None


class Mutations:
    """Names mutated in place by a guard (``deg.clamp_(1)``), remembered with the binding they hit."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self._marks: dict[str, cst.CSTNode | None] = {}

    def _latest(self, name: str) -> cst.CSTNode | None:
        """The store the name reads here: the mark is for that binding, not for a namesake in
        another function (``noise.add_(eps)`` in one sampler guards no ``noise`` of another)."""
        bindings = self.facts.bindings(name)
        return bindings[-1].node if bindings else None

    def record(self, call: cst.Call) -> None:
        if method_name(call, self.facts) in INPLACE_GUARDS:
            name = dotted_name(receiver(call))
            if name is not None:
                self._marks[name] = self._latest(name)

    def guarded(self, expr: cst.BaseExpression) -> bool:
        name = dotted_name(expr)
        return name is not None and name in self._marks and self._marks[name] is self._latest(name)


def _module_constructor_kind(facts: Facts, expr: cst.BaseExpression) -> Activation | None:
    """``softmax``/``sigmoid`` for ``nn.Softmax(dim=1)``, ``layers.Activation("softmax")``."""
    if not isinstance(expr, cst.Call):
        return None
    name = name_of(facts, expr)
    if name in _PROB_MODULES:
        return _PROB_MODULES[name]
    if name == "keras.layers.Activation":
        return activation_kind(facts, argument(expr, 0, "activation"))
    return None


def activation_kind(facts: Facts, value: cst.BaseExpression | None) -> Activation | None:
    """``softmax``/``sigmoid``/``linear`` for an ``activation=`` value, None when unknown."""
    if value is None:
        return "linear"
    if isinstance(value, cst.Name) and value.value == "None":
        return "linear"
    if isinstance(value, cst.SimpleString):
        text = value.evaluated_value
        if text in ("softmax", "sigmoid", "linear"):
            return text  # type: ignore[return-value]
        return "other"
    resolved = canonical(facts.qualified_name(value))
    if resolved in SOFTMAX:
        return "softmax"
    if resolved in SIGMOID:
        return "sigmoid"
    if resolved in ("keras.activations.linear",):
        return "linear"
    return None


def probability_kind(facts: Facts, expr: cst.BaseExpression) -> Activation | None:
    """``softmax``/``sigmoid`` when ``expr`` itself computes probabilities (no name resolution)."""
    while isinstance(expr, cst.Subscript):
        expr = expr.value
    if not isinstance(expr, cst.Call):
        return None
    name = name_of(facts, expr)
    if name in SOFTMAX:
        return "softmax"
    if name in SIGMOID:
        return "sigmoid"
    method = method_name(expr, facts)
    if method in ("softmax", "sigmoid", "sigmoid_"):
        return "softmax" if method == "softmax" else "sigmoid"
    func = expr.func
    # nn.Softmax(dim=1)(x) or self.softmax(x) with self.softmax = nn.Softmax(dim=1)
    kind = _module_constructor_kind(facts, func)
    if kind is None and dotted_name(func) is not None:
        bound = latest_value(facts, func)
        kind = _module_constructor_kind(facts, bound) if bound is not None else None
        # `sigmoid = F.sigmoid` ... `sigmoid(x)`: an alias of the library function
        if kind is None and isinstance(bound, (cst.Name, cst.Attribute)):
            aliased = canonical(facts.qualified_name(bound))
            kind = "softmax" if aliased in SOFTMAX else "sigmoid" if aliased in SIGMOID else None
    return kind


def traced_probability(facts: Facts, expr: cst.BaseExpression,
                       module: cst.Module | None = None) -> tuple[Activation, cst.BaseExpression] | None:
    """(kind, the producing expression) if ``expr`` holds softmax/sigmoid output, following names and,
    with ``module``, a model defined in this file whose forward/call returns probabilities."""
    for candidate in trace(facts, expr):
        kind = probability_kind(facts, candidate)
        if kind is not None:
            return kind, candidate
        if module is not None and isinstance(candidate, cst.Call):
            kind = model_output_kind(facts, module, candidate)
            if kind in ("softmax", "sigmoid"):
                return kind, candidate
    return None


def is_negative_huge(facts: Facts, expr: cst.BaseExpression | None, threshold: float = -1e4) -> str | None:
    """``"-inf"`` or ``"finite"`` for a mask constant (``float("-inf")``, ``-np.inf``, ``-1e9``,
    ``torch.finfo(t).min``, ``-9e15 * torch.ones_like(e)``), else None."""
    if expr is None:
        return None
    value = number(expr)
    if value is not None:
        return "finite" if value <= threshold else None
    if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus):
        inner = expr.expression
        if _is_inf(facts, inner):
            return "-inf"
        if isinstance(inner, cst.Call) and _is_inf(facts, inner):
            return "-inf"
        return None
    if isinstance(expr, cst.Call):
        func = dotted_name(expr.func)
        if func == "float" and expr.args and isinstance(expr.args[0].value, cst.SimpleString):
            text = expr.args[0].value.evaluated_value.strip().lower()
            return "-inf" if text in ("-inf", "-infinity") else None
        # -9e15 * ones_like(e) written as full_like(e, -9e15)
        if "fill" in ops.of_function(facts.call_name(expr)):
            return is_negative_huge(facts, argument(expr, 1, "fill_value") or argument(expr, 1, "value"), threshold)
        return None
    if isinstance(expr, cst.Attribute):
        if expr.attr.value == "min" and isinstance(expr.value, cst.Call) and \
                (canonical(facts.call_name(expr.value)) or "").endswith("finfo"):
            return "finite-min"
        name = canonical(facts.qualified_name(expr))
        if name in ("np.NINF",):
            return "-inf"
        return None
    if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Multiply):
        for side, other in ((expr.left, expr.right), (expr.right, expr.left)):
            kind = is_negative_huge(facts, side, threshold)
            if kind is not None and _is_ones(facts, other):
                return kind
    return None


def _is_inf(facts: Facts, expr: cst.BaseExpression) -> bool:
    name = canonical(facts.qualified_name(expr)) if not isinstance(expr, cst.Call) else None
    if name in ("math.inf", "np.inf", "np.Inf", "np.infty", "torch.inf"):
        return True
    if isinstance(expr, cst.Call) and dotted_name(expr.func) == "float" and expr.args and \
            isinstance(expr.args[0].value, cst.SimpleString):
        return expr.args[0].value.evaluated_value.strip().lower() in ("inf", "infinity")
    return False


def _is_ones(facts: Facts, expr: cst.BaseExpression) -> bool:
    return isinstance(expr, cst.Call) and constant_fill(facts, expr) == 1.0


def constant_fill(facts: Facts, call: cst.Call) -> float | None:
    """The value every entry of a library constant holds (``ones(n)``, ``ones_like(x)``), by the
    tables' draw rows; None for anything else."""
    row = ops.draw(facts.call_name(call))
    if row is None or row.distribution != "constant" or row.initialiser or not isinstance(row.value, float):
        return None
    return row.value


# -- models defined in the same file -------------------------------------------------------------

def _class_named(module: cst.Module, name: str) -> cst.ClassDef | None:
    for statement in module.body:
        if isinstance(statement, cst.ClassDef) and statement.name.value == name:
            return statement
    return None


def _method(cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
    for statement in cls.body.body:
        if isinstance(statement, cst.FunctionDef) and statement.name.value == name:
            return statement
    return None


def _assigns_and_returns(function: cst.FunctionDef) -> list[cst.Assign | cst.Return]:
    """Assignments and returns of one function body in source order (nested functions skipped)."""
    def nested(node: cst.CSTNode) -> bool:
        return type(node) is cst.FunctionDef and node is not function

    return [node for node in descendants(function, prune=nested)  # type: ignore[misc]  # the types checked
            if type(node) in (cst.Assign, cst.Return)]


def _returned_kind(facts: Facts, cls: cst.ClassDef, method: str) -> Activation | None:
    function = _method(cls, method)
    if function is None:
        return None
    init = _method(cls, "__init__")
    attributes: dict[str, cst.BaseExpression] = {}
    if init is not None:
        for node in _assigns_and_returns(init):
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    name = dotted_name(target.target)
                    if name is not None and name.startswith("self."):
                        attributes[name] = node.value
    local: dict[str, cst.BaseExpression] = {}
    kinds = set()
    for node in _assigns_and_returns(function):
        if isinstance(node, cst.Assign):
            for target in node.targets:
                name = dotted_name(target.target)
                if name is not None:
                    local[name] = node.value
        elif isinstance(node, cst.Return) and node.value is not None:
            kinds.add(_local_kind(facts, node.value, local, attributes))
    if len(kinds) == 1:
        return kinds.pop()
    return None


def _local_kind(facts: Facts, expr: cst.BaseExpression, local: dict[str, cst.BaseExpression],
                attributes: dict[str, cst.BaseExpression], depth: int = 4) -> Activation | None:
    for _ in range(depth):
        kind = probability_kind(facts, expr)
        if kind is not None:
            return kind
        if isinstance(expr, cst.Call):
            func_name = dotted_name(expr.func)
            bound = attributes.get(func_name) if func_name else None
            if bound is not None:
                kind = _module_constructor_kind(facts, bound) or layer_kind(facts, bound)
                return kind
            return None
        name = dotted_name(expr)
        if name is None or name not in local:
            return None
        expr = local[name]
    return None


def layer_kind(facts: Facts, layer: cst.BaseExpression) -> Activation | None:
    """The output activation of a Keras/Spektral layer constructor call, None when unknown."""
    if not isinstance(layer, cst.Call):
        return None
    kind = _module_constructor_kind(facts, layer)
    if kind is not None:
        return kind
    name = name_of(facts, layer) or ""
    if name == "keras.layers.Dense" or name.startswith("spektral.layers."):
        position = 1 if name == "keras.layers.Dense" or "Conv" in name else None
        return activation_kind(facts, argument(layer, position, "activation"))
    return None


def model_output_kind(facts: Facts, module: cst.Module, call: cst.Call) -> Activation | None:
    """What ``model(x)`` / ``model.predict(x)`` returns (``softmax``, ``sigmoid``, ``linear``) for a
    model built in this file: a torch/Keras class whose forward/call returns it, a Keras
    ``Sequential([...])`` or a functional ``Model(inputs, outputs)``."""
    func = call.func
    if isinstance(func, cst.Attribute) and func.attr.value in ("predict", "predict_on_batch"):
        func = func.value
    model = latest_value(facts, func) if dotted_name(func) is not None else None
    if not isinstance(model, cst.Call):
        return None
    return model_kind(facts, module, model)


def model_kind(facts: Facts, module: cst.Module, model: cst.Call) -> Activation | None:
    name = name_of(facts, model)
    if name == "keras.Sequential" or name == "keras.models.Sequential":
        layers = argument(model, 0, "layers")
        if isinstance(layers, (cst.List, cst.Tuple)) and layers.elements:
            return layer_kind(facts, layers.elements[-1].value)
        return None
    if name in ("keras.Model", "keras.models.Model"):
        outputs = argument(model, 1, "outputs")
        return output_tensor_kind(facts, outputs) if outputs is not None else None
    if isinstance(model.func, cst.Name) and facts.qualified_name(model.func) is None:
        cls = _class_named(module, model.func.value)
        if cls is not None:
            return _returned_kind(facts, cls, "forward") or _returned_kind(facts, cls, "call")
    return None


def output_tensor_kind(facts: Facts, expr: cst.BaseExpression) -> Activation | None:
    """The activation of a functional-API tensor ``Dense(10, activation="softmax")(h)``."""
    for candidate in trace(facts, expr):
        kind = probability_kind(facts, candidate)
        if kind is not None:
            return kind
        if isinstance(candidate, cst.Call):
            layer = candidate.func
            if dotted_name(layer) is not None:
                layer = latest_value(facts, layer) or layer
            kind = layer_kind(facts, layer)
            if kind is not None:
                return kind
            return None
    return None


def guard_call(facts: Facts, expr: cst.BaseExpression, ceiling: bool = False) -> bool:
    """A call that bounds its operand, by the framework tables: below (a floor, what keeps a log's
    or a division's operand from 0: a clamp given a lower bound that is no constant <= 0, an
    element-wise maximum with no constant <= 0 among its operands) or, with ``ceiling``, above
    (what keeps an ``exp`` from overflowing: a clamp given an upper bound, a minimum). ``where``
    and ``nan_to_num`` replace the entries a test picks, either way."""
    if not isinstance(expr, cst.Call):
        return False
    method = method_name(expr, facts)
    kinds = ops.of_method(method) if method is not None else ops.of_function(facts.call_name(expr))
    if not kinds & set(_CEILINGS if ceiling else _FLOORS):
        return False
    if "clamp" in kinds:
        low, high = _clamp_bounds(facts, expr, method is not None)
        return high if ceiling else low is not None and not _non_positive_constant(low)
    if "maximum" in kinds and not ceiling:
        return not any(_non_positive_constant(a.value) for a in expr.args)  # not a relu: maximum(x, 0)
    return True


def _non_positive_constant(expr: cst.BaseExpression) -> bool:
    value = number(expr)
    return value is not None and value <= 0


def _clamp_bounds(facts: Facts, call: cst.Call, method: bool) -> tuple[cst.BaseExpression | None, bool]:
    """(the lower bound, whether an upper bound is given) of a clamp: the row says where the lower
    bound is (a method takes it first, as ``min``); the upper bound is any other bound given."""
    row = None if method else ops.function_row(facts.call_name(call))
    position, keyword = (0, "min") if row is None or row.low is None else row.low
    low = argument(call, position, keyword)
    given = [(i, a) for i, a in enumerate(a for a in call.args if not a.star)
             if not (isinstance(a.value, cst.Name) and a.value.value == "None")]  # np.clip(x, None, 10)
    operand_keywords = {"input", "a", "x", "t", "out", "dtype", "name", keyword}
    high = any((a.keyword is None and i > position) or (a.keyword is not None and a.keyword.value not in operand_keywords)
               for i, a in given)
    if isinstance(low, cst.Name) and low.value == "None":
        low = None
    return low, high


def framework(facts: Facts, name: str | None) -> str:
    """``torch``, ``tf`` or ``np`` for a canonical function name, for framework-specific fix titles."""
    if name is None:
        if facts.is_imported("torch"):
            return "torch"
        if any(facts.is_imported(r) for r in ("tensorflow", "keras", "tf_keras")):
            return "tf"
        return "np"
    if name.startswith(("torch", "F.", "pyg.")):
        return "torch"
    if name.startswith(("tf.", "keras.")):
        return "tf"
    return "np"


# -- probabilities across functions and modules ---------------------------------------------------

# Methods that hand back the same values (a copy, another device, another shape, one entry).
_SAME_VALUES = SHAPE_METHODS | {"cpu", "cuda", "numpy", "item", "tolist", "data", "squeeze_", "unsqueeze_"}
_MAX_DEPTH = 20
# Library functions that pick entries of a tensor: (position, keyword) of the tensor picked from.
_SELECTIONS = {"np.extract": (1, "arr"), "np.take": (0, "a"), "np.take_along_axis": (0, "arr"),
               "torch.gather": (0, "input"), "torch.index_select": (0, "input"), "torch.masked_select": (0, "input"),
               "torch.take": (0, "input"), "tf.gather": (0, "params"), "tf.gather_nd": (0, "params"),
               "tf.boolean_mask": (0, "tensor")}
_PREDICT = {"predict", "predict_on_batch"}
# Calls on a Keras model that leave its layers as they are.
_KERAS_MODEL_USES = frozenset({"compile", "fit", "fit_generator", "train_on_batch", "test_on_batch", "evaluate",
                               "predict", "predict_on_batch", "summary", "save", "save_weights", "load_weights"})


class Probabilities:
    """Whether a value holds softmax/sigmoid output, judged over the shared stores of
    :class:`GraphFacts`: through names, the returns of the project's functions and models (in any
    module), and a parameter that every call of its function passes probabilities in, in this
    module or in the project modules that import it (``calculate_loss(prediction, target)`` with
    ``prediction = self.model(data)`` a sigmoid). Not known is the default answer."""

    def __init__(self, graph: GraphFacts) -> None:
        self.graph = graph
        self._depth = 0

    def of(self, expr: cst.BaseExpression, scope: Scope, at: int,
           element: int | None = None) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """(kind, the call that computes it, the module's facts it is in) for ``expr`` (its tuple
        element ``element``) at statement ``at`` of ``scope``, or None."""
        if self._depth >= _MAX_DEPTH:
            return None
        self._depth += 1
        try:
            return self._of(expr, scope, at, element)
        finally:
            self._depth -= 1

    def _of(self, expr: cst.BaseExpression, scope: Scope, at: int,
            element: int | None) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        graph = scope.graph or self.graph
        if element is not None:
            if isinstance(expr, (cst.Tuple, cst.List)) and element < len(expr.elements) \
                    and not any(isinstance(e, cst.StarredElement) for e in expr.elements[:element + 1]):
                return self.of(expr.elements[element].value, scope, at)
            if not isinstance(expr, (cst.Name, cst.Attribute, cst.Call)):
                return None
        elif isinstance(expr, cst.Subscript):
            return self.of(expr.value, scope, at)  # entries of probabilities are probabilities
        if isinstance(expr, cst.Call):
            if element is None:
                kind = probability_kind(graph.facts, expr) or self._activation_module(expr, scope)
                if kind is not None:
                    return kind, expr, graph
                method = method_name(expr, graph.facts)
                if method in _SAME_VALUES:
                    return self.of(receiver(expr), scope, at)
                picked = _SELECTIONS.get(name_of(graph.facts, expr) or "")
                if picked is not None:
                    source = argument(expr, *picked)
                    return self.of(source, scope, at) if source is not None else None
                if method in _PREDICT:
                    return self._keras_model(receiver(expr), scope, at)
                averaged = self._averaged(expr, scope, at)
                if averaged is not None:
                    return averaged
                selected = self._one_hot_selection(expr, scope, at)
                if selected is not None:
                    return self.of(selected, scope, at)
            function = graph.function_for(expr, scope, at)
            if function is None or not function.returns:
                return None
            found = [self.of(ret, function, order + 1, element) for ret, order in function.returns]
            return _agreed(found)
        if isinstance(expr, cst.Attribute) and expr.attr.value == "data" and element is None:
            return self.of(expr.value, scope, at)
        if isinstance(expr, cst.BinaryOperation) and element is None:
            return self._product(expr, scope, at)
        name = dotted_name(expr)
        if name is None or graph.facts.qualified_name(expr) is not None:
            return None
        held = self._name(name, scope, at, element)
        if held is None and element is None and name.startswith("self.") and name.count(".") == 1:
            held = self._attribute_may_hold(name, scope)
        if held is None and element is None and isinstance(expr, cst.Attribute) and not name.startswith("self."):
            held = self._constructor_field(expr, scope, at)
        return held

    def _constructor_field(self, expr: cst.Attribute, scope: Scope, at: int
                           ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """``holder.X`` where ``holder`` was built by a project class whose ``__init__`` keeps its
        parameter as the field (``self.X = X``): what that construction passed for it. The
        instance must be left as built: no method called on ``holder`` before the read."""
        from gnnlint.analysis.passed import built_by  # the shared followers, read only
        graph = scope.graph or self.graph
        base = dotted_name(expr.value)
        if base is None or "." in base:
            return None
        store, home = graph.lookup(base, scope, at)
        if store is None or home is None or store.kind != "assign" \
                or any(True for _ in graph.after(base, home, store.order, at if home is scope else None)):
            return None
        found = []
        for built in built_by(expr.value, scope, at, returns=True):
            init = _constructor(built.graph, built.call)
            if init is None:
                continue
            param = _kept_parameter(init, expr.attr.value)
            passed = argument(built.call, init.call_params().index(param), param) if param is not None else None
            if passed is None:
                return None
            found.append(self.of(passed, built.scope, built.order))
        return _agreed(found)

    def _name(self, name: str, scope: Scope, at: int, element: int | None
              ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """What the store of ``name`` visible at statement ``at`` holds."""
        graph = scope.graph or self.graph
        store, home = graph.lookup(name, scope, at)
        if store is None or home is None or any(not _leaves_others(name, *change) for change in graph.after(
                name, home, store.order, at if home is scope else None)):
            return None
        if store.kind == "param":
            return self._parameter(name, home, element) if store.value is None and home.kind == "function" else None
        if store.value is None:
            return None
        where = store.where or home
        if store.kind == "assign":
            return self.of(store.value, where, store.order, element)
        if store.kind == "unpack" and store.index is not None and element is None:
            return self.of(store.value, where, store.order, store.index)
        return None

    def _averaged(self, expr: cst.Call, scope: Scope, at: int
                  ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """The mean of probabilities along an axis (``torch.mean(p, dim=1)`` over Monte-Carlo samples
        or an ensemble) is a probability: 0 wherever every averaged one underflows. Not along the
        axis the softmax normalised (that mean is the constant 1 / classes), nor over everything."""
        graph = scope.graph or self.graph
        if not does(graph.facts, expr, "mean"):
            return None
        method = method_name(expr, graph.facts) is not None
        axis = argument(expr, 0 if method else 1, "dim") or argument(expr, None, "axis")
        inner = operand(graph.facts, expr)
        if axis is None or inner is None:
            return None
        found = self.of(inner, scope, at)
        if found is None or not isinstance(found[1], cst.Call) or not self._held_as_is(graph, inner, found[1], scope, at):
            return found  # (through a reshape the axes are not comparable)
        normalised = argument(found[1], 1, "dim") or argument(found[1], None, "axis")
        return None if normalised is not None and number(normalised) == number(axis) else found

    @staticmethod
    def _held_as_is(graph: GraphFacts, expr: cst.BaseExpression, producer: cst.BaseExpression,
                    scope: Scope, at: int) -> bool:
        """Whether ``expr`` is ``producer`` or a name assigned it, with no reshape in between."""
        for _ in range(4):
            if expr is producer:
                return True
            name = dotted_name(expr)
            store, home = graph.lookup(name, scope, at) if name is not None else (None, None)
            if store is None or home is None or store.kind != "assign" or store.value is None:
                return False
            expr, scope, at = store.value, store.where or home, store.order
        return False

    def _activation_module(self, call: cst.Call, scope: Scope) -> Activation | None:
        """``self.act(h)`` in a method, where every store of ``self.act`` is ``nn.Softmax(...)``
        (or ``nn.Sigmoid()``): the module's output activation, read where the class is used."""
        name = dotted_name(call.func)
        if name is None or not name.startswith("self.") or name.count(".") != 1:
            return None
        kinds = {_module_constructor_kind((where.graph or self.graph).facts, store.value)
                 for store, where in attribute_stores(name, scope) if store.kind == "assign" and store.value is not None}
        return kinds.pop() if len(kinds) == 1 and None not in kinds else None

    def _attribute_may_hold(self, name: str, scope: Scope
                            ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """Probabilities when any store of the attribute ``self.x`` may reach its read in a method
        (:func:`attribute_stores`)."""
        for store, where in attribute_stores(name, scope):
            if store.kind == "assign" and store.value is not None:
                found = self.of(store.value, where, store.order)
                if found is not None:
                    return found
        return None

    def _product(self, expr: cst.BinaryOperation, scope: Scope, at: int
                 ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """A product of probabilities, and of constants in (0, 1], is a probability: the chance of a
        path of binary decisions (``p = p * sigmoid(s)`` from ``p = torch.tensor([1.0])``, a
        hierarchical softmax), which underflows sooner than any of its factors."""
        if isinstance(expr.operator, cst.Divide) and self._sigmoid_by_hand(expr, scope):
            return "sigmoid", expr, scope.graph or self.graph
        if isinstance(expr.operator, cst.Divide) and self._softmax_by_hand(expr, scope, at):
            return "softmax", expr, scope.graph or self.graph
        if not isinstance(expr.operator, cst.Multiply):
            return None
        found = None
        for side in (expr.left, expr.right):
            if self._unit(side, scope, at):
                continue
            factor = self.of(side, scope, at)
            if factor is None:
                return None
            found = found or factor
        return found

    def _sigmoid_by_hand(self, expr: cst.BinaryOperation, scope: Scope) -> bool:
        """``1 / (1 + exp(-x))``: a sigmoid written out."""
        graph = scope.graph or self.graph
        denominator = expr.right
        if number(expr.left) != 1 or not isinstance(denominator, cst.BinaryOperation) \
                or not isinstance(denominator.operator, cst.Add):
            return False
        for one, other in ((denominator.left, denominator.right), (denominator.right, denominator.left)):
            if number(one) == 1 and does(graph.facts, other, "exp"):
                return True
        return False

    def _softmax_by_hand(self, expr: cst.BinaryOperation, scope: Scope, at: int) -> bool:
        """``e / e.sum(axis, keepdims=True)`` (or ``s = e.sum(...)``; ``e / s``) with ``e = exp(z)``: a
        softmax written out (shifted or not), whose entries underflow to 0 like the library's."""
        if not self._exp(expr.left, scope, at):
            return False
        left = dotted_name(expr.left)

        def same(summed: cst.BaseExpression) -> bool:  # the same exponentials: one name, or one call written twice
            return left is not None and dotted_name(summed) == left or summed.deep_equals(expr.left)

        return sum_of((scope.graph or self.graph).facts, expr.right, same,
                      lambda held: self._held(held, scope, at)) is not None

    def _held(self, expr: cst.BaseExpression, scope: Scope, at: int) -> Iterator[cst.BaseExpression]:
        """``expr``, the values it reshapes, and what the names among them hold where they are read."""
        while True:
            yield expr
            inner = shape_free((scope.graph or self.graph).facts, expr)
            if inner is not None:
                expr = inner
                continue
            built = self._stored(expr, scope, at) if dotted_name(expr) is not None else None
            if built is None or built[0] is expr:
                return
            expr, scope, at = built

    def _exp(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        """``exp(z)``, directly or through a name that holds it unchanged."""
        graph = scope.graph or self.graph
        built = self._stored(expr, scope, at) if dotted_name(expr) is not None else (expr, scope, at)
        return built is not None and does((built[1].graph or graph).facts, built[0], "exp")

    def _unit(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        """A constant in (0, 1]: a number, ``ones(...)``, ``torch.tensor([1.0])``, or a name bound to one."""
        graph = scope.graph or self.graph
        value = number(expr)
        if value is not None:
            return 0 < value <= 1
        if isinstance(expr, cst.Call):
            fill = constant_fill(graph.facts, expr)
            if fill is not None:
                return 0 < fill <= 1
            data = argument(expr, 0, "data")
            if "convert" in ops.of_function(graph.facts.call_name(expr)) and isinstance(data, (cst.List, cst.Tuple)) \
                    and data.elements:
                return all(0 < (number(e.value) or 0) <= 1 for e in data.elements)
            return False
        built = self._stored(expr, scope, at) if dotted_name(expr) is not None else None
        return built is not None and built[0] is not expr and self._unit(*built)

    def _one_hot_selection(self, call: cst.Call, scope: Scope, at: int) -> cst.BaseExpression | None:
        """The probabilities ``p`` that ``(p * one_hot).sum(dim)`` / ``torch.sum(p * mask, dim)`` picks
        one entry of per row (the target class's probability, as a focal loss writes it), when
        the other factor is one-hot: ``F.one_hot(y)``, or a tensor 1 is scattered into."""
        graph = scope.graph or self.graph
        if not does(graph.facts, call, "sum"):
            return None
        product = operand(graph.facts, call)
        if not isinstance(product, cst.BinaryOperation) or not isinstance(product.operator, cst.Multiply):
            return None
        for value, mask in ((product.left, product.right), (product.right, product.left)):
            if self._one_hot(mask, scope, at):
                return value
        return None

    def _one_hot(self, expr: cst.BaseExpression, scope: Scope, at: int) -> bool:
        graph = scope.graph or self.graph
        if isinstance(expr, cst.Call):
            return (name_of(graph.facts, expr) or "").endswith(".one_hot")
        name = dotted_name(expr)
        if name is None or graph.facts.qualified_name(expr) is not None:
            return False
        store, home = graph.lookup(name, scope, at)
        if store is None or home is None or store.kind != "assign" or store.value is None:
            return False
        written = [node for method, node, _ in graph.after(name, home, store.order, at if home is scope else None)
                   if method == "scatter_" and isinstance(node, cst.Call)]
        if written:
            return all(number(argument(node, 2, "value") or argument(node, 2, "src")) == 1.0 for node in written)
        return self._one_hot(store.value, store.where or home, store.order)

    def _keras_model(self, model: cst.BaseExpression, scope: Scope, at: int
                     ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        """What ``model.predict(x)`` returns for a Keras model built as ``Model(inputs, outputs)``
        (Keras 1: ``output=``) or ``Sequential([...])``: the activation of its output layer."""
        graph = scope.graph or self.graph
        built = self._stored(model, scope, at, _KERAS_MODEL_USES)
        if built is None:
            return None
        call, home, order = built
        if not isinstance(call, cst.Call):
            return None
        name = name_of(graph.facts, call)
        if name in ("keras.Sequential", "keras.models.Sequential"):
            layers = argument(call, 0, "layers")
            last = layers.elements[-1].value if isinstance(layers, (cst.List, cst.Tuple)) and layers.elements else None
            kind = self._layer_kind(last, home, order) if last is not None else None
            return (kind, last, graph) if kind in ("softmax", "sigmoid") and last is not None else None
        if name not in ("keras.Model", "keras.models.Model"):
            return None
        outputs = argument(call, 1, "outputs") or argument(call, None, "output")
        tensor = self._stored(outputs, home, order) if outputs is not None else None
        if tensor is None or not isinstance(tensor[0], cst.Call):
            return None
        kind = self._layer_kind(tensor[0].func, tensor[1], tensor[2])  # Dense(..., activation=...)(h)
        return (kind, tensor[0], graph) if kind in ("softmax", "sigmoid") else None

    def _stored(self, expr: cst.BaseExpression, scope: Scope, at: int, harmless: frozenset[str] = frozenset()
                ) -> tuple[cst.BaseExpression, Scope, int] | None:
        """What a name holds, followed through plain assignments (no changes since, but for calls of
        ``harmless`` methods)."""
        graph = scope.graph or self.graph
        for _ in range(4):
            name = dotted_name(expr)
            if name is None or graph.facts.qualified_name(expr) is not None:
                return expr, scope, at
            store, home = graph.lookup(name, scope, at)
            if store is None or home is None or store.kind != "assign" or store.value is None \
                    or any(change not in harmless
                           for change, _, _ in graph.after(name, home, store.order, at if home is scope else None)):
                return None
            expr, scope, at = store.value, store.where or home, store.order
        return None

    def _layer_kind(self, layer: cst.BaseExpression, scope: Scope, at: int) -> Activation | None:
        """The output activation of a layer constructor: a Keras or Spektral layer, or a layer class
        of the project constructed with ``activation=`` (the Keras convention for the output)."""
        graph = scope.graph or self.graph
        built = self._stored(layer, scope, at)
        if built is None or not isinstance(built[0], cst.Call):
            return None
        call = built[0]
        kind = layer_kind(graph.facts, call)
        if kind is not None:
            return kind
        project_class = (isinstance(call.func, cst.Name) and call.func.value in graph.classes) or (
            graph.facts.qualified_name(call.func) is not None
            and graph.imported(graph.facts.qualified_name(call.func) or "") is not None)
        activation = argument(call, None, "activation")
        return activation_kind(graph.facts, activation) if project_class and activation is not None else None

    def _parameter(self, name: str, function: Scope, element: int | None
                   ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
        params = function.call_params()
        if name not in params:
            return None
        position = params.index(name)
        calls = _callers(function)
        if not calls:
            return None
        found = []
        for call, caller, at in calls:
            passed = argument(call, position, name)
            if passed is None:
                return None
            found.append(self.of(passed, caller, at, element))
        return _agreed(found)


def _leaves_others(name: str, kind: str, node: cst.CSTNode, value: cst.BaseExpression | None) -> bool:
    """Whether an in-place change of ``name`` leaves some of its entries as they were, untested:
    ``p[~node_mask] = 1`` overwrites the rows a mask picks, the others keep their probabilities.
    Not a change whose index or value reads ``name`` (``p[p == 0] = eps``: a guard of the zeros
    themselves), a whole-slice store (``p[:] = ...``), or a method call (``p.clamp_(eps)``)."""
    target = node
    if kind != "subscript" or value is None or not isinstance(target, cst.Subscript) \
            or dotted_name(target.value) != name:
        return False
    if all(isinstance(e.slice, cst.Slice) and e.slice.lower is None and e.slice.upper is None
           or isinstance(e.slice, cst.Index) and isinstance(e.slice.value, cst.Ellipsis) for e in target.slice):
        return False
    reads = _entry_reads(value) | set().union(*(names_in(e) for e in target.slice))
    return name.split(".")[0] not in reads and name not in reads


# Methods that read only the dtype or device of their argument (``ones(n).type_as(p)``).
_METADATA_ARGUMENT_METHODS = ops.methods_of("cast", "device")


def _entry_reads(expr: cst.BaseExpression) -> set[str]:
    """The names whose entries ``expr`` reads: not those passed only for their dtype or device."""
    found = names_in(expr)
    calls = [n for n in descendants(expr) if isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute)
             and n.func.attr.value in _METADATA_ARGUMENT_METHODS]
    if not calls:
        return found
    from gnnlint.analysis._rewrites import DropArguments  # a libcst class: imported on first use

    stripped = expr.visit(DropArguments(calls))
    return names_in(stripped) if isinstance(stripped, cst.BaseExpression) else found


def _constructor(graph: GraphFacts, call: cst.Call) -> Scope | None:
    """The ``__init__`` of the project class ``call`` constructs (of this module or imported)."""
    if isinstance(call.func, cst.Name) and call.func.value in graph.classes:
        return graph.functions.get(f"{call.func.value}.__init__")
    qualified = graph.facts.qualified_name(call.func)
    found = graph.imported(qualified) if qualified is not None else None
    if found is None or found[1] not in found[0].classes:
        return None
    return found[0].functions.get(f"{found[1]}.__init__")


def _kept_parameter(init: Scope, field: str) -> str | None:
    """The parameter of ``init`` that it stores as ``self.<field>`` with no change, if it does so in
    its only store of that field (``self.X = X``)."""
    cls = init.parent
    if cls is None:
        return None
    stores = [s for s in cls.stores.get(f"self.{field}", []) if (s.where or cls) is init]
    if len(stores) != 1 or stores[0].kind != "assign" or not isinstance(stores[0].value, cst.Name):
        return None
    name = stores[0].value.value
    own = init.stores.get(name, [])
    return name if name in init.call_params() and all(s.kind == "param" for s in own) else None


def _agreed(found: list[tuple[Activation, cst.BaseExpression, GraphFacts] | None]
            ) -> tuple[Activation, cst.BaseExpression, GraphFacts] | None:
    """The first when every one is the same kind of probability, else None."""
    if not found or any(f is None for f in found) or len({f[0] for f in found if f is not None}) != 1:
        return None
    return found[0]


def _callers(function: Scope) -> list[tuple[cst.Call, Scope, int]]:
    """Every call of ``function``: in its own module, and in the project modules that import it."""
    graph = function.graph
    if graph is None:
        return []
    found = list(graph.callers(function))
    project = graph.project
    if project is None or project.depth >= 2:
        return found
    project.depth += 1
    try:
        for path in project.importers(graph.path, mentioning=function.name.split(".")[0]):
            other = project.facts_of(path)
            if other is not None:
                found += other.callers(function)
    finally:
        project.depth -= 1
    return found


def attribute_stores(name: str, scope: Scope) -> list[tuple[Store, Scope]]:
    """Every store that may reach a read of the attribute ``self.x`` in the method ``scope``, with
    the scope it was made in. A model's methods run again and again (a forward per step), so the
    read sees the stores of the class's methods and those made through an instance of the class
    from another class of the module (``self.block.x = softmax(s)`` with ``self.block =
    Block(...)``), whichever ran last: the store in ``__init__`` (``self.x = ones(n) / n``) only
    holds until another one runs. Empty for anything but ``self.x`` read in a method."""
    graph = scope.graph
    cls = scope.parent
    if graph is None or scope.kind != "function" or cls is None or cls.kind != "class" \
            or not name.startswith("self.") or name.count(".") != 1:
        return []
    attribute = name.split(".", 1)[1]
    stores = [(store, store.where or cls) for store in cls.stores.get(name, [])]
    for other in graph.scopes:
        if other is cls or other.kind != "class":
            continue
        for held, written in other.stores.items():
            owner, _, last = held.rpartition(".")
            if last == attribute and owner.count(".") == 1 and owner.startswith("self.") \
                    and _instance_of(owner, written, other, cls):
                stores += [(store, store.where or other) for store in written]
    return stores


def _instance_of(owner: str, written: list[Store], scope: Scope, cls: Scope) -> bool:
    """Whether ``owner`` (``self.block``, an attribute of the class ``scope``) holds an instance of
    the class ``cls``, built in the module ``cls`` is in, where ``written`` is stored."""
    from gnnlint.analysis.passed import built_by  # the shared followers, read only
    owner_expr = cst.parse_expression(owner)
    for store in written:
        for built in built_by(owner_expr, store.where or scope, store.order):
            func = built.call.func
            if isinstance(func, cst.Name) and func.value == cls.name and built.graph is cls.graph:
                return True
    return False


def subclass_stores(name: str, scope: Scope) -> list[tuple[Store, Scope]]:
    """The stores of the attribute ``self.x`` read in a method of a class, made by the classes of
    the module that derive from it (``Scaler.transform`` dividing by ``self.scale`` that
    ``StandardScaler.fit`` sets): ``self`` may be an instance of any of them. Empty for anything
    but ``self.x`` read in a method."""
    graph = scope.graph
    cls = scope.parent
    if graph is None or scope.kind != "function" or cls is None or cls.kind != "class" \
            or not isinstance(cls.node, cst.ClassDef) or not name.startswith("self.") or name.count(".") != 1:
        return []
    base = cls.node.name.value
    stores: list[tuple[Store, Scope]] = []
    for other in graph.scopes:
        if other is not cls and other.kind == "class" and isinstance(other.node, cst.ClassDef) \
                and any(dotted_name(b.value) == base for b in other.node.bases):
            stores += [(store, store.where or other) for store in other.stores.get(name, [])]
    return stores
