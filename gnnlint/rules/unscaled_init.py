"""GNN202 unscaled-init: weights drawn with a fixed spread (std >= 0.5) that ignores the fan-in."""

from __future__ import annotations

import math
from typing import Any

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.ops import tensorflow as tensorflow_ops
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.passed import argument_passed, built_by
from gnnlint.rules import _fixes as fixes
from gnnlint.analysis.params import (PARAMETER, TF_VARIABLE, ClassInitsRule, EnclosingBranches, ParameterUses, WeightUses,
                                   clearly_not_parameter, is_matrix, is_parameter, keras_initializer, parameter_role,
                                   own_shape_number, scaled_draw, shape_of)

# A standard deviation this large is only right for a fan-in of about 4 or less.
_LARGE_STD = 0.5
# What std * sqrt(fan_in) may reach before a layer visibly grows its inputs (He's is sqrt(2)).
_SMALL_GROWTH = 2.0
_SQRT12 = math.sqrt(12.0)

# Tensor draws, from the framework tables: name -> (position, keyword) of the std, its default,
# and whether the shape's first dimension is the fan-in by the library's convention (TF and
# NumPy store [in, out]); uniform draws: name -> the positions of their bounds.
_NORMAL_DRAWS: dict[str, tuple[int | None, str | None, float, bool]] = {
    d.function: (*(d.spread or (None, None)), d.default or 1.0, d.fan_in_first) for d in ops.draws("normal", initialiser=False)}
_UNIFORM_DRAWS = {d.function: (d.low[0], d.high[0]) for d in ops.draws("uniform", initialiser=False)
                  if d.low is not None and d.high is not None}
_TORCH_INIT = {d.function: d.distribution for d in ops.draws("normal", "uniform", initialiser=True)}
_KERAS_NORMAL = {key for key, kind in tensorflow_ops.KERAS_INITIALIZERS.items() if kind == "normal"}
_KERAS_UNIFORM = {key for key, kind in tensorflow_ops.KERAS_INITIALIZERS.items() if kind == "uniform"}
_FRAMEWORKS = ("torch", "tensorflow", "keras", "tf_keras", "jax")
# Keyword arguments that take an initializer for something that is not multiplied by an input.
# Methods that keep an array's values: `np.random.normal(...).astype(np.float32)` is the draw.
_KEEPS_VALUES = ops.methods_of(*ops.KEEPS_VALUES)
_NOT_KERNEL_KEYWORDS = ("embeddings_initializer", "bias_initializer", "beta_initializer", "gamma_initializer",
                        "moving_mean_initializer", "moving_variance_initializer")


