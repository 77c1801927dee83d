"""GNN505 fp16-without-loss-scaling: half-precision training whose small gradients underflow to 0."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import dotted_name, names_in, number
from gnnlint.analysis.training import (FP16_DTYPES, Event, TrainingRule, autocast_dtype, is_torch_optimizer, keyword,
                                     optimizer_kind)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

# Optimizers that divide by sqrt(v) + eps: an eps below float16's smallest subnormal (6e-8) is 0.
_EPS_OPTIMIZERS = {"adam": 1e-8, "adamw": 1e-8, "adamax": 1e-8, "nadam": 1e-8, "radam": 1e-8, "rmsprop": 1e-8,
                   "adagrad": 1e-10, "sparseadam": 1e-8}
_FP16_TINY = 6e-8
_NO_GRAD = {"torch.no_grad", "torch.inference_mode", "torch.autograd.no_grad", "torch.autograd.grad_mode.no_grad"}
_MODULE_METHODS = {"parameters", "named_parameters", "state_dict", "train", "eval", "forward", "zero_grad",
                   "modules", "children", "load_state_dict"}


class Fp16WithoutLossScaling(TrainingRule):
    code = "GNN505"
    name = "fp16-without-loss-scaling"
    severity = "error"
    message = "float16 training without loss scaling"
    fix_title = ("scale the loss: `torch.amp.GradScaler` (`scaler.scale(loss).backward()`), Keras "
                 "`LossScaleOptimizer`, or train in bfloat16")
    triggers = (".half(", "float16", "autocast")

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        # model.half() / model.to(torch.float16): (call, receiver name, what the receiver was bound to)
        self.casts: list[tuple[cst.Call, str | None, list[cst.BaseExpression]]] = []
        self._modules: set[str] | None = None

    def on_call(self, node: cst.Call) -> None:
        func = node.func
        if not isinstance(func, cst.Attribute) or self.facts.call_name(node) is not None:
            return
        receiver = dotted_name(func.value)
        if receiver is None and not isinstance(func.value, cst.Call):
            return
        if func.attr.value == "half" and not node.args:
            pass
        elif func.attr.value == "to" and any(
                self.facts.qualified_name(a.value) in FP16_DTYPES for a in node.args
                if isinstance(a.value, (cst.Name, cst.Attribute))
                and (a.keyword is None or a.keyword.value == "dtype")):
            pass
        else:
            return
        # model = Net().half(): the model is whatever the result is assigned to (found in finish).
        self.casts.append((node, receiver, list(self.facts.resolve(func.value)) if receiver else [func.value]))

    def finish(self) -> None:
        backward = self.scan.events("backward")
        scaled = bool(self.scan.events("scaler"))
        if backward:
            self._pure_fp16(backward[0], scaled)
            if not scaled:
                self._autocast(backward[0])
        self._keras_policy(scaled)

    # model.half() ... loss.backward()
    def _pure_fp16(self, backward: Event, scaled: bool) -> None:
        for call, receiver, bound in self.casts:
            if receiver is None:
                receiver = _assigned_name(self.context.module, call)
                bound = [call, *bound]
                if receiver is None:
                    continue
            optimizers = self._optimizers_of(receiver)
            if not optimizers and not self._is_model(receiver, bound) \
                    and _assigned_name(self.context.module, call) not in self._module_uses():
                continue  # (`clf = layer.half()` ... `clf(x)`: the result is used as the model)
            if not scaled:
                self.report(call, f"`{self.scan.quote(call)}` trains the model in float16 and "
                                  f"`{self.scan.quote(backward.node)}` {self.at(backward.node)} runs with no loss "
                                  "scaling: gradients below 6e-8 underflow to 0 and activations above 65504 "
                                  "overflow to inf")
            for optimizer in optimizers:
                self._check_eps(optimizer, call)

    def _check_eps(self, optimizer: cst.Call, cast: cst.Call) -> None:
        kind = optimizer_kind(self.facts.call_name(optimizer) or "")
        if kind not in _EPS_OPTIMIZERS:
            return
        value = keyword(optimizer, "eps")
        eps = _EPS_OPTIMIZERS[kind] if value is None else number(value)
        if eps is None or eps >= _FP16_TINY:
            return
        shown = "its default eps" if value is None else "eps"
        self.report(optimizer, f"`{self.scan.quote(optimizer)}` updates float16 weights (`{self.scan.quote(cast)}` "
                               f"{self.at(cast)}) and {shown}={eps:g} is 0 in float16 (smallest value 6e-8): "
                               "the update divides by sqrt(v) + 0 and turns into inf/NaN; pass eps=1e-4")

    def _optimizers_of(self, receiver: str) -> list[cst.Call]:
        found = []
        for event in self.scan.optimizers:
            if is_torch_optimizer(self.facts.call_name(event.node)) and any(
                    n == f"{receiver}.parameters" or n == f"{receiver}.named_parameters"
                    for n in names_in(event.node)):
                found.append(event.node)
        return found

    def _is_model(self, receiver: str, bound: list[cst.BaseExpression]) -> bool:
        for value in bound[1:]:
            if isinstance(value, cst.Call):
                name = self.facts.call_name(value) or ""
                layer = name.rsplit(".", 1)[-1]
                if name.startswith(("torch.nn.", "torch_geometric.nn.", "dgl.nn.")) and layer[:1].isupper():
                    return True
        # Used as a model: called (a tensor is not callable) or asked for its parameters / mode.
        return receiver in self._module_uses()

    def _module_uses(self) -> set[str]:
        if self._modules is None:
            self._modules = set()
            for node in descendants(self.context.module):
                if isinstance(node, cst.Call):
                    func = node.func
                    spelled = dotted_name(func)
                    if spelled is not None and self.facts.qualified_name(func) is None:
                        self._modules.add(spelled)
                    if isinstance(func, cst.Attribute) and func.attr.value in _MODULE_METHODS:
                        owner = dotted_name(func.value)
                        if owner is not None:
                            self._modules.add(owner)
        return self._modules

    # with torch.autocast("cuda", dtype=torch.float16): ... loss.backward()  (no GradScaler)
    def _autocast(self, backward: Event) -> None:
        for event in self.scan.events("autocast"):
            call = event.node
            if autocast_dtype(self.facts, call) != "float16" or self._without_gradients(call):
                continue
            self.report(call, f"`{self.scan.quote(call)}` computes in float16 and `{self.scan.quote(backward.node)}` "
                              f"{self.at(backward.node)} runs without a GradScaler: gradients below 6e-8 "
                              "underflow to 0 and the weights stop learning")

    def _without_gradients(self, autocast: cst.Call) -> bool:
        """An autocast region where no gradient is computed: inside ``with torch.no_grad()`` or a
        function decorated ``@torch.no_grad()``, or whose body only calls functions of this module
        so decorated (an fp16 evaluation): nothing there is scaled, so nothing needs a GradScaler."""
        path = _path_to(self.context.module, autocast)
        region = next((node for node in reversed(path) if isinstance(node, cst.With)
                       and any(item.item is autocast for item in node.items)), None)
        if region is None:
            return False
        for node in path:
            if isinstance(node, cst.FunctionDef) and any(self._no_grad(d.decorator) for d in node.decorators):
                return True
            if isinstance(node, cst.With) and node is not region and any(self._no_grad(i.item) for i in node.items):
                return True
        calls = [node for statement in region.body.body for node in _top_calls(statement)]
        if not calls or len(calls) != sum(1 for statement in region.body.body
                                           if not isinstance(statement, (cst.Pass,))):
            return False
        for call in calls:
            function = self.facts.functions.get(call.func.value) if isinstance(call.func, cst.Name) else None
            if function is None or not any(self._no_grad(d.decorator) for d in function.decorators):
                return False
        return True

    def _no_grad(self, expr: cst.BaseExpression) -> bool:
        if isinstance(expr, cst.Call):
            expr = expr.func
        return (self.facts.qualified_name(expr) or "") in _NO_GRAD

    # tf.keras.mixed_precision.set_global_policy("mixed_float16") with a GradientTape loop
    def _keras_policy(self, scaled: bool) -> None:
        if scaled:
            return
        steps = [s for s in self.scan.steps() if s.kind == "tape"
                 and not (s.unit.name == "train_step" and s.unit.class_name
                          and self.scan.source(s.anchor.optimizer) == "self.optimizer")]  # type: ignore[arg-type]
        if not steps:
            return  # compile()/fit() wrap the optimizer in a LossScaleOptimizer themselves
        anchor = steps[0].anchor.node
        for event in self.scan.events("policy"):
            self.report(event.node, f"`{self.scan.quote(event.node)}` makes the model compute in float16, and the "
                                    f"custom step `{self.scan.quote(anchor)}` {self.at(anchor)} applies unscaled "
                                    "gradients: wrap the optimizer in `LossScaleOptimizer` and scale the loss")


def _assigned_name(module: cst.Module, value: cst.Call) -> str | None:
    """``model`` for ``model = Net().half()``."""
    for node in descendants(module):
        if type(node) is cst.Assign and node.value is value and len(node.targets) == 1:
            name = dotted_name(node.targets[0].target)
            if name:
                return name
    return None


def _path_to(module: cst.Module, target: cst.CSTNode) -> list[cst.CSTNode]:
    """The nodes from the module down to ``target`` (empty when it is not in the module)."""
    path: list[cst.CSTNode] = []

    def search(node: cst.CSTNode) -> bool:
        path.append(node)
        if node is target or any(search(child) for child in node.children):
            return True
        path.pop()
        return False

    search(module)
    return path


def _top_calls(statement: cst.CSTNode) -> list[cst.Call]:
    """The call a simple statement makes at its top (``f(...)``, ``r = f(...)``), one per statement."""
    if not isinstance(statement, cst.SimpleStatementLine) or len(statement.body) != 1:
        return []
    small = statement.body[0]
    value = small.value if isinstance(small, (cst.Expr, cst.Assign, cst.AugAssign)) else None
    return [value] if isinstance(value, cst.Call) else []
