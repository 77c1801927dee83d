"""GNN502 softmax-before-crossentropy: probabilities fed to a loss that applies softmax (or sigmoid)
itself, and, in Keras, logits fed to a loss that expects probabilities."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from pathlib import Path

from gnnlint.analysis.models import model_index
from gnnlint.analysis.scopes import Facts, argument, dotted_name
from gnnlint.rules.activation_on_output import LossInputs, _relative, partial_target
from gnnlint.rule import Rule
from gnnlint.analysis.graph import GraphFacts
from gnnlint.analysis import inline, ops
from gnnlint.analysis.numerics import (layer_kind, canonical, latest_value, method_name, model_kind,
                                     model_output_kind, name_of, receiver, trace, traced_probability)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

# Losses that apply softmax/sigmoid to their input: where the prediction goes.
_TORCH_LOSS_FUNCTIONS = {"F.cross_entropy": "softmax", "F.binary_cross_entropy_with_logits": "sigmoid"}
_TORCH_LOSS_MODULES = {"torch.nn.CrossEntropyLoss": "softmax", "torch.nn.BCEWithLogitsLoss": "sigmoid"}
_TF_LOGIT_LOSSES = {"tf.nn.softmax_cross_entropy_with_logits": "softmax",
                    "tf.nn.softmax_cross_entropy_with_logits_v2": "softmax",
                    "tf.nn.sparse_softmax_cross_entropy_with_logits": "softmax",
                    "tf.nn.sigmoid_cross_entropy_with_logits": "sigmoid",
                    "tf.losses.softmax_cross_entropy": "softmax",
                    "tf.losses.sparse_softmax_cross_entropy": "softmax",
                    "tf.losses.sigmoid_cross_entropy": "sigmoid"}
_KERAS_LOSS_CLASSES = {"keras.losses.CategoricalCrossentropy", "keras.losses.SparseCategoricalCrossentropy",
                       "keras.losses.BinaryCrossentropy"}
_KERAS_LOSS_FUNCTIONS = {"keras.losses.categorical_crossentropy", "keras.losses.sparse_categorical_crossentropy",
                         "keras.losses.binary_crossentropy", "keras.metrics.categorical_crossentropy",
                         "keras.metrics.sparse_categorical_crossentropy", "keras.metrics.binary_crossentropy"}
_KERAS_LOSS_STRINGS = {"categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy"}
_MODELS = {"keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.models.Model"}


class SoftmaxBeforeCrossentropy(Rule):
    code = "GNN502"
    name = "softmax-before-crossentropy"
    severity = "error"
    requires = (GraphFacts,)  # the model index reads where values come from
    message = "softmax output fed to a loss that applies softmax itself"
    fix_title = "feed the raw logits to the loss (or use `log_softmax` with `NLLLoss`)"
    triggers = ("entropy", "Entropy", "WithLogits")

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        # A loss fed what a straight-line helper returns (`decode(z, pairs)` ending in a sigmoid) reads
        # the helper's return through the file's record, which the inliner needs registered.
        inline.register(GraphFacts.of(context))
        # Sequential models grown with model.add(layer): the last layer added, by the model's constructor call.
        self.last_added: dict[int, cst.BaseExpression] = {}
        # Losses whose input is not traced here to probabilities: the model program looks further
        # (model classes of other modules, wrappers, other methods, helpers) once the file is read.
        self.untraced: list[tuple[cst.Call, cst.BaseExpression, str]] = []
        # Calls through a name not bound here to a loss (a parameter, an attribute of self): what
        # the name is bound to where the function is called, or in another method, is read at the end.
        self.through_names: list[cst.Call] = []
        # Losses fed `exp(...)` of a value not traced here to log_softmax: a model's output, read at the end.
        self.exponentiated: list[tuple[cst.Call, cst.Call, cst.BaseExpression, str]] = []

    def visit_Call(self, node: cst.Call) -> None:
        name = name_of(self.facts, node)
        if name in _TORCH_LOSS_FUNCTIONS:
            self._check_probabilities(node, argument(node, 0, "input"), name)
        elif name in _TF_LOGIT_LOSSES:
            self._check_probabilities(node, argument(node, 1, "logits"), name)
        elif name in _KERAS_LOSS_FUNCTIONS:
            self._check_keras(node, node, argument(node, 2, "from_logits"), argument(node, 1, "y_pred"))
        elif method_name(node, self.facts) == "add" and node.args:
            model = self._keras_model(node.func.value)  # type: ignore[attr-defined]
            if model is not None:
                self.last_added[id(model)] = node.args[0].value
        elif method_name(node, self.facts) == "compile":
            self._check_compile(node)
        else:
            loss = self._loss_object(node.func)
            if loss is None:
                if len(node.args) >= 2 and dotted_name(node.func) is not None \
                        and self.facts.qualified_name(node.func) is None:
                    self.through_names.append(node)  # criterion(out, y) with criterion handed in
                return
            wrapped = partial_target(self.facts.qualified_name, loss)
            if wrapped is not None:  # `partial(F.cross_entropy, reduction="sum")`: the function's positions
                wrapped_name = canonical(self.facts.qualified_name(wrapped))
                if wrapped_name in _TORCH_LOSS_FUNCTIONS:
                    self._check_probabilities(node, argument(node, 0, "input"), wrapped_name)
                return
            loss_name = name_of(self.facts, loss)
            if loss_name in _TORCH_LOSS_MODULES:
                self._check_probabilities(node, argument(node, 0, "input"), loss_name)
            elif loss_name in _KERAS_LOSS_CLASSES:
                self._check_keras(node, loss, argument(loss, 0, "from_logits"), argument(node, 1, "y_pred"))

    def _loss_object(self, func: cst.BaseExpression) -> cst.Call | None:
        """``nn.CrossEntropyLoss()`` for ``nn.CrossEntropyLoss()(...)`` or ``criterion(...)``."""
        if isinstance(func, cst.Call):
            return func
        if dotted_name(func) is None:
            return None
        bound = latest_value(self.facts, func)
        return bound if isinstance(bound, cst.Call) else None

    def _check_probabilities(self, node: cst.Call, prediction: cst.BaseExpression | None, loss: str) -> None:
        if prediction is None:
            return
        found = _probability(self.facts, prediction, self.context.module)
        exp = _exp_operand(self.facts, prediction) if found is None else None
        if exp is not None:
            exp_call, logs = exp
            log_softmax = _log_softmax(self.facts, logs)
            if log_softmax is None:
                self.exponentiated.append((node, exp_call, logs, loss))
                return
            self._report_squashed(node, "softmax", f" (`{self.source(exp_call)}` exponentiates "
                                                    f"`{self.source(log_softmax)}`: its exp is the softmax)", loss)
            return
        if found is None:
            self.untraced.append((node, prediction, loss))
            return
        kind, producer = found
        via = "" if producer is prediction else f" (`{self.source(prediction)}` holds `{self.source(producer)}`)"
        self._report_squashed(node, kind, via, loss)

    def finish(self) -> None:
        if not self.untraced and not self.through_names and not self.exponentiated:
            return
        inputs = LossInputs(self)
        for node, producer, logs, loss in self.exponentiated:
            found = inputs.squashed(logs, node, _LOG_SOFTMAX)
            if found is not None:
                where = found[0].where
                self._report_squashed(node, "softmax", f" (`{self.source(producer)}` exponentiates {where}, "
                                                        "a log_softmax: its exp is the softmax)", loss)
        for node in self.through_names:
            bound = inputs.bound_loss(node)
            loss_name = canonical(bound[0]) if bound is not None else None
            if loss_name in _TORCH_LOSS_MODULES or loss_name in _TORCH_LOSS_FUNCTIONS:
                self._check_probabilities(node, argument(node, 0, "input"), loss_name)
        for node, prediction, loss in self.untraced:
            found = inputs.squashed(prediction, node)
            if found is None:
                continue
            output, index = found
            quoted = index.module.code_for_node(output.node).strip()
            if not isinstance(output.node, cst.Call):  # the `activation=` argument of a layer
                quoted = f"activation={quoted}"
            place = f"line {index.lines(output.node)}"
            if index is not model_index(self):
                place = f"{place} of `{_relative(Path(index.path), Path(self.context.path))}`"
            via = f" (`{self.source(prediction)}` is {output.where}, the result of `{quoted}` on {place})"
            self._report_squashed(node, output.act, via, loss)

    def _report_squashed(self, node: cst.Call, kind: str, via: str, loss: str) -> None:
        applies = _TORCH_LOSS_FUNCTIONS.get(loss) or _TORCH_LOSS_MODULES.get(loss) or _TF_LOGIT_LOSSES.get(loss)
        if loss.startswith("tf."):
            fix = "pass the logits, not their softmax/sigmoid"
        elif applies == "softmax":
            fix = "pass the raw logits to `CrossEntropyLoss`, or use `F.log_softmax` with `NLLLoss`"
        else:
            fix = "pass the raw logits to `BCEWithLogitsLoss`"
        self.report(node, f"`{self.source(node)}` feeds {kind} output{via} to a loss that applies {applies} "
                          "itself: the probabilities are squashed twice and the gradients shrink towards 0",
                    fix_title=fix)

    def _check_keras(self, node: cst.Call, loss: cst.Call, from_logits: cst.BaseExpression | None,
                     prediction: cst.BaseExpression | None) -> None:
        logits = _truth(from_logits)
        if prediction is None or logits is None:
            return
        if logits:
            found = _probability(self.facts, prediction, self.context.module)
            if found is not None:
                self._report_probabilities(node, found[0], f"`{self.source(found[1])}`")
        elif isinstance(prediction, cst.Call) and \
                model_output_kind(self.facts, self.context.module, prediction) == "linear":
            self._report_logits(node, f"`{self.source(prediction)}`")

    def _check_compile(self, node: cst.Call) -> None:
        model_expr = node.func.value  # type: ignore[attr-defined]
        loss = argument(node, 1, "loss")
        if loss is None:
            return
        final = self._final_activation(model_expr)
        if final is None:
            return
        loss_value = loss
        if dotted_name(loss) is not None and self.facts.qualified_name(loss) is None:
            loss_value = latest_value(self.facts, loss) or loss
        if isinstance(loss_value, cst.SimpleString):
            logits = False if loss_value.evaluated_value in _KERAS_LOSS_STRINGS else None
        elif isinstance(loss_value, cst.Call) and name_of(self.facts, loss_value) in _KERAS_LOSS_CLASSES:
            logits = _truth(argument(loss_value, 0, "from_logits"))
        elif dotted_name(loss_value) is not None and \
                canonical(self.facts.qualified_name(loss_value)) in _KERAS_LOSS_FUNCTIONS:
            logits = False
        else:
            logits = None
        model = dotted_name(model_expr) or "the model"
        if logits is True and final in ("softmax", "sigmoid"):
            self._report_probabilities(loss, final, f"`{model}`, whose last layer has activation=\"{final}\"")
        elif logits is False and final == "linear":
            self._report_logits(loss, f"`{model}`, whose last layer is linear")

    def _keras_model(self, expr: cst.BaseExpression) -> cst.Call | None:
        bound = latest_value(self.facts, expr) if dotted_name(expr) is not None else None
        if isinstance(bound, cst.Call) and (name_of(self.facts, bound) in _MODELS or (
                isinstance(bound.func, cst.Name) and self.facts.qualified_name(bound.func) is None)):
            return bound
        return None

    def _final_activation(self, model_expr: cst.BaseExpression) -> str | None:
        model = self._keras_model(model_expr)
        if model is None:
            return None
        if id(model) in self.last_added:
            return layer_kind(self.facts, self.last_added[id(model)])
        return model_kind(self.facts, self.context.module, model)

    def _report_probabilities(self, node: cst.CSTNode, kind: str, what: str) -> None:
        self.report(node, f"`{self.source(node)}` has `from_logits=True` but receives {kind} output from {what}: "
                          "the probabilities are squashed twice and the gradients shrink towards 0",
                    fix_title=f"drop the final {kind} (output logits) or set `from_logits=False`")

    def _report_logits(self, node: cst.CSTNode, what: str) -> None:
        self.report(node, f"`{self.source(node)}` expects probabilities (`from_logits=False`) but receives "
                          f"logits from {what}: the loss clips them into [eps, 1 - eps] and learns from garbage",
                    fix_title="set `from_logits=True` on the loss")


def _truth(expr: cst.BaseExpression | None) -> bool | None:
    if expr is None:
        return False
    if isinstance(expr, cst.Name) and expr.value in ("True", "False"):
        return expr.value == "True"
    return None


# The exponential: its inverse, the log of a log_softmax, gives back the softmax probabilities.
_EXP_FUNCTIONS = {"torch.exp", "tensorflow.exp", "tensorflow.math.exp"}
_LOG_SOFTMAX = ("log_softmax",)


def _exp_operand(facts: Facts, prediction: cst.BaseExpression) -> tuple[cst.Call, cst.BaseExpression] | None:
    """(the ``exp`` call, its operand) when ``prediction`` holds the exponential of a value
    (``torch.exp(out)``, ``out.exp()``), following names."""
    for candidate in trace(facts, prediction):
        if not isinstance(candidate, cst.Call):
            continue
        if ops.normal_name(facts.qualified_name(candidate.func) or "") in _EXP_FUNCTIONS:
            value = argument(candidate, 0, "input")
            return (candidate, value) if value is not None else None
        if method_name(candidate, facts) == "exp" and not candidate.args:
            return candidate, receiver(candidate)
    return None


def _log_softmax(facts: Facts, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """The log_softmax call whose output ``expr`` holds, following names (a model's output is
    looked up at the end)."""
    for candidate in trace(facts, expr):
        if isinstance(candidate, cst.Call) and (
                ops.activation_of(facts.qualified_name(candidate.func)) == "log_softmax"
                or method_name(candidate, facts) == "log_softmax"):
            return candidate
    return None


def _probability(facts: Facts, expr: cst.BaseExpression,
                 module: cst.Module) -> tuple[str, cst.BaseExpression] | None:
    """:func:`traced_probability`, or probabilities joined: a concatenation whose every part holds
    the same kind (``torch.cat([pos, neg])`` of two sigmoid outputs is sigmoid output)."""
    found = traced_probability(facts, expr, module)
    if found is not None:
        return found
    for candidate in trace(facts, expr):
        if not isinstance(candidate, cst.Call) or "concat" not in ops.of_function(facts.call_name(candidate)):
            continue
        parts = argument(candidate, 0, "tensors") or argument(candidate, 0, "values")
        if not isinstance(parts, (cst.List, cst.Tuple)) or not parts.elements \
                or not all(isinstance(e, cst.Element) for e in parts.elements):
            return None
        kinds = {(traced_probability(facts, e.value, module) or (None,))[0] for e in parts.elements}
        kind = kinds.pop() if len(kinds) == 1 else None
        return (kind, candidate) if kind is not None else None
    return None