class UnscaledInit(EnclosingBranches, ClassInitsRule):
    code = "GNN202"
    name = "unscaled-init"
    severity = "warning"
    message = "weights drawn with a spread that ignores the layer's fan-in"
    fix = "unsafe"  # --fix --unsafe-fixes
    fix_title = "use Glorot/Xavier or He/Kaiming initialization, or divide the std by sqrt(fan_in)"
    triggers = ("normal", "Normal", "randn", "uniform", "Uniform")
    triggers_in_imports = True  # self.W = make_variable(0, 1, shape), the draw in the helper's module
    requires = (GraphFacts,)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keywords: list[str | None] = []
        self.reported: set[int] = set()
        # Per open class: draws stored on self, judged when the class ends.
        self.pending: list[list[tuple[str, cst.CSTNode, str, frozenset[tuple[int, bool]]]]] = []
        self.uses = WeightUses(self.facts, GraphFacts.of(self.context))
        # Plain draws bound to a name: (the bound expression, (draw, message)), judged by its use in finish().
        self.drawn: list[tuple[cst.BaseExpression, tuple[cst.Call, str]]] = []
        # Variables bound to a name (`table = tf.Variable(draw)`): judged in finish(), where a table
        # only ever looked up by index (`tf.nn.embedding_lookup(table, ids)`) is no kernel.
        self.wrapped: list[tuple[cst.BaseExpression, tuple[cst.Call, str]]] = []
        self.assigned: list[cst.BaseExpression] = []  # the values of the assignments being walked

    # -- context: the assignment target, the keyword argument, the class ----------------------

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.enter_class(node)
        self.pending.append([])

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        frame = self.classes.leave_class()
        for attribute, reported, message, arms in self.pending.pop():
            if not self.classes.is_initialised(frame, attribute, arms):
                self.report(reported, message)

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        self.assigned.append(node.value)

    def leave_Assign(self, node: cst.Assign) -> None:
        super().leave_Assign(node)
        self.assigned.pop()

    def visit_Arg(self, node: cst.Arg) -> None:
        self.keywords.append(node.keyword.value if node.keyword is not None else None)

    def leave_Arg(self, node: cst.Arg) -> None:
        self.keywords.pop()

    def _not_a_kernel(self, target: cst.BaseExpression | str | None) -> bool:
        """Biases are added, embeddings looked up, kernel centres compared with inputs: none is
        multiplied by an input, so there is no fan-in to scale by (N(0, 1) is an embedding's usual init)."""
        tests = [test for test, holds in self.branches if holds]
        return parameter_role(self.facts, self.parameter_uses, target, tests) in ("vector", "table", "kernel-shape", "logits")

    @property
    def parameter_uses(self) -> ParameterUses:
        return ParameterUses.of(self.context)

    # -- the checks ---------------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        self.uses.call(node)
        name = self.facts.call_name(node)
        if name in _TORCH_INIT:
            self._check_torch_init(node, _TORCH_INIT[name])
        elif name in PARAMETER:
            self._check_wrapped(node, argument(node, 0, "data"))
        elif name in TF_VARIABLE:
            self._check_wrapped(node, argument(node, 0, "initial_value"))
        elif name is None and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("normal_", "uniform_"):
            self._check_method(node)
        elif name in _NORMAL_DRAWS or name in _UNIFORM_DRAWS:
            self._check_named_weight(node, name)
        else:
            kind = keras_initializer(self.facts, node)
            if kind in _KERAS_NORMAL or kind in _KERAS_UNIFORM:
                self._check_keras(node, kind, name or "")
            elif self.assigned and self.assigned[-1] is node and not (name or "").startswith(_FRAMEWORKS + ("numpy",)):
                self._check_helper(node)

    # nn.init.normal_(w) (std 1 by default), nn.init.uniform_(w, -1, 1)
    def _check_torch_init(self, node: cst.Call, kind: str) -> None:
        target = argument(node, 0, "tensor")
        if target is None or not self._is_weight(target) or self._not_a_kernel(target):
            return
        if self.known_vector(target):
            return  # the branch it runs in holds only vectors (`else` of `if p.dim() > 1`): biases
        if kind == "normal":
            std = self._std(argument(node, 2, "std"), 1.0)
        else:
            std = self._uniform_std(argument(node, 1, "a"), argument(node, 2, "b"), 0.0, 1.0)
        if std is not None and std >= _LARGE_STD:
            self._report(node, f"`{self.source(node)}` draws weights with std {std:.2g} whatever the layer's fan-in")

    def _is_weight(self, target: cst.BaseExpression) -> bool:
        """A parameter: ``self.lin.weight``, ``w = nn.Parameter(...)``, ``torch.empty(a, b)`` about to
        become one (``self.w = nn.Parameter(nn.init.normal_(torch.empty(a, b)))``); not data."""
        if isinstance(target, cst.Call):
            return self.facts.call_name(target) in ("torch.empty", "torch.Tensor", "torch.FloatTensor") \
                and not self._not_a_kernel(self.target)
        if clearly_not_parameter(self.facts, target):
            return False
        return is_parameter(self.facts, target, self.parameter_uses)

    # self.weight.data.normal_() / w.uniform_(-1, 1) on a parameter
    def _check_method(self, node: cst.Call) -> None:
        receiver = node.func.value  # type: ignore[attr-defined]
        if not is_parameter(self.facts, receiver, self.parameter_uses) or self._not_a_kernel(receiver):
            return
        if self.known_vector(receiver):
            return  # the branch it runs in holds only vectors (`else` of `if p.dim() > 1`): biases
        if node.func.attr.value == "normal_":  # type: ignore[attr-defined]
            std = self._std(self._evaluated(argument(node, 1, "std"), receiver), 1.0)
        else:
            std = self._uniform_std(self._evaluated(argument(node, 0, "from"), receiver),
                                    self._evaluated(argument(node, 1, "to"), receiver), 0.0, 1.0)
        if std is not None and std >= _LARGE_STD:
            self._report(node, f"`{self.source(node)}` draws weights with std {std:.2g} whatever the layer's fan-in")

    def _evaluated(self, bound: cst.BaseExpression | None, tensor: cst.BaseExpression) -> cst.BaseExpression | None:
        """A bound computed from the drawn tensor's own declared sizes (``1 / sqrt(s.size(1))`` on a
        ``(fan_in, 1)`` parameter is 1), as the literal it comes to; else the bound as written."""
        while isinstance(tensor, cst.Attribute) and tensor.attr.value == "data":
            tensor = tensor.value
        spelled = dotted_name(tensor)
        if bound is None or number(bound) is not None or spelled is None:
            return bound
        value = own_shape_number(self.facts, self.parameter_uses, bound, spelled)
        if value is None:
            return bound
        literal = cst.Float(repr(abs(float(value))))
        return literal if value >= 0 else cst.UnaryOperation(operator=cst.Minus(), expression=literal)

    # nn.Parameter(torch.randn(a, b)), tf.Variable(tf.random.normal([a, b])), also through a name
    def _check_wrapped(self, node: cst.Call, value: cst.BaseExpression | None) -> None:
        if value is None or self._not_a_kernel(self.target):
            return
        for candidate in self.facts.resolve(value):
            found = self._large_draw(candidate)
            if found is not None:
                draw, message = found
                attribute = self.target if self.target and self.target.startswith("self.") else None
                bound = self.facts.values(self.target) if self.target and attribute is None else []
                # An entry of a local ParameterDict is judged with its class, as an attribute is.
                held = attribute or self.container
                if held is not None and self.pending and self.classes.current is not None:
                    self.pending[-1].append((held, draw, self._message(message), self.arms()))
                elif bound:
                    self.wrapped.append((bound[-1], (draw, message)))  # a table if only looked up
                else:
                    self._report(draw, message)
                return

    # self.W = make_variable(0, 1, shape), with def make_variable(mean, std, shape) in another module
    def _check_helper(self, node: cst.Call) -> None:
        """A project helper that returns a variable wrapping a draw whose std and shape are its
        parameters: they are read from this call's arguments, here (the helper alone knows neither)."""
        if self._not_a_kernel(self.target):
            return
        graph = GraphFacts.of(self.context)
        function = graph.function_for(node, *graph.here())
        if function is None:
            return
        for value, order in function.returns:
            for built in built_by(value, function, order):
                found = self._variable_of_draw(node, function, built.call, built.scope, built.order)
                if found is None:
                    continue
                attribute = self.target if self.target and self.target.startswith("self.") else None
                if attribute is not None and self.pending and self.classes.current is not None:
                    self.pending[-1].append((attribute, node, self._message(found), self.arms()))
                else:
                    self._report(node, found)
                return

    def _variable_of_draw(self, node: cst.Call, function: Scope, variable: cst.Call, scope: Scope,
                          at: int) -> str | None:
        """The evidence when ``variable`` (in ``function``'s module) wraps a matrix draw whose std,
        with ``node``'s arguments for the helper's parameters, is large."""
        assert function.graph is not None  # a project function's scope belongs to its module's record
        facts = function.graph.facts
        if facts.call_name(variable) not in PARAMETER | TF_VARIABLE:
            return None
        for built in built_by(argument(variable, 0, "initial_value") or cst.Name("_"), scope, at):
            draw = built.call
            while isinstance(draw.func, cst.Attribute) and draw.func.attr.value in _KEEPS_VALUES \
                    and isinstance(draw.func.value, cst.Call):
                draw = draw.func.value  # .astype(np.float32)
            name = facts.call_name(draw)
            if name not in _NORMAL_DRAWS:
                continue
            position, keyword, default, _ = _NORMAL_DRAWS[name]
            spread = argument(draw, position, keyword) if position is not None else None
            std = self._std(self._passed(spread, function, node), default) if spread is not None else default
            size = argument(draw, 2, "size") if name.startswith("numpy.") else argument(draw, 0, "shape")
            shape = self._passed(size, function, node)
            dims = [e.value for e in shape.elements] if isinstance(shape, (cst.Tuple, cst.List)) else None
            if std is not None and std >= _LARGE_STD and is_matrix(dims):
                return (f"`{self.source(node)}` returns `{name.rsplit('.', 1)[-1]}` draws with std {std:.2g} "
                        "whatever the layer's fan-in")
        return None

    def _passed(self, expr: cst.BaseExpression | None, function: Scope, node: cst.Call) -> cst.BaseExpression | None:
        """``expr`` of the helper's body with its parameter replaced by what ``node`` passes for it,
        as this file last assigned it (``std = 1`` ... ``make_variable(0, std, shape)``)."""
        if isinstance(expr, cst.Name) and expr.value in function.params:
            passed = argument_passed(function, node, expr.value)
            if passed is None:
                return None
            return next((v for v in self.facts.resolve(passed) if not isinstance(v, (cst.Name, cst.Attribute))), None)
        return expr if isinstance(expr, (cst.Integer, cst.Float, cst.Tuple, cst.List)) else None

    # W1 = np.random.randn(784, 128); W = torch.randn(784, 10, requires_grad=True)
    def _check_named_weight(self, node: cst.Call, name: str) -> None:
        target = self.target
        if target is None:
            return
        if self._not_a_kernel(target):
            return
        if name.startswith("tensorflow.") or name.startswith("keras."):
            return  # a TF tensor is a weight only once wrapped in tf.Variable, checked there
        if name.startswith("numpy.") and any(self.facts.is_imported(f) for f in _FRAMEWORKS):
            return  # next to a framework, NumPy arrays are data; weights live in the framework
        requires_grad = argument(node, None, "requires_grad")
        if name == "torch.randn" and not (isinstance(requires_grad, cst.Name) and requires_grad.value == "True"):
            return  # a torch tensor is a weight once it requires grad or is wrapped in Parameter
        found = self._large_draw(node)
        if found is not None:
            # A weight by its use, judged once the file is walked: multiplied into an input (x @ W1).
            bound = self.facts.values(target)
            if bound:
                self.drawn.append((bound[-1], found))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        self.uses.binary(node)

    def finish(self) -> None:
        for bound, found in self.drawn:
            if self.uses.multiplies(bound):
                self._report(*found)
        for bound, found in self.wrapped:
            if not self.uses.only_looked_up(bound):
                self._report(*found)

    def _large_draw(self, expr: cst.BaseExpression) -> tuple[cst.Call, str] | None:
        """For a draw (or a literal multiple of one) with std >= 0.5 and a matrix shape: the draw and the evidence."""
        inner = scaled_draw(expr, lambda c: self._draw_std(c) is not None)
        if inner is None:
            return None
        draw, factor = inner
        std = self._draw_std(draw)
        if factor is None or std is None or std * factor < _LARGE_STD:
            return None
        dims = self._dims(draw)
        if not is_matrix(dims):
            return None
        fan_in = self._fan_in(draw, dims)
        what = f"`{self.source(expr)}`"
        if fan_in is not None:
            size = number(dims[0])
            if size is not None and std * factor * math.sqrt(size) <= _SMALL_GROWTH:
                return None  # a fan-in of 2 (coordinates in, hidden out): this spread keeps the scale
            growth = f" (each layer scales activations by about {std * factor * math.sqrt(size):.0f}x)" \
                if size is not None and size > 0 else ""
            return draw, f"{what} as a weight has std {std * factor:.2g}, ignoring its fan-in of {fan_in}{growth}"
        shape = ", ".join(self.source(d) for d in dims)
        return draw, f"{what} as a weight of shape ({shape}) has std {std * factor:.2g} whatever its fan-in"

    def _draw_std(self, call: cst.Call) -> float | None:
        name = self.facts.call_name(call)
        if name in _NORMAL_DRAWS:
            position, keyword, default, _ = _NORMAL_DRAWS[name]
            if position is None:
                return default
            return self._std(argument(call, position, keyword), default)
        if name in _UNIFORM_DRAWS:
            low, high = _UNIFORM_DRAWS[name]
            return self._uniform_std(argument(call, low, "minval" if low == 1 else "low"),
                                     argument(call, high, "maxval" if high == 2 else "high"), 0.0, 1.0)
        # torch.empty(a, b).normal_() / .uniform_(-1, 1)
        if isinstance(call.func, cst.Attribute) and call.func.attr.value in ("normal_", "uniform_") \
                and isinstance(call.func.value, cst.Call) \
                and self.facts.call_name(call.func.value) in ("torch.empty", "torch.Tensor", "torch.FloatTensor"):
            if call.func.attr.value == "normal_":
                return self._std(argument(call, 1, "std"), 1.0)
            return self._uniform_std(argument(call, 0, "from"), argument(call, 1, "to"), 0.0, 1.0)
        return None

    def _dims(self, draw: cst.Call) -> list[cst.BaseExpression] | None:
        if isinstance(draw.func, cst.Attribute) and isinstance(draw.func.value, cst.Call) \
                and self.facts.call_name(draw) is None:
            return shape_of(draw.func.value)
        name = self.facts.call_name(draw) or ""
        if name in ("numpy.random.normal", "numpy.random.uniform"):
            size = argument(draw, 2, "size")
            return shape_of(cst.Call(func=cst.Name("f"), args=[cst.Arg(size)])) if size is not None else None
        if name.startswith(("tensorflow.", "keras.")):
            shape = argument(draw, 0, "shape")
            return shape_of(cst.Call(func=cst.Name("f"), args=[cst.Arg(shape)])) if shape is not None else None
        return shape_of(draw)

    def _fan_in(self, draw: cst.Call, dims: list[cst.BaseExpression]) -> str | None:
        name = self.facts.call_name(draw)
        first_is_fan_in = name in _NORMAL_DRAWS and _NORMAL_DRAWS[name][3] or name in _UNIFORM_DRAWS
        if not first_is_fan_in or len(dims) != 2:
            return None
        return self.source(dims[0])

    # RandomNormal(stddev=1.0), RandomUniform(-1, 1), tf.compat.v1.random_normal_initializer()
    def _check_keras(self, node: cst.Call, kind: str, name: str) -> None:
        keyword = self.keywords[-1] if self.keywords else None
        if keyword in _NOT_KERNEL_KEYWORDS or self._not_a_kernel(self.target) or self._initialises_no_kernel(self.target):
            return
        v1 = ".compat.v1." in name
        if kind in _KERAS_NORMAL:
            std = self._std(argument(node, 1, "stddev"), 1.0 if v1 else 0.05)
        else:
            std = self._uniform_std(argument(node, 0, "minval"), argument(node, 1, "maxval"),
                                    0.0 if v1 else -0.05, 1.0 if v1 else 0.05)
        if std is not None and std >= _LARGE_STD:
            self._report(node, f"`{self.source(node)}` draws weights with std {std:.2g} whatever the layer's fan-in")

    def _initialises_no_kernel(self, target: str | None) -> bool:
        """An initializer bound to a name (``init = RandomUniform(-1, 1)``) that is only ever passed
        as ``embeddings_initializer=init`` or ``bias_initializer=init``: it draws no kernel."""
        passed = self.parameter_uses.keywords.get(target or "", set())
        return bool(passed) and passed <= set(_NOT_KERNEL_KEYWORDS)

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _std(expr: cst.BaseExpression | None, default: float) -> float | None:
        """The literal std, or None when it is computed (``1 / math.sqrt(fan_in)`` is trusted)."""
        value = default if expr is None else number(expr)
        return None if value is None else abs(value)

    @staticmethod
    def _uniform_std(low: cst.BaseExpression | None, high: cst.BaseExpression | None, default_low: float,
                     default_high: float) -> float | None:
        """The std of U(low, high); None when a bound is computed or the range is all-positive (GNN201)."""
        low_value = default_low if low is None else number(low)
        high_value = default_high if high is None else number(high)
        if low_value is None or high_value is None or low_value >= 0:
            return None
        return abs(high_value - low_value) / _SQRT12

    def _message(self, evidence: str) -> str:
        return (f"{evidence}: a layer's outputs start about std * sqrt(fan_in) times larger than its inputs, "
                "so stacked layers saturate or explode from the first step")

    def _report(self, node: cst.CSTNode, evidence: str) -> None:
        if self.context.is_test:
            return  # tests draw odd weights on purpose
        if id(node) in self.reported:
            return
        self.reported.add(id(node))
        self.report(node, self._message(evidence), replacement=self._replacement(node), fix_safe=False)

    def _replacement(self, node: cst.CSTNode) -> cst.Call | None:
        """The Glorot/Xavier equivalent of a flagged draw, where the file can spell it."""
        if not isinstance(node, cst.Call):
            return None
        name = self.facts.call_name(node)
        if name in _TORCH_INIT:
            return fixes.torch_init_call(self.facts, node, _TORCH_INIT[name])
        if name is None and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("normal_", "uniform_"):
            return fixes.torch_method_call(self.facts, node, node.func.attr.value.rstrip("_"))
        if name is not None and name.startswith("tensorflow.random"):
            # Only reported inside tf.Variable(...), where an initializer's output is a drop-in.
            return fixes.tf_draw(self.facts, node, "uniform" if name in _UNIFORM_DRAWS else "normal")
        kind = keras_initializer(self.facts, node)
        if kind in _KERAS_NORMAL or kind in _KERAS_UNIFORM:
            return fixes.keras_initializer(self.facts, node, "normal" if kind in _KERAS_NORMAL else "uniform")
        return None
