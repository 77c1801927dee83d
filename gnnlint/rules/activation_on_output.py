"""GNN602 activation-on-output: a ReLU/LeakyReLU/ELU on what a model returns, where the code shows that
output reaching a regression loss or a loss that expects raw logits."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.rule import Rule
from gnnlint.analysis.models import (ClassModel, ModelIndex, Output, RECTIFIERS, _canonical, _parameters,
                                   _target_names, _unwrap_device, class_output, container_output,
                                   expression_output, model_index, unwrap_views)

_TORCH_REGRESSION = {"mse_loss", "l1_loss", "smooth_l1_loss", "huber_loss", "MSELoss", "L1Loss", "SmoothL1Loss",
                     "HuberLoss"}
_TORCH_LOGITS = {"cross_entropy", "binary_cross_entropy_with_logits", "CrossEntropyLoss", "BCEWithLogitsLoss",
                 "multilabel_soft_margin_loss", "MultiLabelSoftMarginLoss"}
_KERAS_REGRESSION = {"mse", "mae", "MSE", "MAE", "mean_squared_error", "mean_absolute_error", "MeanSquaredError",
                     "MeanAbsoluteError", "Huber", "huber", "log_cosh", "LogCosh", "logcosh"}
_KERAS_CROSSENTROPY = {"CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy",
                       "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
                       "BinaryFocalCrossentropy", "CategoricalFocalCrossentropy"}
_TF_LOGITS = {"softmax_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
              "sigmoid_cross_entropy_with_logits", "softmax_cross_entropy_with_logits_v2"}
# Losses on probabilities, and the squashing that makes them from logits: what the model applies
# that squashing to is the logits, which the loss expects raw.
_STRING_PROBABILITIES = {"categorical_crossentropy": "softmax", "sparse_categorical_crossentropy": "softmax",
                         "binary_crossentropy": "sigmoid"}
_KERAS_PROBABILITIES = {"CategoricalCrossentropy": "softmax", "SparseCategoricalCrossentropy": "softmax",
                        "BinaryCrossentropy": "sigmoid", "categorical_crossentropy": "softmax",
                        "sparse_categorical_crossentropy": "softmax", "binary_crossentropy": "sigmoid"}
_TORCH_PROBABILITIES = {"nll_loss": "log_softmax", "NLLLoss": "log_softmax", "binary_cross_entropy": "sigmoid",
                        "BCELoss": "sigmoid"}
_STRING_REGRESSION = {"mse", "mae", "mean_squared_error", "mean_absolute_error", "huber", "huber_loss",
                      "log_cosh", "logcosh"}
# Targets drawn from these are never negative.
_NONNEGATIVE = {"numpy.random.random", "numpy.random.rand", "numpy.random.random_sample", "numpy.random.poisson",
                "numpy.random.binomial", "numpy.random.exponential", "numpy.ones", "numpy.zeros", "numpy.abs",
                "numpy.ones_like", "numpy.zeros_like"}
# Where the prediction goes in a call of each family of loss: (position, keyword).
# Every loss the rule recognises is named in the file's text (its call, import or `loss="..."`).
_LOSS_NAMES = tuple(sorted(_TORCH_REGRESSION | _TORCH_LOGITS | _KERAS_REGRESSION | _KERAS_CROSSENTROPY | _TF_LOGITS
                           | _STRING_REGRESSION | set(_TORCH_PROBABILITIES)))
_INPUT = {"torch": (0, "input"), "keras": (1, "y_pred"), "tfnn": (1, "logits")}

_CONSEQUENCE = {
    ("regression", "relu"): "a regression target below 0 cannot be reached, and an output stuck at 0 passes no "
                            "gradient back",
    ("regression", "leaky_relu"): "a regression target below 0 is only reachable through the small negative slope, "
                                  "which shrinks those outputs' gradient by the same factor",
    ("regression", "elu"): "a regression target below -1 cannot be reached, and the gradient fades as outputs "
                           "approach -1",
    ("logits", "relu"): "every negative logit is clipped to 0, so wrong classes cannot be pushed down and clipped "
                        "outputs pass no gradient back",
    ("logits", "leaky_relu"): "negative logits are squashed by the small slope, so wrong classes are pushed down "
                              "with a tiny gradient",
    ("logits", "elu"): "logits cannot go below -1, so the loss cannot make a wrong class confidently unlikely",
}


@dataclasses.dataclass
class _Scope:
    function: cst.FunctionDef | None
    cls: ClassModel | None
    body: list[cst.BaseStatement]
    assigns: dict[str, list[cst.BaseExpression]]
    calls: list[cst.Call]


@dataclasses.dataclass
class _Loss:
    kind: str  # regression or logits
    family: str  # torch, keras, tfnn
    label: str
    through: str | None = None  # the squashing the loss expects the model to apply to its logits


class ActivationOnOutput(Rule):
    code = "GNN602"
    name = "activation-on-output"
    severity = "warning"
    message = "ReLU/LeakyReLU/ELU on a model output that feeds a regression loss or a loss expecting logits"
    fix_title = ("return the last layer's raw output (a linear head); put any squashing the loss needs inside "
                 "the loss (`BCEWithLogitsLoss`, `from_logits=True`)")
    triggers = ("elu", "ELU", "eLU")

    def visit_Module(self, node: cst.Module) -> None:
        """Everything happens in finish(), once the whole file is known."""

    def finish(self) -> None:
        if not any(name in self.context.source for name in _LOSS_NAMES):
            return  # no loss the rule knows is named in the file: no output can reach one here
        self.index: ModelIndex = model_index(self)
        if not self._may_have_candidates():
            return
        self.scopes = [_collect(function, cls, body) for function, cls, body in self.index.functions]
        self.module_scope = self.scopes[0]
        self.by_function = {id(s.function): s for s in self.scopes if s.function is not None}
        reported: set[int] = set()
        for scope in self.scopes:
            for model, loss, site in self._losses(scope):
                output = self._output(model, loss.through)
                if output is None or id(output.node) in reported:
                    continue
                reported.add(id(output.node))
                self._report(output, loss, site)

    def _may_have_candidates(self) -> bool:
        """Cheap pre-check before following names through every scope."""
        if any(class_output(self.index, cls) is not None for cls in self.index.classes.values()
               if cls is not None and cls.forward is not None):
            return True
        if any(container_output(c, through) is not None for c in self.index.sequentials()
               for through in (None, "softmax", "sigmoid", "log_softmax")):
            return True
        return any(_canonical(q)[0] == "keras" and q.split(".")[-1] in ("Model", "Functional")
                   for q in self.index.facts.aliases.values()) or "Model(" in self.context.source

    def _report(self, output: Output, loss: _Loss, site: cst.CSTNode) -> None:
        lines = self.index.lines
        where = output.where
        what = RECTIFIERS[output.act]
        expects = " (it expects raw logits)" if loss.kind == "logits" else ""
        if loss.through is not None:
            expects = f" (through the {loss.through}, which expects raw logits)"
        quoted = self.source(output.node)
        if not isinstance(output.node, cst.Call):  # the `activation=` argument of a layer
            quoted = f"activation={quoted}"
        self.report(output.node, f"`{quoted}` applies {what} to {where} (line "
                                 f"{lines(output.node)}), and that output reaches {loss.label} on line "
                                 f"{lines(site)}{expects}: {_CONSEQUENCE[(loss.kind, output.act)]}")

    # -- which models reach which losses -------------------------------------------------------

    def _losses(self, scope: _Scope) -> Iterator[tuple[object, _Loss, cst.Call]]:
        for call in scope.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value == "compile" \
                    and self.index.qualified(func) is None:
                loss = self._compiled_loss(argument(call, 1, "loss"), scope)
                model = self._model(func.value, scope) if loss is not None else None
                if model is not None and (loss.kind != "regression"  # type: ignore[union-attr]
                                          or not self._fit_on_nonnegative(func.value, scope)):
                    yield model, loss, call  # type: ignore[misc]
                continue
            loss = self._loss_callable(func, scope, call)
            if loss is None:
                continue
            position, keyword = _INPUT[loss.family]
            prediction = argument(call, position, keyword)
            model = self._model_output_of(prediction, scope) if prediction is not None else None
            if model is not None:
                yield model, loss, call

    def _fit_on_nonnegative(self, receiver: cst.BaseExpression, scope: _Scope) -> bool:
        """``model.fit(x, y)`` with targets that are visibly never negative (``np.random.random``):
        a ReLU head is then a choice, not a hazard."""
        spelled = dotted_name(receiver)
        for call in scope.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and func.attr.value == "fit" and dotted_name(func.value) == spelled:
                targets = argument(call, 1, "y")
                if targets is not None and self._nonnegative(targets, scope):
                    return True
        return False

    def _nonnegative(self, expr: cst.BaseExpression, scope: _Scope, depth: int = 0) -> bool:
        if isinstance(expr, cst.Call):
            name = self.index.qualified(expr.func) or ""
            if name in _NONNEGATIVE:
                return True
            if name == "numpy.where":  # np.where(data > 0.5, 1, 0)
                branches = [argument(expr, 1, None), argument(expr, 2, None)]
                return all(b is not None and (number(b) is not None and number(b) >= 0  # type: ignore[operator]
                                              or self._nonnegative(b, scope, depth + 1)) for b in branches)
            if name in ("numpy.random.uniform", "numpy.random.randint"):
                low = argument(expr, 0, "low")
                return low is None or (number(low) is not None and number(low) >= 0)  # type: ignore[operator]
            return False
        spelled = dotted_name(expr)
        if spelled is None or depth > 3:
            return False
        values = self._values(spelled, scope)
        return len(values) == 1 and self._nonnegative(values[0], scope, depth + 1)

    def _loss_callable(self, func: cst.BaseExpression, scope: _Scope, call: cst.Call) -> _Loss | None:
        name = self.index.qualified(func)
        if name is not None:
            return _classify_loss(name, call, f"`{self.source(func)}`")
        if isinstance(func, cst.Call):  # nn.MSELoss()(out, y)
            built = self.index.qualified(func.func)
            return _classify_loss(built, func, f"`{self.source(func)}`") if built else None
        spelled = dotted_name(func)
        if spelled is None:
            return None
        for value, _owner in self._bound(spelled, scope):
            if isinstance(value, cst.Call):
                built = self.index.qualified(value.func)
                if built is not None:
                    loss = _classify_loss(built, value, f"`{spelled}` (`{self.source(value)}`)")
                    if loss is not None:
                        return loss
        return None

    def _compiled_loss(self, value: cst.BaseExpression | None, scope: _Scope) -> _Loss | None:
        if value is None:
            return None
        if isinstance(value, cst.SimpleString):
            text = value.evaluated_value
            if isinstance(text, str) and text.lower() in _STRING_REGRESSION:
                return _Loss("regression", "keras", f"`loss={self.source(value)}`")
            if isinstance(text, str) and text.lower() in _STRING_PROBABILITIES:
                return _Loss("logits", "keras", f"`loss={self.source(value)}`", _STRING_PROBABILITIES[text.lower()])
            return None
        if isinstance(value, cst.Call):
            built = self.index.qualified(value.func)
            return _classify_loss(built, value, f"`{self.source(value)}`") if built else None
        name = self.index.qualified(value)
        if name is not None:
            return _classify_loss(name, None, f"`{self.source(value)}`")
        spelled = dotted_name(value)
        for bound in self._values(spelled, scope) if spelled else []:
            loss = self._compiled_loss(bound, scope)
            if loss is not None:
                return loss
        return None

    def _model_output_of(self, prediction: cst.BaseExpression, scope: _Scope, depth: int = 0) -> object | None:
        """The model whose output ``prediction`` is (``model(x)``, ``out`` bound to it, ``out[mask]``)."""
        core = unwrap_views(prediction, self.index.facts)
        if isinstance(core, cst.Call):
            return self._model(core.func, scope)
        name = dotted_name(core)
        if name is None or depth > 3:
            return None
        values = scope.assigns.get(name, [])
        if len(values) != 1:
            return None  # rebound on the way: cannot tell which value reaches the loss
        return self._model_output_of(values[0], scope, depth + 1)

    def _model(self, expr: cst.BaseExpression, scope: _Scope, depth: int = 0) -> object | None:
        """A model the expression names: a class of this file, a container, a Keras functional model."""
        if depth > 4:
            return None
        expr = _unwrap_device(expr)
        if isinstance(expr, cst.Call):
            if isinstance(expr.func, cst.Name) and self.index.qualified(expr.func) is None:
                cls = self.index.classes.get(expr.func.value)
                return cls if cls is not None and cls.forward is not None else None
            layer = self.index.construct(expr, None, None)
            if layer is not None and layer.kind == "seq":
                return next((c for c in self.index.sequentials() if c.node is layer.node), layer)
            if layer is not None and layer.kind == "model":
                return (expr, scope)
            return None
        name = dotted_name(expr)
        if name is None:
            return None
        if name == "self":
            return scope.cls if scope.cls is not None and scope.cls.forward is not None else None
        bound = self._bound(name, scope)
        models = {id(m): m for m in (self._model(v, owner, depth + 1) for v, owner in bound)}
        if len(bound) >= 1 and len(models) == 1 and None not in models.values():
            return next(iter(models.values()))
        return None

    def _bound(self, name: str, scope: _Scope, depth: int = 0) -> list[tuple[cst.BaseExpression, _Scope]]:
        """What ``name`` is bound to, with the scope of each value; a parameter of a function is
        bound to what its callers in this file pass (``train(model, ...)``)."""
        owner = self._owner(name, scope)
        values = [(v, owner) for v in self._values(name, scope)]
        function = owner.function
        if values or function is None or depth > 2:
            return values
        params = [p.name.value for p in _parameters(function.params)]
        if name not in params:
            return []
        position = params.index(name)
        found = []
        for caller in self.scopes:
            for call in caller.calls:
                if isinstance(call.func, cst.Name) and call.func.value == function.name.value:
                    value = argument(call, position, name)
                    if value is None:
                        return []
                    if isinstance(value, cst.Name):
                        found += self._bound(value.value, caller, depth + 1) or [(value, caller)]
                    else:
                        found.append((value, caller))
        return found

    def _values(self, name: str, scope: _Scope) -> list[cst.BaseExpression]:
        values = self._owner(name, scope).assigns.get(name, [])
        # `model = model.to(device)` keeps the same model.
        return [v for v in values if dotted_name(_unwrap_device(v)) != name]

    def _owner(self, name: str, scope: _Scope) -> _Scope:
        if name in scope.assigns or scope.function is None:
            return scope
        if any(p.name.value == name for p in _parameters(scope.function.params)):
            return scope
        return self.module_scope

    def _output(self, model: object, through: str | None) -> Output | None:
        if isinstance(model, ClassModel):
            return class_output(self.index, model, through)
        if isinstance(model, tuple):
            call, scope = model
            outputs = argument(call, 1, "outputs")
            if isinstance(outputs, (cst.List, cst.Tuple)):
                if len(outputs.elements) != 1:
                    return None
                outputs = outputs.elements[0].value
            if outputs is None:
                return None
            stop = next((s for s in scope.body if _contains(s, call)), None)
            return expression_output(self.index, scope.function, scope.cls, scope.body, outputs, stop,
                                     "the `outputs` of the Keras model", through)
        return container_output(model, through)  # type: ignore[arg-type]


def _classify_loss(name: str, config: cst.Call | None, label: str) -> _Loss | None:
    root, parts = _canonical(name)
    last = parts[-1]
    if root == "torch":
        if last in _TORCH_REGRESSION:
            return _Loss("regression", "torch", label)
        if last in _TORCH_LOGITS:
            return _Loss("logits", "torch", label)
        if last in _TORCH_PROBABILITIES:
            return _Loss("logits", "torch", label, _TORCH_PROBABILITIES[last])
        return None
    if parts[:2] == ["tensorflow", "nn"] and last in _TF_LOGITS:
        return _Loss("logits", "tfnn", label)
    if root in ("keras", "tensorflow") and "losses" in parts:
        if last in _KERAS_REGRESSION:
            return _Loss("regression", "keras", label)
        if last in _KERAS_CROSSENTROPY and config is not None:
            flag = argument(config, None, "from_logits")
            if isinstance(flag, cst.Name) and flag.value == "True":
                return _Loss("logits", "keras", label)
            if (flag is None or isinstance(flag, cst.Name) and flag.value == "False") and last in _KERAS_PROBABILITIES:
                return _Loss("logits", "keras", label, _KERAS_PROBABILITIES[last])
    return None


def _collect(function: cst.FunctionDef | None, cls: ClassModel | None, body: list[cst.BaseStatement]) -> _Scope:
    scope = _Scope(function, cls, body, {}, [])

    def nested(node: cst.CSTNode) -> bool:
        return type(node) in (cst.FunctionDef, cst.ClassDef, cst.Lambda)

    for statement in body:
        for node in descendants(statement, prune=nested):
            if type(node) is cst.Assign:
                for target in node.targets:
                    single = isinstance(target.target, (cst.Name, cst.Attribute))
                    for name in _target_names(target.target):
                        # Unpacking binds a part of the value: recorded as unknown.
                        scope.assigns.setdefault(name, []).append(node.value if single else cst.Name("None"))
            elif type(node) is cst.Call:
                scope.calls.append(node)
    return scope


def _contains(tree: cst.CSTNode, node: cst.CSTNode) -> bool:
    return any(current is node for current in descendants(tree))
