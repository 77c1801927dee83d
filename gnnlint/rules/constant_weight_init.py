"""GNN203 constant-weight-init: a weight matrix set to a constant, so its units never break symmetry."""

from __future__ import annotations

from typing import Any

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.analysis.models import classify_qualified
from gnnlint.analysis.ops import tensorflow as tensorflow_ops
from gnnlint.analysis.scopes import TENSORFLOW_ROOTS, argument, is_receiver, number
from gnnlint.rule import Rule
from gnnlint.analysis.branches import EnclosingTests
from gnnlint.analysis.params import ParameterUses, add_weight_dimensions, keras_initializer, parameter_role

# From the framework tables: constant initialisers -> position and keyword of the constant, or
# the constant their name says (zeros_, ones_).
_TORCH_CONSTANT = {d.function: d.value for d in ops.draws("constant", initialiser=True)}
_KERAS_CONSTANT = tensorflow_ops.KERAS_CONSTANTS
# The keywords of Keras and Spektral layer constructors that take the initializer of a matrix
# multiplied by the input: the frameworks' own API, read only on their calls (`_is_keras_call`).
# Library layers whose constructor draws their weights at random (PyTorch's Kaiming-uniform
# default of `nn.Linear`, a PyG conv's glorot reset): as random as an explicit init.
_RANDOM_BUILT_KINDS = frozenset({"conv", "dense", "gate", "residual"})
_KERNEL_KEYWORDS = frozenset({"kernel_initializer", "recurrent_initializer", "depthwise_initializer",
                              "pointwise_initializer", "attn_kernel_initializer"})


