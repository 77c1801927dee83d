"""GNN401 missing-gradient-clipping, GNN402 per-tensor-clipping, GNN403 redundant-clipping.

All three judge the training steps that ``_training`` finds, once the whole file has been walked.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import TENSORFLOW_ROOTS, argument, dotted_name, names_in
from gnnlint.analysis.scopes import is_receiver
from gnnlint.analysis.depth import deepest_stack
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.options import command_line_of, config_values, holds_parsed_namespace, option_dest
from gnnlint.analysis.passed import Built, built_by, site_of
from gnnlint.analysis.project_models import ProjectFunction
from gnnlint.analysis.training import (DEEP_STACK, TF_CLIPS, TORCH_CLIPS, Step, TrainingRule, is_keras_optimizer,
                                      iter_calls, keyword)
from gnnlint.rules.high_learning_rate import (OptimizerSettings, Rates, group_settings, optimizer_settings,
                                              scheduler_peak, wrapping_scheduler)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext
    from gnnlint.analysis.training import EventKind, Unit

# Plain SGD with momentum diverges on a spike from this rate up (RULES.md: "a high rate"; 0.01 with
# momentum 0.9 is the usual setting, not a high one).
MOMENTUM_RATE = 0.1

# Optimizers that divide each update by a running estimate of the gradient's scale.
_ADAPTIVE = {"Adam", "AdamW", "Adamax", "NAdam", "Nadam", "RAdam", "RMSprop", "Adagrad", "Adadelta", "SparseAdam",
             "Lion", "Adafactor"}


def _configured(graph: GraphFacts) -> dict[str, object]:
    """The option values configuration files give the command line of the module of ``graph``
    (see :func:`config_values`)."""
    dests = {dest for call in command_line_of(graph) if (dest := option_dest(call)) is not None}
    return dict(config_values(graph, dests))


def _module_of(origin: Built | None, module: cst.Module) -> cst.Module:
    """The module a value built at ``origin`` (None: in ``module``) is written in."""
    return origin.graph.context.module if origin is not None else module


def _once_per_backward(judged: list[tuple[Step, str | None]]) -> list[tuple[Step, str | None]]:
    """One report per training step: several optimizers stepped after one ``backward()`` (an
    encoder's and a decoder's) are one step, reported at the first, or at the first whose model is
    at risk."""
    kept: dict[int, tuple[Step, str | None]] = {}
    for step, risk in judged:
        key = id(step.source.node) if step.source is not None else id(step)
        if key not in kept or (kept[key][1] is None and risk is not None):
            kept[key] = (step, risk)
    return list(kept.values())


def _wraps(built: Built, model: cst.Call) -> bool:
    """The trained model is built around a variable that holds ``model`` (``gnn = GNN(...)``, then
    ``Wrapper(gnn)``): the wrapper registers it as a submodule, so its parameters are trained too."""
    return any(inner.call is model for arg in built.call.args if not isinstance(arg.value, cst.Call)
               for inner in built_by(arg.value, built.scope, built.order))


def _what(kind: str, layer: cst.CSTNode) -> str:
    """How a model's risk reads: its sum aggregation, a library recurrent layer (a constructor), a
    module of its own called over a loop with its output fed back (a call of ``self.x``), or a
    gated cell written by hand."""
    if kind == "sum":
        return "sum aggregation"
    if isinstance(layer, cst.Call) and isinstance(layer.func, cst.Attribute) and is_receiver(layer.func.value):
        return "a module applied over a loop to its own output, the same weights on every pass"
    if isinstance(layer, cst.Call):
        return "a recurrent layer"
    return "a recurrent cell written by hand, unrolled over steps"


def _setting_values(settings: OptimizerSettings, key: str, graph: GraphFacts, where: tuple[Scope, int],
                    option: Callable[[str], cst.BaseExpression | None]) -> list[float] | None:
    """The values ``key`` (``lr`` or ``momentum``) of the optimizer ``settings`` reads may take
    where it trains, each way it is set followed to a literal (GNN404's follower: stores, callers
    and defaults, dict entries, ``**options``, the command line's ``option``): the peak of a
    scheduler that replaces the rate, else the param groups' own and the constructor's where a
    group sets none. None when one way is not known, or is the optimizer's default (a rate of
    1e-3 / 1e-2, no momentum)."""
    follower = Rates(graph, option, key, flags=True)
    scheduler = wrapping_scheduler(settings.call, graph) if key == "lr" else None
    if scheduler is not None:
        peak, site = scheduler_peak(*scheduler), site_of(graph, scheduler[0])
        return follower.of(peak, *site) if peak is not None and site is not None else None

    def holds(expr: cst.BaseExpression) -> list[cst.BaseExpression]:
        store, _ = graph.lookup(dotted_name(expr) or "", *where)
        return [expr] + ([store.value] if store is not None and store.kind == "assign" and store.value else [])

    groups, every = group_settings(settings.params, key, holds)
    ways: list[tuple[cst.BaseExpression, bool]] = [(value, False) for _, value in groups]
    own = settings.rate if key == "lr" else settings.momentum
    if not every and own is not None:
        ways.append((own, False))
    elif not every and settings.options is not None:
        ways.append((settings.options, True))  # `SGD(params, **options)`
    elif not every:
        return None
    found: list[float] = []
    for expr, star in ways:
        values = follower.of(expr, *where, star=star)
        if values is None:
            return None
        found += values
    return found or None


class MissingGradientClipping(TrainingRule):
    code = "GNN401"
    name = "missing-gradient-clipping"
    severity = "warning"
    message = "training step without gradient clipping"
    fix_title = ("clip by global norm before the optimizer step (`torch.nn.utils.clip_grad_norm_`, "
                 "`tf.clip_by_global_norm`, `clipnorm=` / `global_clipnorm=`, `gradient_clip_val=`)")
    # A step needs one of these (torch `.step(`, TF `apply_gradients`, Keras `compile(`, Lightning).
    triggers = (".step(", "apply_gradients", "compile(", "Trainer(", ".minimize(", "from_argparse_args(")
    # Stores and callers of the module: a step's optimizer and model may be handed in by a caller.
    requires = (GraphFacts,)

    def finish(self) -> None:
        if self.context.is_test:
            return  # a test's training loop checks behaviour, not stability
        steps = self.scan.steps()
        # An optimizer both compiled and used in a custom loop is reported once, at the loop.
        looped = {id(s.anchor.constructor) for s in steps
                  if s.kind == "tape" and s.anchor.constructor is not None}
        unclipped = [step for step in steps
                     if not (step.clips or step.optimizer_clip or step.optimizer_unknown or step.updates_tensors_only)
                     and not (step.kind == "compile" and id(step.anchor.constructor) in looped)]
        # _risk() quotes line numbers, which cost a position pass: only for files with a finding.
        file_risks = self._risks() if unclipped else []
        judged = [(step, next((f"this file also {label}" for label, model in file_risks if self._trains(step, model)),
                              None) or self._trained_risk(step) or self._momentum_risk(step)) for step in unclipped]
        for step, risk in _once_per_backward(judged):
            if risk is None and not self.context.shows_info(self.code):
                continue  # info nobody asked for: no message to build
            message = self._describe(step)
            if risk is not None:
                message += f"; {risk}, {self._consequence(step)}"
            self.report(step.anchor.node, message, severity="warning" if risk is not None else "info")

    def _consequence(self, step: Step) -> str:
        constructor = step.anchor.constructor
        facts = step.anchor.passed.graph.facts if step.anchor.passed is not None else self.facts
        name = facts.call_name(constructor) if isinstance(constructor, cst.Call) else None
        if name is not None and name.rsplit(".", 1)[-1] in _ADAPTIVE:
            # Adaptive optimizers bound the size of each update; what a spike does there is different.
            return ("and although the optimizer bounds each update's size, an inf gradient still turns the "
                    "weights into NaN and a spike inflates its running second moment, stalling learning for "
                    "many steps")
        return "so one exploding step can turn the weights into NaN"

    def _describe(self, step: Step) -> str:
        anchor = step.anchor.node
        quoted = f"`{self.scan.quote(anchor)}`"
        if step.kind == "torch":
            assert step.source is not None  # a torch step follows its backward()
            return (f"{quoted} follows `{self.scan.quote(step.source.node)}` {self.at(step.source.node)} "
                    "with no gradient clipping in between")
        if step.kind == "tape":
            constructor = step.anchor.constructor
            where = f"; `{self.scan.quote(constructor)}` sets no `clipnorm`/`global_clipnorm`" \
                if isinstance(constructor, cst.Call) and is_keras_optimizer(self.facts.call_name(constructor)) else ""
            assert step.source is not None  # a tape step follows its tape.gradient()
            return (f"{quoted} applies the gradients of `{self.scan.quote(step.source.node)}` "
                    f"{self.at(step.source.node)} unclipped{where}")
        if step.kind == "minimize":
            return f"{quoted} computes and applies the gradients in one call, with no clipping in between"
        if step.kind == "compile":
            assert step.anchor.constructor is not None  # a compile step's optimizer was resolved (steps())
            return (f"{quoted} trains with `{self.scan.quote(step.anchor.constructor)}`, which sets no "
                    "`clipnorm`, `clipvalue` or `global_clipnorm`")
        return (f"{quoted} sets no `gradient_clip_val` and no `configure_gradient_clipping` hook is defined "
                "in this file")

    def _trained_risk(self, step: Step) -> str | None:
        """A recurrent layer or sum aggregation in the model this step's optimizer updates, where
        another module of the project builds that model and hands it to the training function."""
        found = self.scan.trained_model_risk(step)
        if found is None:
            return self._self_trained_risk(step) or self._unrolled_risk(step)
        kind, built, layer, owner = found
        what = _what(kind, layer)
        model = " ".join(built.graph.context.module.code_for_node(built.call).split())
        model = model if len(model) <= 40 else model[:39] + "…"
        updates = f"its optimizer updates `{model}` (built in {Path(built.graph.context.path).name})"
        if owner is None:  # a framework model, built where the step's caller builds it
            return f"{updates}, a framework model with {what}"
        quoted = " ".join(owner.module.code_for_node(layer).split())
        quoted = quoted if len(quoted) <= 40 else quoted[:39] + "…"
        if isinstance(owner, ProjectFunction):  # a framework model a factory of the project returns
            return f"{updates}, which may be `{quoted}` (returned by `{owner.node.name.value}`), a framework model with {what}"
        return f"{updates}, which has {what} (`{quoted}` in class `{owner.node.name.value}`)"

    def _momentum_risk(self, step: Step) -> str | None:
        """The step's optimizer is plain SGD with momentum (or Nesterov) at a rate of 0.1 or more, every
        way its rate and momentum are set followed to a literal (GNN404's rate follower: stores,
        callers and defaults, dict entries, ``**options``, command-line defaults): momentum carries a
        spike into the following updates. A Lightning step's optimizers are those its module's
        ``configure_optimizers`` builds."""
        graph = self.scan.graph
        if graph is None:
            return None
        built: list[tuple[cst.Call, Built | None]]
        if step.kind == "lightning":
            built = [(e.node, None) for e in self.scan.optimizers if e.unit.endswith(".configure_optimizers")]
        elif isinstance(step.anchor.constructor, cst.Call):
            built = [(step.anchor.constructor, step.anchor.passed)]
        else:
            return None
        found = [self._momentum_setting(call, passed) for call, passed in built]
        if not found or None in found:
            return None
        call, rate, momentum, nesterov, configured = found[0]  # type: ignore[misc]
        origin = built[0][1]
        elsewhere = origin is not None and origin.graph.context.module is not self.context.module
        facts = origin.graph.facts if origin is not None else self.facts
        shown = (facts.call_name(call) or "SGD").rsplit(".", 1)[-1]
        where = f"in {Path(origin.graph.context.path).name}" if origin is not None and elsewhere else self.at(call)
        held = f"{'Nesterov ' if nesterov else ''}momentum {momentum:g}"
        quoted = " ".join(_module_of(origin, self.context.module).code_for_node(call).split())
        quoted = quoted if len(quoted) <= 40 else quoted[:39] + "…"
        given = f", {' and '.join(f'`{d}`' for d in configured)} as the project's configuration files set it" \
            if configured else ""
        return (f"its optimizer is {shown} with {held} at lr={rate:g} (`{quoted}` {where}{given}), "
                "which carries a spike on into the next updates")

    def _momentum_setting(self, call: cst.Call, passed: Built | None
                          ) -> tuple[cst.Call, float, float, bool, list[str]] | None:
        """(the constructor, its lowest peak rate, its lowest momentum, whether it is Nesterov's,
        the options read from configuration files) when ``call`` builds plain SGD with momentum
        (above 0: the optimizer's default is none, Nesterov or not) at a peak rate of at least
        MOMENTUM_RATE (the rate a OneCycleLR/CyclicLR drives it up to, param groups' own rates:
        GNN404's reading of the optimizer's settings)."""
        graph = passed.graph if passed is not None else self.scan.graph
        settings = optimizer_settings(call, graph.facts.call_name(call)) if graph is not None else None
        where = (passed.scope, passed.order) if passed is not None else site_of(graph, call) \
            if graph is not None else None
        if graph is None or settings is None or settings.kind != "sgd" or where is None:
            return None
        configured = _configured(graph)
        read: list[str] = []

        def option(dest: str) -> cst.BaseExpression | None:
            # A value the project's configuration files agree on is what its runs train with.
            value = configured.get(dest)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                read.append(dest)
                return cst.Float(repr(float(value)))
            return self.scan.option_value(dest)

        rates = _setting_values(settings, "lr", graph, where, option)
        if not rates or min(rates) < MOMENTUM_RATE:
            return None
        momenta = _setting_values(settings, "momentum", graph, where, option)
        if not momenta or min(momenta) <= 0:
            return None
        nesterov = isinstance(settings.nesterov, cst.Name) and settings.nesterov.value == "True"
        return call, min(rates), min(momenta), nesterov, list(dict.fromkeys(read))

    def _self_trained_risk(self, step: Step) -> str | None:
        """The step trains the parameters of the class whose method it is (a model with its own ``fit``)."""
        found = self.scan.self_trained_risk(step)
        if found is None:
            return None
        kind, layer, cls = found
        what = _what(kind, layer)
        quoted = " ".join(cls.module.code_for_node(layer).split())
        quoted = quoted if len(quoted) <= 40 else quoted[:39] + "…"
        return (f"its optimizer updates the parameters of `{step.unit.class_name}` itself, which has {what} "
                f"(`{quoted}` in class `{cls.node.name.value}`)")

    def _unrolled_risk(self, step: Step) -> str | None:
        """The model the step trains is unrolled over a loop by the step's own function, its output
        fed back in: backpropagation through time, whatever the model's cell computes."""
        found = self.scan.unrolled_model(step)
        if found is None:
            return None
        call, state = found
        return (f"it unrolls the model it trains over a loop, feeding `{state}` back in "
                f"(`{self.scan.quote(call, 40)}` {self.at(call)})")

    def _trains(self, step: Step, model: cst.Call | None) -> bool:
        """Whether the step may train ``model`` (a model of the file at risk): yes unless the models
        its optimizer updates are known and built elsewhere (a decoder trained on a frozen encoder).
        A model built around it (``Wrapper(Encoder(...))``: the risky model is an argument of the
        trained model's constructor) trains it too."""
        if model is None:
            return True
        trained = self.scan.trained_models(step)
        return not trained or any(built.call is model or any(node is model for node in descendants(built.call))
                                  or _wraps(built, model) for built in trained)

    def _risks(self) -> list[tuple[str, cst.Call | None]]:
        """What the rule itself sees in the trained model and step that makes a spike likely, each
        with the model of the file it is in (None: the whole file's). Never another rule's finding:
        one false positive must not make two."""
        risks: tuple[tuple[EventKind, str], ...] = (
            ("fp16", "trains in float16"), ("policy", "trains in float16"), ("scaler", "trains in float16"),
            ("recurrent", "has a recurrent layer"), ("sum", "uses sum aggregation"))
        for kind, label in risks:
            events = self.scan.sums() if kind == "sum" else self.scan.events(kind)
            if events:
                first = events[0]
                if first.defaulted is not None:  # `super().__init__()`: not a sum the code asks for
                    label += (f": `{first.defaulted}` hands MessagePassing no aggr (PyG's default aggr='add')")
                return [(f"{label} (`{self.scan.quote(first.node, 40)}` {self.at(first.node)})", None)]
        found: list[tuple[str, cst.Call | None]] = []
        for kind, call, layer, built in self.scan.model_risks():
            what = _what(kind, layer)
            quoted = " ".join(built.module.code_for_node(layer).split())
            quoted = quoted if len(quoted) <= 40 else quoted[:39] + "…"
            where = "" if built.module is self.context.module else ", a model of the project that"
            found.append((f"trains `{self.scan.quote(call, 40)}` ({self.at(call)}){where} "
                          f"{'has' if where else 'with'} {what} (`{quoted}` in class `{built.node.name.value}`)", call))
        stack = deepest_stack(self.context.module, self.facts, self.scan.name_calls, self.scan.command_line(),
                              self.scan.project.classes, self.scan.called_as, self._holds_namespace)
        if stack is not None and stack.depth > DEEP_STACK:
            found.append((f"stacks {stack.depth} message-passing layers (`{self.scan.quote(stack.model, 40)}` "
                          f"{self.at(stack.model)})", None))
        readouts, squared = self.scan.events("sum_readout"), self.scan.events("squared_error")
        if readouts and squared:
            found.append((f"sums node states into a squared-error loss (`{self.scan.quote(readouts[0].node, 40)}` "
                          f"{self.at(readouts[0].node)}, `{self.scan.quote(squared[0].node, 40)}` "
                          f"{self.at(squared[0].node)})", None))
        return found


    def _holds_namespace(self, expr: cst.BaseExpression, where: cst.CSTNode) -> bool:
        """Whether ``expr``, read in ``where`` (a call of the file, or the value of a top-level
        assignment), holds the parsed command line: see :func:`holds_parsed_namespace`."""
        graph = self.scan.graph
        if graph is None:
            return False
        place = site_of(graph, where)
        if place is None:  # `nlayer = args.layer` at the top of the module
            place = next(((graph.module_scope, store.order) for stores in graph.module_scope.stores.values()
                          for store in stores if store.value is where), None)
        return place is not None and holds_parsed_namespace(expr, *place)


class PerTensorClipping(TrainingRule):
    code = "GNN402"
    name = "per-tensor-clipping"
    severity = "warning"
    message = "gradients clipped tensor by tensor instead of by global norm"
    fix = "unsafe"  # --fix --unsafe-fixes
    fix_title = ("clip all gradients together: `tf.clip_by_global_norm(grads, c)` / "
                 "`clip_grad_norm_(model.parameters(), c)`")
    triggers = ("clip_by_norm", "clip_by_value", "clip_by_average_norm", "clip_grad_norm", "clip_grad_value",
                ".grad.")  # (`p.grad.data.clamp_(-1, 1)`: a parameter's gradient bounded in place)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.found: list[tuple[cst.Call, str, str]] = []
        self.undecided: list[tuple[cst.Call, str, str, cst.CSTNode, cst.ListComp | cst.GeneratorExp | None,
                                   cst.CSTNode]] = []
        self.functions: list[cst.FunctionDef] = []  # the functions the walk is in
        self.fixes: dict[int, tuple[cst.CSTNode, cst.CSTNode] | None] = {}

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().visit_FunctionDef(node)
        self.functions.append(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        super().leave_FunctionDef(node)
        self.functions.pop()

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self._comprehension(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self._comprehension(node)

    def visit_For(self, node: cst.For) -> None:
        self._loop(node.target, node.iter, node.body)

    def _comprehension(self, node: cst.ListComp | cst.GeneratorExp) -> None:
        self._loop(node.for_in.target, node.for_in.iter, node.elt, node)

    def _loop(self, target: cst.BaseExpression, iterable: cst.BaseExpression, body: cst.CSTNode,
              comprehension: cst.ListComp | cst.GeneratorExp | None = None) -> None:
        variables = names_in(target)
        for call in iter_calls(body):
            clip = self._clip_name(call)
            if clip is None and self._clamps_gradient(call, variables):
                # the receiver is the gradient of the loop's variable: told by value, whatever it runs over
                self.fixes[id(call)] = None
                self.found.append((call, self.scan.stack[-1].key, "clip_grad_value_"))
                return  # once per loop
            if clip is None or not call.args or dotted_name(call.args[0].value) not in variables:
                continue
            # PyTorch's clip functions take parameters: one loop element each is one tensor each. A
            # TensorFlow clip bounds any tensor: gradients when the loop runs over gradients, or when
            # what it builds is applied as gradients.
            if self._over_gradients(iterable, torch=clip in TORCH_CLIPS):
                self.fixes[id(call)] = self._global_norm_fix(comprehension, call, clip)
                self.found.append((call, self.scan.stack[-1].key, clip))
                return  # once per loop
            if clip not in TORCH_CLIPS:
                # what the loop builds may be applied as gradients further down: judged when all is read
                region = self.functions[-1] if self.functions else self.context.module
                self.undecided.append((call, self.scan.stack[-1].key, clip, body, comprehension, region))
            return  # once per loop

    @staticmethod
    def _global_norm_fix(comprehension: cst.ListComp | cst.GeneratorExp | None, call: cst.Call, clip: str) -> tuple[cst.CSTNode, cst.CSTNode] | None:
        """``[tf.clip_by_norm(g, c) for g in grads]`` -> ``tf.clip_by_global_norm(grads, c)[0]``: the
        comprehension and its replacement, for the plain one-line list form only."""
        if not isinstance(comprehension, cst.ListComp) or comprehension.elt is not call or clip != "clip_by_norm":
            return None
        loop = comprehension.for_in
        if loop.ifs or loop.inner_for_in is not None or not isinstance(loop.target, cst.Name):
            return None
        if not isinstance(call.func, cst.Attribute) or len(call.args) != 2:
            return None
        tensor, norm = call.args
        if tensor.keyword is not None or (norm.keyword is not None and norm.keyword.value != "clip_norm"):
            return None
        if dotted_name(tensor.value) != loop.target.value:
            return None
        function = call.func.with_changes(attr=cst.Name("clip_by_global_norm"))
        space = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        clipped = cst.Call(func=function, args=[cst.Arg(loop.iter, comma=space), cst.Arg(norm.value)])
        return comprehension, cst.Subscript(value=clipped, slice=[cst.SubscriptElement(cst.Index(cst.Integer("0")))])

    def _clip_name(self, call: cst.Call) -> str | None:
        name = self.facts.call_name(call)
        last = name.rsplit(".", 1)[-1] if name else None
        if name and name.split(".")[0] in TENSORFLOW_ROOTS and last in TF_CLIPS - {"clip_by_global_norm"}:
            return last
        if name and name.startswith("torch.") and last in ("clip_grad_norm_", "clip_grad_value_", "clip_grad_norm"):
            return last
        return None

    @staticmethod
    def _clamps_gradient(call: cst.Call, variables: set[str]) -> bool:
        """``p.grad.data.clamp_(-c, c)`` / ``p.grad.clamp_(min=-c, max=c)`` on the loop's variable: a
        PyTorch parameter's gradient bounded element by element, in place (a tensor method, so it is
        told by the receiver being the gradient of what the loop runs over, not by a name)."""
        func = call.func
        if not isinstance(func, cst.Attribute) or func.attr.value not in ("clamp_", "clip_"):
            return False
        receiver = func.value
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "data":
            receiver = receiver.value
        return isinstance(receiver, cst.Attribute) and receiver.attr.value == "grad" \
            and isinstance(receiver.value, cst.Name) and receiver.value.value in variables

    def _over_gradients(self, iterable: cst.BaseExpression, torch: bool) -> bool:
        """The loop runs over parameters (PyTorch) or gradients (TensorFlow), one tensor each, judged
        by what built what it iterates (a group of parameters per pass is clipped together)."""
        pending, seen = [iterable], 0
        while pending and seen < 16:
            value, seen = pending.pop(), seen + 1
            for resolved in self.facts.resolve(value):
                pending += self._zip_args(resolved)  # list(model.parameters()), zip(grads, variables)
                if not (isinstance(resolved, cst.Call) and isinstance(resolved.func, cst.Attribute)):
                    continue
                method = resolved.func.attr.value
                if torch and method in ("parameters", "named_parameters"):
                    return True
                if not torch and (method in ("gradient", "compute_gradients", "get_gradients")
                                  or self.facts.call_name(resolved) == "tensorflow.gradients"):
                    return True
        return False

    @staticmethod
    def _zip_args(iterable: cst.BaseExpression) -> list[cst.BaseExpression]:
        if isinstance(iterable, cst.Call) and isinstance(iterable.func, cst.Name) and iterable.func.value in (
                "zip", "enumerate", "list", "tuple", "filter", "sorted", "reversed", "iter"):
            return [a.value for a in iterable.args]
        return []

    def _in_training_step(self, unit: Unit) -> bool:
        """The clipping runs in a step (it computes gradients or applies them) or in a helper one calls."""
        def is_step(candidate: Unit) -> bool:
            return bool(candidate.of("backward", "gradient", "step", "apply"))

        if is_step(unit):
            return True
        return any(is_step(caller) and any(self.scan.callee(caller, h.detail) is unit for h in caller.of("helper"))
                   for caller in self.scan.units.values())

    def finish(self) -> None:
        applied = _gradients_applied(self.context.module) if self.undecided else []
        for call, unit_key, clip, body, comprehension, region in self.undecided:
            if _applied_as_gradients(body, comprehension, region, applied):
                self.fixes[id(call)] = self._global_norm_fix(comprehension, call, clip)
                self.found.append((call, unit_key, clip))
        per_tensor = {id(call) for call, _, _ in self.found}
        for call, unit_key, clip in self.found:
            unit = self.scan.units[unit_key]
            if self.scan.defines_optimizer(unit) or not self._in_training_step(unit):
                continue  # e.g. an optimizer's own implementation of `clipnorm`
            if any(e.detail == "global" and id(e.node) not in per_tensor for e in unit.of("clip")):
                continue  # also clipped by global norm in the same step
            if clip in ("clip_by_value", "clip_grad_value_"):
                why = ("bounds each element of each gradient separately: the update's overall norm is still "
                       "unbounded and its direction changes")
            else:
                why = ("rescales each tensor on its own: the update's global norm grows with the number of "
                       "tensors and the relative scale between layers is distorted")
            fix = self.fixes.get(id(call))
            if fix is not None:
                # The whole comprehension is replaced, so it is what is reported (same line).
                self.report(fix[0], f"`{self.scan.quote(call)}` {why}", replacement=fix[1], fix_safe=False)
            else:
                self.report(call, f"`{self.scan.quote(call)}` {why}")


class RedundantClipping(TrainingRule):
    code = "GNN403"
    name = "redundant-clipping"
    severity = "info"
    message = "gradients clipped twice: on the optimizer and by hand"
    fix = "unsafe"  # --fix --unsafe-fixes
    fix_title = "keep one: the optimizer's `clipnorm`/`global_clipnorm`, or the manual clipping"
    triggers = ("clipnorm", "clipvalue", "global_clipnorm")

    def finish(self) -> None:
        reported: set[int] = set()
        for step in self.scan.steps():
            if step.kind not in ("tape", "compile") or not step.clips or step.optimizer_clip is None:
                continue
            constructor, keys = step.optimizer_clip
            if id(constructor) in reported:
                continue
            reported.add(id(constructor))
            clip = step.clips[0].node
            self.report(constructor, f"`{self.scan.quote(constructor)}` already clips with `{keys[0]}`, and the "
                                     f"training step clips again with `{self.scan.quote(clip)}` {self.at(clip)}: "
                                     "the second hides what the first does",
                        replacement=_without_keywords(constructor, set(keys)), fix_safe=False)


def _without_keywords(call: cst.CSTNode, keywords: set[str]) -> cst.Call | None:
    """The optimizer constructor without its clipping keywords: the clipping written in the step,
    which the reader sees, is the one kept."""
    if not isinstance(call, cst.Call):
        return None
    kept = [arg for arg in call.args if arg.keyword is None or arg.keyword.value not in keywords]
    if len(kept) == len(call.args):
        return None
    if kept:
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return call.with_changes(args=kept)


def _gradients_applied(module: cst.Module) -> list[tuple[cst.BaseExpression, cst.CSTNode]]:
    """What each ``apply_gradients`` call of the module is handed, with the function it is in (the
    module for top-level code): read once per file."""
    found: list[tuple[cst.BaseExpression, cst.CSTNode]] = []

    def visit(region: cst.CSTNode) -> None:
        for node in descendants(region, prune=lambda n: n is not region and isinstance(n, cst.FunctionDef)):
            if isinstance(node, cst.FunctionDef) and node is not region:
                visit(node)
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and node.func.attr.value == "apply_gradients" and node.args:
                found.append((node.args[0].value, region))
    visit(module)
    return found


def _applied_as_gradients(body: cst.CSTNode, comprehension: cst.ListComp | cst.GeneratorExp | None,
                          region: cst.CSTNode, applied: list[tuple[cst.BaseExpression, cst.CSTNode]]) -> bool:
    """What a clipping loop builds is handed to ``apply_gradients``: in its own function, the
    comprehension itself or the name it is stored in or the loop appends to; elsewhere, a call of
    the function that returns the comprehension (``grads = clip(tape.gradient(...))``)."""
    built: set[str] = set()
    returned = False
    if comprehension is not None:
        for node in descendants(region):
            if isinstance(node, cst.Assign) and node.value is comprehension:
                built |= {name for t in node.targets for name in names_in(t.target)}
            elif isinstance(node, cst.Return) and node.value is comprehension:
                returned = isinstance(region, cst.FunctionDef)
    else:
        built |= {name for call in iter_calls(body) if isinstance(call.func, cst.Attribute)
                  and call.func.attr.value == "append" for name in names_in(call.func.value)}
    helper = region.name.value if returned and isinstance(region, cst.FunctionDef) else None

    def calls_helper(node: cst.CSTNode) -> bool:
        return any(isinstance(n, cst.Call) and isinstance(n.func, cst.Name) and n.func.value == helper
                   for n in (node, *descendants(node)))

    for handed, where in applied:
        if where is region and (any(n is comprehension for n in descendants(handed)) or names_in(handed) & built):
            return True
        if helper is not None:
            # `grads = clip(...)` in the applying function, then `zip(grads, ...)`
            holding = {name for n in descendants(where) if isinstance(n, cst.Assign) and calls_helper(n.value)
                       for t in n.targets for name in names_in(t.target)}
            if calls_helper(handed) or names_in(handed) & holding:
                return True
    return False
