"""GNN201 positive-uniform-init: weights drawn from an all-positive distribution such as U(0, 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.analysis.ops import numpy as numpy_ops, tensorflow as tensorflow_ops, torch as torch_ops
from gnnlint.analysis.scopes import TENSORFLOW_ROOTS, argument, number
from gnnlint.cst_walk import descendants
from gnnlint.rule import Rule
from gnnlint.analysis.graph import GraphFacts
from gnnlint.rules import _fixes as fixes
from gnnlint.analysis.params import (PARAMETER, TF_VARIABLE, ClassInitsRule, ParameterUses, WeightUses,
                                   clearly_not_parameter, is_parameter, parameter_role, positive_scaling_of,
                                   shapes_a_kernel, single_element, single_element_draw)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

# The constant pi of each library: U(0, 2 * pi) draws angles.
_PI = frozenset({"math.pi", "numpy.pi", "torch.pi", "scipy.pi", "scipy.constants.pi", "tensorflow.experimental.numpy.pi"})
# From the framework tables: the uniform initialisers and draws, and where a draw's low bound is
# (None: it draws from [0, 1)).
_TORCH_UNIFORM = {d.function for d in torch_ops.DRAWS if d.distribution == "uniform" and d.initialiser}
_TORCH_RAND = {d.function for d in torch_ops.DRAWS if d.distribution == "uniform" and not d.initialiser}
_TF_UNIFORM = {d.function for d in tensorflow_ops.DRAWS if d.distribution == "uniform"}
_NUMPY_UNIFORM = {d.function: d.low for d in numpy_ops.DRAWS if d.distribution == "uniform"}

class PositiveUniformInit(ClassInitsRule):
    code = "GNN201"
    name = "positive-uniform-init"
    severity = "error"
    message = "weights drawn from an all-positive distribution"
    fix = "unsafe"  # --fix --unsafe-fixes
    fix_title = "use a zero-centred, fan-in-scaled initializer (Glorot/Xavier or He/Kaiming)"
    triggers = ("uniform", "Uniform", "rand")
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.uses = WeightUses(self.facts, GraphFacts.of(context))
        # (draw, function) of each plain NumPy draw bound to a name, judged by its use in finish().
        self.drawn: list[tuple[cst.Call, str]] = []
        # (function, local) of each local changed in place so far (`w.sub_(0.5)`, `w.mul_(2).sub_(1)`).
        self.changed: set[tuple[str | None, str]] = set()
        # Per open class: the draws wrapped as a parameter stored on self, judged when the class ends
        # (a class that sets the attribute's values again, `xavier_uniform_(self.W.data)`, replaces them).
        self.pending: list[list[tuple[str, frozenset[tuple[int, bool]], cst.Call, str, cst.Call | None]]] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.enter_class(node)
        self.pending.append([])

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        frame = self.classes.leave_class()
        for attribute, arms, draw, message, replacement in self.pending.pop():
            if not self.classes.is_initialised(frame, attribute, arms):
                self.report(draw, message, replacement=replacement, fix_safe=False)

    def visit_Call(self, node: cst.Call) -> None:
        super().visit_Call(node)
        self.uses.call(node)
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value.endswith("_"):
            receiver = func.value
            while isinstance(receiver, cst.Call) and isinstance(receiver.func, cst.Attribute):
                receiver = receiver.func.value  # `w.mul_(2).sub_(1)` changes w
            if isinstance(receiver, cst.Name):
                self.changed.add((self.facts.current_function, receiver.value))
        name = self.facts.call_name(node)
        first = node.args[0].value if node.args else None
        if name is not None and name.endswith("_") and isinstance(first, cst.Name):
            self.changed.add((self.facts.current_function, first.value))  # `nn.init.uniform_(w, -0.1, 0.1)`
        if self.context.is_test:
            return  # tests draw odd weights on purpose
        if name in _TORCH_UNIFORM:
            self._check_init_uniform(node)
        elif name in PARAMETER:
            self._check_parameter(node)
        elif name in TF_VARIABLE:
            self._check_tf_variable(node)
        elif name is not None and name.split(".")[0] in TENSORFLOW_ROOTS and (
                name.endswith(("initializers.RandomUniform", "initializers.random_uniform"))
                or name == "tensorflow.random_uniform_initializer"):
            self._check_keras_initializer(node)
        elif name is None and isinstance(node.func, cst.Attribute) and node.func.attr.value == "uniform_":
            self._check_method_uniform(node)

    # torch.nn.init.uniform_(w, a=0.0, b=1.0); the defaults are a=0, b=1.
    def _check_init_uniform(self, node: cst.Call) -> None:
        target = argument(node, 0, "tensor")
        if target is None or clearly_not_parameter(self.facts, target) or self._shapes_a_kernel(target) \
                or single_element(self.facts, ParameterUses.of(self.context), target) \
                or self._scale_near_constant(target, argument(node, 1, "a")) or self._not_multiplied(target):
            return
        self._check_bounds(node, argument(node, 1, "a"), argument(node, 2, "b"), default_high=1.0,
                           replacement=fixes.torch_init_call(self.facts, node, "uniform"))

    def _shapes_a_kernel(self, target: cst.BaseExpression) -> bool:
        """Centres and widths of basis kernels (``exp(-((d - mean) / std) ** 2)``) are drawn
        positive on purpose: they are compared with distances, not multiplied into features."""
        return shapes_a_kernel(self.facts, ParameterUses.of(self.context), target)

    def _scale_near_constant(self, target: cst.BaseExpression, low: cst.BaseExpression | None) -> bool:
        """A vector drawn strictly above 0 (``uniform_(filter, 0.9, 1.1)`` on a per-eigenvalue filter):
        a gain started near a constant on purpose, as a norm layer's scale is; it has no units that
        read the same input, and a bias or weight drawn from U(0, ...) still starts at 0."""
        bound = number(low) if low is not None else None
        return bound is not None and bound > 0 and \
            parameter_role(self.facts, ParameterUses.of(self.context), target) == "vector"

    def _not_multiplied(self, target: cst.BaseExpression) -> bool:
        """A parameter no input is multiplied by, so no units read the same input: an embedding table
        whose rows are looked up (the Gaussian basis centres of ``nn.Embedding(1, K)``), or attention
        logits over a fixed set (``softmax(self.att)`` is their only use; softmax ignores a common
        shift, so logits drawn from U(0, 1) start as near-uniform attention)."""
        return parameter_role(self.facts, ParameterUses.of(self.context), target) in ("table", "logits")

    # w.uniform_() / w.data.uniform_(0, 1) on a parameter; the defaults are from=0, to=1.
    def _check_method_uniform(self, node: cst.Call) -> None:
        receiver = node.func.value  # type: ignore[attr-defined]
        uses = ParameterUses.of(self.context)
        if not is_parameter(self.facts, receiver, uses) or self._shapes_a_kernel(receiver) \
                or single_element(self.facts, uses, receiver) \
                or self._scale_near_constant(receiver, argument(node, 0, "from")) or self._not_multiplied(receiver):
            return
        self._check_bounds(node, argument(node, 0, "from"), argument(node, 1, "to"), default_high=1.0,
                           replacement=fixes.torch_method_call(self.facts, node, "uniform"))

    # nn.Parameter(torch.rand(n, m)) or nn.Parameter(0.1 * torch.rand(n, m)).
    def _check_parameter(self, node: cst.Call) -> None:
        written = argument(node, 0, "data")
        rand = positive_scaling_of(self._held(written), lambda call: self.facts.call_name(call) in _TORCH_RAND)
        if rand is not None and not single_element_draw(rand):  # one scalar: a gate, no units
            replacement = fixes.torch_parameter_draw(self.facts, rand, "uniform") if rand is written else None
            message = f"`{self.source(node)}` draws every weight from U(0, 1): all-positive weights start every " \
                      "unit correlated and activations grow with fan-in"
            attribute = self.holder_of(node)
            if attribute is not None and attribute.startswith("self.") and self.pending \
                    and self.classes.current is not None:
                self.pending[-1].append((attribute, self.arms(), rand, message, replacement))
            else:
                self.report(rand, message, replacement=replacement, fix_safe=False)

    # tf.Variable(tf.random.uniform(shape)): minval defaults to 0.
    def _check_tf_variable(self, node: cst.Call) -> None:
        value = self._held(argument(node, 0, "initial_value"))
        draw = positive_scaling_of(value, lambda call: self.facts.call_name(call) in _TF_UNIFORM)
        if draw is not None:
            self._check_bounds(draw, argument(draw, 1, "minval"), argument(draw, 2, "maxval"), default_high=1.0,
                               replacement=fixes.tf_draw(self.facts, draw, "uniform"))

    def _held(self, value: cst.BaseExpression | None) -> cst.BaseExpression | None:
        """What a local handed to the wrapper holds (``w = torch.rand(d, d)`` ... ``Parameter(w)``,
        ``init = tf.random.uniform(shape)`` ... ``tf.Variable(init)``): its one store in this scope when
        that is a plain assignment and nothing changed it in place since. A local stored more than once
        (``w = w * 2 - 1``, ``w -= 0.5``, ``w[0] = ...``), a parameter, or one changed in place
        (``w.sub_(0.5)``) is left as written, so unjudged."""
        if not isinstance(value, cst.Name):
            return value
        stores = self.facts.bindings(value.value)
        if len(stores) != 1 or stores[0].kind != "assign" or stores[0].value is None \
                or (self.facts.current_function, value.value) in self.changed:
            return value
        return stores[0].value

    # RandomUniform(minval=0, maxval=1): the default (-0.05, 0.05) is fine, so only explicit bounds count.
    def _check_keras_initializer(self, node: cst.Call) -> None:
        low = argument(node, 0, "minval")
        if low is not None:
            self._check_bounds(node, low, argument(node, 1, "maxval"), default_high=0.05,
                               replacement=fixes.keras_initializer(self.facts, node, "uniform"))

    def visit_Assign(self, node: cst.Assign) -> None:
        super().visit_Assign(node)
        # NumPy networks written by hand: W1 = np.random.rand(n_in, n_hidden).
        if not isinstance(node.value, cst.Call) or self.context.is_test:
            return
        name = self.facts.call_name(node.value)
        if name not in _NUMPY_UNIFORM:
            return
        # A weight by its use, judged once the file is walked: multiplied into an input (x @ W1).
        self.drawn.append((node.value, name))

    def visit_BinaryOperation(self, node: cst.BinaryOperation) -> None:
        self.uses.binary(node)

    def finish(self) -> None:
        for draw, name in self.drawn:
            if not self.uses.multiplies(draw):
                continue
            bound = _NUMPY_UNIFORM[name]
            if bound is None:
                self.report(draw, f"`{self.source(draw)}` draws every weight from U(0, 1): all-positive "
                                  "weights start every unit correlated and activations grow with fan-in")
            else:
                self._check_bounds(draw, argument(draw, *bound), argument(draw, 1, "high"), default_high=1.0)

    def _check_bounds(self, node: cst.Call, low: cst.BaseExpression | None, high: cst.BaseExpression | None,
                      default_high: float, replacement: cst.Call | None = None) -> None:
        low_value = 0.0 if low is None else number(low)
        if low_value is None or low_value < 0:
            return
        if high is not None and any(self.facts.qualified_name(n) in _PI for n in descendants(high)
                                    if isinstance(n, (cst.Name, cst.Attribute))):
            return  # U(0, 2*pi) draws phases or angles (RotatE), not weights that multiply inputs
        high_value = default_high if high is None else number(high)
        upper = "…" if high_value is None else f"{high_value:g}"
        self.report(node, f"`{self.source(node)}` draws every weight from [{low_value:g}, {upper}): all-positive "
                          "weights start every unit correlated and activations grow with fan-in until they "
                          "explode or every gradient dies", replacement=replacement, fix_safe=False)