class ConstantWeightInit(EnclosingTests, Rule):
    code = "GNN203"
    name = "constant-weight-init"
    severity = "error"
    message = "weight matrix initialised to a constant"
    fix_title = "initialise weights randomly (Glorot/Xavier or He/Kaiming); keep constants for biases and norm scales"
    triggers = ("zero", "Zero", "ones", "Ones", "onstant", "fill_")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loops = 0
        # Tests set weights to constants on purpose, to compare outputs with hand-computed values;
        # they are told by their path (what pytest collects), not by what a function is called.
        self.in_test = self.context.is_test
        # Per open class (and the module at the bottom): constant inits waiting for the scope's end,
        # and whether the scope random-initialises some weight itself.
        self.scopes: list[tuple[list[tuple[cst.Call, str]], list[bool]]] = [([], [False])]
        self.methods: list[dict[str, cst.FunctionDef]] = []  # the methods each open class defines
        # Per open class: the sub-modules a library constructor built with random weights, by
        # attribute, and the attributes whose weights a constant init overwrites.
        self.built: list[tuple[set[str], set[str]]] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(([], [False]))
        self.methods.append({statement.name.value: statement for statement in node.body.body
                             if isinstance(statement, cst.FunctionDef)})
        self.built.append((set(), set()))

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.methods.pop()
        random_built, overwritten = self.built.pop()
        if random_built - overwritten:
            self.scopes[-1][1][0] = True  # a random sub-module feeds (or reads) the zeroed one
        self._judge(self.scopes.pop())

    def visit_Assign(self, node: cst.Assign) -> None:
        """``self.gate = nn.Linear(c, c)``: a sub-module whose library constructor draws its weights."""
        if not self.built:
            return
        for target in node.targets:
            owner = target.target
            if (isinstance(owner, cst.Attribute) and is_receiver(owner.value)
                    and any(self._builds_random(value) for value in self.facts.resolve(node.value))):
                self.built[-1][0].add(owner.attr.value)

    def _builds_random(self, value: cst.BaseExpression) -> bool:
        if not isinstance(value, cst.Call):
            return False
        qualified = self.facts.call_name(value)
        kind = classify_qualified(qualified) if qualified is not None else None
        return kind is not None and kind[0] in _RANDOM_BUILT_KINDS

    def finish(self) -> None:
        self._judge(self.scopes[0])

    def _judge(self, scope: tuple[list[tuple[cst.Call, str]], list[bool]]) -> None:
        """A constant init next to explicit random inits of other weights in the same class is a
        deliberate zero-init of one projection (DimeNet's output layer, LoRA's B): the layers that
        feed it are random, so its units still get different gradients."""
        pending, random_seen = scope
        if not random_seen[0]:
            for node, message in pending:
                self.report(node, message)

    def visit_For(self, node: cst.For) -> None:
        self.loops += 1

    def leave_For(self, node: cst.For) -> None:
        self.loops -= 1

    def visit_Call(self, node: cst.Call) -> None:
        name = self.facts.call_name(node)
        if self._random_init(node, name):
            self.scopes[-1][1][0] = True
        if self.in_test:
            return
        if name in _TORCH_CONSTANT:
            target = argument(node, 0, "tensor" if name.startswith("torch.nn") else "value")
            value = self._torch_value(node, name)
            if target is not None and self._is_kernel(target):
                self._report(node, target, value)
        elif name is None and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("zero_", "fill_"):
            # self.lin.weight.data.zero_() / .fill_(0.5)
            receiver = node.func.value
            value = "0" if node.func.attr.value == "zero_" else self._value(argument(node, 0, "value"))
            if self._is_kernel(receiver, methods=True):
                self._report(node, receiver, value)
        else:
            self._check_keras_keywords(node, name)

    # -- torch --------------------------------------------------------------------------------

    def _random_init(self, node: cst.Call, name: str | None, depth: int = 0) -> bool:
        if self._applies_drawing(node, depth):
            return True
        if name is not None and name.startswith(ops.INITIALISER_MODULES):
            return name not in _TORCH_CONSTANT and not name.endswith(("calculate_gain", "_calculate_fan_in_and_fan_out"))
        if not isinstance(node.func, cst.Attribute) or node.func.attr.value not in (
                "normal_", "uniform_", "reset_parameters", "orthogonal_"):
            return False
        # `self.reset_parameters()` runs this class's own method, whose inits are walked here: it
        # draws nothing more (a sub-module's `self.lin.reset_parameters()` or a base's does).
        own = self.methods[-1] if self.methods else {}
        return not (is_receiver(node.func.value) and node.func.attr.value in own)

    def _applies_drawing(self, node: cst.Call, depth: int) -> bool:
        """``self.apply(init_weights)`` where the function applied draws (``xavier_uniform_``)."""
        if not (isinstance(node.func, cst.Attribute) and node.func.attr.value == "apply"
                and is_receiver(node.func.value) and depth < 2):
            return False
        applied = argument(node, 0, "fn")
        function = self._function(applied) if applied is not None else None
        return function is not None and any(
            self._random_init(call, self.facts.call_name(call), depth + 1) for call in _calls(function))

    def _function(self, expr: cst.BaseExpression) -> cst.FunctionDef | None:
        """The definition ``expr`` names: a function of the module, or a method of this class."""
        if isinstance(expr, cst.Attribute) and is_receiver(expr.value) and self.methods:
            return self.methods[-1].get(expr.attr.value)
        if isinstance(expr, cst.Name):
            return next((s for s in self.context.module.body
                         if isinstance(s, cst.FunctionDef) and s.name.value == expr.value), None)
        return None

    def _torch_value(self, node: cst.Call, name: str) -> str:
        where = _TORCH_CONSTANT[name]
        if not isinstance(where, tuple):
            return f"{where:g}"
        return self._value(argument(node, *where))

    def _is_kernel(self, target: cst.BaseExpression, methods: bool = False) -> bool:
        """A weight that multiplies the input, by how it was made and used: not a bias (one
        dimension, or added to an output), not a norm layer's scale, not an embedding table."""
        if isinstance(target, cst.Attribute) and target.attr.value == "data":
            target = target.value
        if methods and isinstance(target, cst.Name):
            return False  # a bare name's .zero_() is too often a buffer or an accumulator
        return parameter_role(self.facts, ParameterUses.of(self.context), target, self.tests) == "kernel"

    # -- keras --------------------------------------------------------------------------------

    def _check_keras_keywords(self, node: cst.Call, name: str | None) -> None:
        """``Dense(16, kernel_initializer="zeros")``, ``GCNConv(..., kernel_initializer=Zeros())``,
        ``self.add_weight(name="kernel", initializer="zeros")``."""
        for arg in node.args:
            if arg.keyword is None:
                continue
            keyword = arg.keyword.value
            if keyword in _KERNEL_KEYWORDS and self._is_keras_call(name):
                pass
            elif keyword == "initializer" and self._is_add_weight_of_kernel(node):
                pass
            else:
                continue
            value = self._keras_constant(arg.value)
            if value is not None:
                self.report(arg, f"`{keyword}={self.source(arg.value)}` sets every entry of the weight matrix "
                                 f"to {value}: {_CONSEQUENCE}")

    @staticmethod
    def _is_keras_call(name: str | None) -> bool:
        return name is not None and name.split(".")[0] in TENSORFLOW_ROOTS | {"spektral"}

    def _is_add_weight_of_kernel(self, node: cst.Call) -> bool:
        if not (isinstance(node.func, cst.Attribute) and node.func.attr.value == "add_weight"):
            return False
        trainable = argument(node, None, "trainable")
        if isinstance(trainable, cst.Name) and trainable.value == "False":
            return False
        dims = add_weight_dimensions(node)
        return dims is not None and dims >= 2  # a matrix; a scale or bias vector has one dimension

    def _keras_constant(self, expr: cst.BaseExpression) -> str | None:
        for candidate in self.facts.resolve(expr):
            if isinstance(candidate, cst.SimpleString):
                value = candidate.evaluated_value
                if isinstance(value, str) and value.lower() in ("zeros", "ones", "zero", "one"):
                    return "0" if value.lower().startswith("zero") else "1"
            elif isinstance(candidate, cst.Call):
                kind = keras_initializer(self.facts, candidate)
                if kind in _KERAS_CONSTANT:
                    constant = _KERAS_CONSTANT[kind]
                    if constant is None:
                        return self._value(argument(candidate, 0, "value"), default="0")
                    return f"{constant:g}"
        return None

    # -- helpers ------------------------------------------------------------------------------

    def _value(self, expr: cst.BaseExpression | None, default: str = "a constant") -> str:
        if expr is None:
            return default
        value = number(expr)
        return f"{value:g}" if value is not None else f"`{self.source(expr)}`"

    def _report(self, node: cst.Call, target: cst.BaseExpression, value: str) -> None:
        if self.built:
            self.built[-1][1].add(_attribute_root(target))
        message = f"`{self.source(node)}` sets every entry of weight `{self.source(target)}` to {value}: {_CONSEQUENCE}"
        if self.loops:
            self.report(node, message)  # in a loop: several layers at once, adjacent ones stay symmetric
        else:
            self.scopes[-1][0].append((node, message))


_CONSEQUENCE = ("every unit of the layer starts identical, and unless the layers around it are random they "
                "receive the same gradient and never become different (zeros behind a ReLU pass no gradient at all)")


def _calls(function: cst.FunctionDef) -> list[cst.Call]:
    found: list[cst.Call] = []

    class Calls(cst.CSTVisitor):
        def visit_Call(self, node: cst.Call) -> None:
            found.append(node)
    function.body.visit(Calls())
    return found


def _attribute_root(target: cst.BaseExpression) -> str:
    """``self.update.lin.weight.data`` -> ``update``: the sub-module a constant init overwrites."""
    while isinstance(target, cst.Attribute):
        if is_receiver(target.value):
            return target.attr.value
        target = target.value
    return ""
