"""GNN404 high-learning-rate: an adaptive optimizer with lr >= 0.1, or SGD with lr >= 1.0, as literals."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import TENSORFLOW_ROOTS, argument, dotted_name, keyed_read, number
from gnnlint.analysis.scopes import is_receiver
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.options import holds_parsed_namespace
from gnnlint.analysis.passed import built_by, passed_arguments, site_of
from gnnlint.analysis.project_models import ProjectClass
from gnnlint.analysis.training import (TrainingRule, assignment_targets, classes_called, in_untaken_arm,
                                      is_keras_optimizer, is_tf1_optimizer, is_torch_optimizer, keyword,
                                      optimizer_kind)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

# Learning rates at which these optimizers diverge on ordinary GNN losses (defaults are 1e-3 / 1e-2).
THRESHOLDS = {"adam": 0.1, "adamw": 0.1, "rmsprop": 0.1, "adagrad": 0.1, "adamax": 0.1, "nadam": 0.1, "sgd": 1.0}
# Torch schedulers that replace the optimizer's lr with their own peak (`max_lr`).
_PEAK_SCHEDULERS = {"OneCycleLR", "CyclicLR"}
# Torch schedulers that multiply the lr by a user function: the peak is unknown.
_OPAQUE_SCHEDULERS = {"LambdaLR", "MultiplicativeLR"}
# Keras schedules: the peak is the initial rate (or CosineDecay's warmup target).
_KERAS_SCHEDULES = {"ExponentialDecay", "InverseTimeDecay", "PolynomialDecay", "CosineDecay",
                    "CosineDecayRestarts", "PiecewiseConstantDecay"}
# TensorFlow 1's decay functions (`tf.train.exponential_decay(learning_rate, global_step, ...)`):
# each starts at its first argument and only decays from there.
_TF1_DECAYS = {"exponential_decay", "inverse_time_decay", "natural_exp_decay", "polynomial_decay", "cosine_decay",
               "cosine_decay_restarts", "linear_cosine_decay", "noisy_linear_cosine_decay"}
# TensorFlow 1's optimizers, by the optimizer of THRESHOLDS each is (momentum SGD is SGD).
_TF1_KINDS = {"AdamOptimizer": "adam", "RMSPropOptimizer": "rmsprop", "AdagradOptimizer": "adagrad",
              "GradientDescentOptimizer": "sgd", "MomentumOptimizer": "sgd"}
# Where each setting is passed to an optimizer's constructor: (position, keyword). Momentum only
# for plain SGD, whose default is none (torch and Keras: momentum=0), and TF1's MomentumOptimizer.
_TORCH_SETTINGS = {"params": (0, "params"), "rate": (1, "lr")}
_TF_SETTINGS = {"rate": (0, "learning_rate")}
_SGD_SETTINGS = {
    "torch": {**_TORCH_SETTINGS, "momentum": (2, "momentum"), "nesterov": (5, "nesterov")},
    "keras": {**_TF_SETTINGS, "momentum": (1, "momentum"), "nesterov": (2, "nesterov")},
    "tf1": {**_TF_SETTINGS, "momentum": (1, "momentum"), "nesterov": (4, "use_nesterov")},
}
_SGD_CLASSES = {"torch": "SGD", "keras": "SGD", "tf1": "MomentumOptimizer"}


@dataclass(frozen=True)
class OptimizerSettings:
    """What an optimizer's constructor sets, as written (None: left to the optimizer's default).
    ``momentum`` is read for plain SGD only; ``options`` is a ``**options`` dict it is handed."""

    call: cst.Call
    kind: str  # the optimizer of THRESHOLDS it is ("" for another)
    rate: cst.BaseExpression | None
    params: cst.BaseExpression | None
    momentum: cst.BaseExpression | None
    nesterov: cst.BaseExpression | None
    options: cst.BaseExpression | None


def optimizer_settings(call: cst.Call, name: str | None) -> OptimizerSettings | None:
    """The settings of ``call``, a torch, Keras or TensorFlow 1 optimizer qualified as ``name``."""
    family = "torch" if is_torch_optimizer(name) else "keras" if is_keras_optimizer(name) \
        else "tf1" if is_tf1_optimizer(name) else None
    if family is None or name is None:
        return None
    sgd = name.rsplit(".", 1)[-1] == _SGD_CLASSES[family]
    table = _SGD_SETTINGS[family] if sgd else _TORCH_SETTINGS if family == "torch" else _TF_SETTINGS

    def read(setting: str) -> cst.BaseExpression | None:
        return argument(call, *table[setting]) if setting in table else None

    rate = read("rate") if family == "torch" else read("rate") or keyword(call, "lr")
    options = next((arg.value for arg in call.args if arg.star == "**"), None)
    return OptimizerSettings(call, _kind(name), rate, read("params"), read("momentum"), read("nesterov"), options)


def group_settings(params: cst.BaseExpression | None, key: str,
                   holds: Callable[[cst.BaseExpression], Iterable[cst.BaseExpression]]
                   ) -> tuple[list[tuple[cst.BaseExpression, cst.BaseExpression]], bool]:
    """The param groups of a torch optimizer that set ``key`` (``lr``, ``momentum``) themselves,
    with the value (a group's setting overrides the constructor's for its parameters), and whether
    every group does (then the constructor's setting applies to nothing). ``holds``: what an
    expression may hold."""
    groups = next((v for v in holds(params) if isinstance(v, (cst.List, cst.Tuple))), None) \
        if params is not None else None
    found = []
    for element in groups.elements if groups is not None else ():
        value = _group_setting(element.value, key)
        if value is not None:
            found.append((element.value, value))
    return found, groups is not None and bool(found) and len(found) == len(groups.elements)


def _group_setting(group: cst.BaseExpression, key: str) -> cst.BaseExpression | None:
    """The ``key`` a param group sets: ``{"params": p, "lr": 0.5}`` or ``dict(params=p, lr=0.5)``."""
    if isinstance(group, cst.Dict):
        return next((entry.value for entry in group.elements if isinstance(entry, cst.DictElement)
                     and isinstance(entry.key, cst.SimpleString) and entry.key.evaluated_value == key), None)
    if isinstance(group, cst.Call) and isinstance(group.func, cst.Name) and group.func.value == "dict":
        return keyword(group, key)
    return None


def wrapping_scheduler(optimizer: cst.Call, graph: GraphFacts) -> tuple[cst.Call, str] | None:
    """The torch scheduler of ``graph``'s module that sets the rate of the optimizer ``optimizer``
    builds, whatever holds it on the way (a name, ``self.x``, a parameter), with its class: one
    that replaces the rate with its own peak (``OneCycleLR``/``CyclicLR``) or multiplies it by a
    user function."""
    for scope in graph.scopes:
        for site in scope.sites:
            node = site.node
            name = graph.facts.call_name(node) if isinstance(node, cst.Call) else None
            last = name.rsplit(".", 1)[-1] if name is not None else ""
            if name is None or not name.startswith("torch.optim.lr_scheduler.") \
                    or last not in _PEAK_SCHEDULERS | _OPAQUE_SCHEDULERS:
                continue
            assert isinstance(node, cst.Call)
            target = argument(node, 0, "optimizer")
            if target is not None and any(b.call is optimizer for b in built_by(target, scope, site.order)):
                return node, last
    return None


def scheduler_peak(scheduler: cst.Call, kind: str) -> cst.BaseExpression | None:
    """The rate a scheduler that replaces the optimizer's drives it up to (its ``max_lr``); None
    for one that multiplies the rate by a user function, whose peak is unknown."""
    if kind == "OneCycleLR":
        return argument(scheduler, 1, "max_lr")
    return argument(scheduler, 2, "max_lr") if kind == "CyclicLR" else None


class HighLearningRate(TrainingRule):
    code = "GNN404"
    name = "high-learning-rate"
    severity = "warning"
    message = "learning rate far above what this optimizer tolerates"
    fix_title = "start from the optimizer's usual range (Adam-family 1e-3 to 1e-2, SGD 1e-2 to 1e-1)"
    # (`lr=`: a rate handed to a model class that builds its own optimizer; `DEFINE_float`: a TF flag
    # whose default an optimizer of the project reads)
    triggers = ("Adam", "RMSprop", "Adagrad", "Adamax", "Nadam", "NAdam", "SGD", "lr=", "Optimizer(", "DEFINE_float",
                "DEFINE_integer")
    # (the rates that are neither literals nor names bound once to one are followed through the
    # module's stores, parameters and callers, and the command line: see ``_rates``)
    requires = (GraphFacts,)

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        # (optimizer constructor, its kind, the lr expression, the peak value, the param group setting
        # it or None for the optimizer's own rate)
        self.candidates: list[tuple[cst.Call, str, cst.BaseExpression, float, cst.BaseExpression | None]] = []
        # literal rates handed to a project class that builds its optimizer with them:
        # (the rate, the optimizer's kind, its value, the class, the optimizer's qualified name)
        self.handed: list[tuple[cst.BaseExpression, str, float, str, str]] = []
        # flag definitions whose default is an optimizer's rate: (the definition, the default, the
        # optimizer's kind, the class that builds it, the optimizer's qualified name)
        self.flagged: list[tuple[cst.Call, float, str, str, str]] = []
        # optimizer constructor -> the TensorFlow 1 decay, written elsewhere, that sets its rate
        self.written: dict[int, cst.Call] = {}
        # optimizer constructors whose rate is not known during the walk, to follow once the module's
        # stores and callers are all recorded: (constructor, kind, the rate as written or the
        # ``**options`` it is passed in, the param group or None)
        self.deferred: list[tuple[cst.Call, str, cst.BaseExpression, cst.BaseExpression | None]] = []

    def on_call(self, node: cst.Call) -> None:
        name = self.facts.call_name(node)
        if name is None or not name.startswith(("torch.", "tensorflow.", "keras.", "tf_keras.")):
            self._handed_to_optimizer(node)
        if self._defines_flag(node, name):
            self._flag(node)
            return
        if name is None:
            return
        settings = optimizer_settings(node, name)
        if settings is None or settings.kind not in THRESHOLDS:
            return
        kind, lr = settings.kind, settings.rate
        groups, every = group_settings(settings.params, "lr", self.facts.resolve)
        for group, group_lr in groups:
            peak = self._peak(group_lr)
            if peak is not None:
                self.candidates.append((node, kind, group_lr, peak, group))
            else:
                self.deferred.append((node, kind, group_lr, group))
        if every:
            return  # each group trains at its own rate
        if lr is None:
            # `Adam(params, **options)`: the rate, if any, is an entry of the options
            if settings.options is not None:
                self.deferred.append((node, kind, settings.options, None))
            return
        peak = self._peak(lr)
        if peak is None:
            self.deferred.append((node, kind, lr, None))
        else:
            self.candidates.append((node, kind, lr, peak, None))
            written = self._written_at(lr)  # (now: what a name holds is known during the walk only)
            if written is not None:
                self.written[id(node)] = written

    def _defines_flag(self, node: cst.Call, name: str | None) -> bool:
        """``flags.DEFINE_float(...)`` of TensorFlow's or absl's flags, imported or aliased
        (``flags = tf.app.flags``)."""
        if not isinstance(node.func, cst.Attribute) or node.func.attr.value not in ("DEFINE_float", "DEFINE_integer"):
            return False
        modules = [name.rsplit(".", 1)[0]] if name is not None else \
            [self.facts.qualified_name(value) for value in self.facts.resolve(node.func.value)]
        return any(_flags_module(module) for module in modules)

    def _flag(self, node: cst.Call) -> None:
        """``flags.DEFINE_float('learning_rate', 20, ...)``: a flag whose default is the rate of an
        optimizer that a class the file imports from its project builds with ``FLAGS.learning_rate``
        (TensorFlow 1's GCN layout: flags in train.py, optimizers in models.py)."""
        flag, default = argument(node, 0, "name"), argument(node, 1, "default")
        value = number(default) if default is not None else None
        if not isinstance(flag, cst.SimpleString) or value is None or value < min(THRESHOLDS.values()):
            return
        for cls in self.scan.project.classes.values():
            for optimizer, kind in _flag_rates(cls, str(flag.evaluated_value)):
                if value >= THRESHOLDS[kind]:
                    self.flagged.append((node, value, kind, cls.node.name.value, optimizer))
                    return

    def _handed_to_optimizer(self, node: cst.Call) -> None:
        """``SGC(nfeat, nclass, lr=0.1)``: a literal rate handed to a model class of the project that
        keeps it (``self.lr = lr``) and builds its own optimizer with it in a method (``fit``)."""
        literal = [arg for arg in node.args if (number(arg.value) or 0) >= min(THRESHOLDS.values())]
        if not literal or not isinstance(node.func, (cst.Name, cst.Attribute)):
            return
        own = {s.name.value: s for s in self.context.module.body if isinstance(s, cst.ClassDef)}
        for cls in classes_called(node.func, self.context.module, self.facts, own, self.context.path):
            for optimizer, kind, param in _rates_kept(cls):
                position = param[1]
                passed = argument(node, position, param[0])
                value = number(passed) if passed is not None else None
                if passed is not None and value is not None and value >= THRESHOLDS[kind]:
                    self.handed.append((passed, kind, value, cls.node.name.value, optimizer))

    def _peak(self, lr: cst.BaseExpression) -> float | None:
        """The largest rate ``lr`` can take: a literal, a name bound once to one, or a Keras schedule's peak."""
        value = number(lr)
        if value is not None:
            return value
        name = dotted_name(lr)
        if name is not None:
            bindings = self.facts.bindings(name)
            if len(bindings) == 1 and bindings[0].kind == "assign":
                value = number(bindings[0].value)
                if value is not None:
                    return value
        schedule = self._schedule(lr)
        schedule_name = self.facts.call_name(schedule) if schedule is not None else None
        if schedule is not None and schedule_name is not None and _tf1_decay(schedule_name):
            return _tf1_peak(schedule, schedule_name)
        if schedule_name is None or schedule_name.rsplit(".", 1)[-1] not in _KERAS_SCHEDULES:
            return None
        assert schedule is not None  # schedule_name is set only for a schedule
        if schedule_name.endswith("PiecewiseConstantDecay"):
            values = argument(schedule, 1, "values")
            if isinstance(values, (cst.List, cst.Tuple)):
                numbers = [number(e.value) for e in values.elements]
                return max(numbers) if numbers and None not in numbers else None  # type: ignore[type-var]
            return None
        peaks = [number(argument(schedule, 0, "initial_learning_rate"))]
        if schedule_name.endswith("CosineDecay") and keyword(schedule, "warmup_target") is not None:
            peaks.append(number(keyword(schedule, "warmup_target")))
        return None if None in peaks else max(peaks)  # type: ignore[type-var]

    def _schedule(self, lr: cst.BaseExpression) -> cst.Call | None:
        """The first call ``lr`` holds (itself, or what a name or ``self.x`` was assigned)."""
        return next((v for v in self.facts.resolve(lr) if isinstance(v, cst.Call)), None)

    def _written_at(self, lr: cst.BaseExpression) -> cst.Call | None:
        """Where a TensorFlow 1 decay that ``lr`` holds writes its starting rate, when that is not in
        the optimizer's call (``self.lr = tf.train.inverse_time_decay(0.1, ...)`` in ``__init__``):
        the rate is chosen, and fixed, there."""
        schedule = self._schedule(lr)
        name = self.facts.call_name(schedule) if schedule is not None and schedule is not lr else None
        return schedule if name is not None and _tf1_decay(name) else None

    def finish(self) -> None:
        if self.context.is_test:
            return  # tests try extreme learning rates on purpose
        self._follow_deferred()
        for rate, kind, value, cls, optimizer in self.handed:
            threshold = THRESHOLDS[kind]
            shown = optimizer.rsplit(".", 1)[-1]
            self.report(rate, f"lr={value:g} is handed to `{cls}`, which trains with {shown} at that rate: "
                              f"{_overshoot(threshold)}")
        for node, value, kind, cls, optimizer in self.flagged:
            self.report(node, f"the flag's default {value:g} is the rate of `{optimizer.rsplit('.', 1)[-1]}` in `{cls}`: "
                              f"{_overshoot(THRESHOLDS[kind])}")
        reported: set[int] = set()
        for node, kind, lr, peak, group in self.candidates:
            if in_untaken_arm(node, self.scan.graph):
                continue  # `elif args.optimizer == "Adam":` under the default "SGD": not the run's optimizer
            wrapper = wrapping_scheduler(node, self.scan.graph) if self.scan.graph is not None else None
            threshold = THRESHOLDS[kind]
            optimizer = self.source(node.func).rsplit(".", 1)[-1]
            if wrapper is not None:
                scheduler, scheduler_kind = wrapper
                peak_lr = scheduler_peak(scheduler, scheduler_kind)
                max_lr = number(peak_lr) if peak_lr is not None else None
                if max_lr is None or max_lr < threshold:
                    continue
                self.report(scheduler, f"`{self.scan.quote(scheduler)}` drives {optimizer} up to lr={max_lr:g}; "
                                       f"{optimizer} diverges at that rate (keep it below {threshold:g})")
                continue
            if peak < threshold:
                continue
            shown = self.scan.quote(lr, 30)
            if number(lr) is not None:
                what = f"lr={peak:g}"
            elif _starred(node, lr):
                what = f"lr={peak:g} from `**{shown}`"
            elif isinstance(lr, cst.Call):
                what = f"a schedule peaking at {peak:g} (`{shown}`)"
            else:
                what = f"`{shown}` = {peak:g}"
            if group is not None:
                optimizer = f"a param group of {optimizer}"
            written = self.written.get(id(node)) if group is None else None
            if written is not None:
                if id(written) not in reported:  # one schedule feeding two optimizers: one finding
                    reported.add(id(written))
                    starts = _tf1_start(written, self.facts.call_name(written)) == peak
                    self.report(written, f"`{self.scan.quote(written, 40)}` {'starts at' if starts else 'reaches'} "
                                         f"lr={peak:g} and feeds {optimizer} {self.at(node)}: "
                                         f"{_overshoot(threshold, starts)}")
                continue
            self.report(group or node, f"{optimizer} with {what}: {_overshoot(threshold)}")

    def _follow_deferred(self) -> None:
        """The rates the walk could not read, followed now that the module is recorded: judged by
        the lowest value they may take, so that a rate is reported only when every way it is set
        is high."""
        graph = self.scan.graph
        if graph is None:
            return
        for node, kind, lr, group in self.deferred:
            where = site_of(graph, node)
            if where is None:
                continue
            values = Rates(graph, self.scan.option_value).of(lr, *where, star=group is None and _starred(node, lr))
            if values:
                self.candidates.append((node, kind, lr, min(values), group))

def _rates_kept(cls: ProjectClass) -> list[tuple[str, str, tuple[str, int | None]]]:
    """The torch optimizers a project class builds in its methods with a rate its constructor keeps
    (``self.lr = lr`` in ``__init__``, ``optim.Adam(self.parameters(), lr=self.lr)`` in ``fit``), or
    builds in ``__init__`` itself with the parameter as it was given (``Adam(model.parameters(),
    lr=lr)``, ``lr`` never rebound there): each as (optimizer name, kind, the constructor parameter
    and its position in a call of the class)."""
    methods = [s for s in cls.node.body.body if isinstance(s, cst.FunctionDef)]
    init = next((m for m in methods if m.name.value == "__init__"), None)
    if init is None:
        return []
    params = [p.name.value for p in (*init.params.posonly_params, *init.params.params)][1:]  # after self
    rebound = {t.value for t in assignment_targets(init) if isinstance(t, cst.Name)}
    # In __init__, the parameter itself holds the rate the caller gave.
    kept: dict[str, str] = {p: p for p in params if p not in rebound}
    for node in descendants(init):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Name) and node.value.value in params \
                and len(node.targets) == 1:
            spelled = dotted_name(node.targets[0].target)
            if spelled is not None and spelled.startswith("self."):
                kept[spelled] = node.value.value
    found: list[tuple[str, str, tuple[str, int | None]]] = []
    for method in methods:
        for node in descendants(method):
            if not isinstance(node, cst.Call):
                continue
            name = cls.facts.call_name(node)
            if not is_torch_optimizer(name) or optimizer_kind(name or "") not in THRESHOLDS:
                continue
            settings = optimizer_settings(node, name)
            rate = settings.rate if settings is not None else None
            spelled = dotted_name(rate) if rate is not None else None
            if spelled is not None and "." not in spelled and method is not init:
                continue  # a bare name in another method is that method's own
            param = kept.get(spelled or "")
            if param is not None:
                assert name is not None
                found.append((name, optimizer_kind(name), (param, params.index(param))))
    return found


def _tf1_decay(name: str) -> bool:
    """A TensorFlow 1 decay function (``tf.train.exponential_decay``, ``tf.compat.v1.train...``)."""
    return name.split(".")[0] in TENSORFLOW_ROOTS and ".train." in name \
        and name.rsplit(".", 1)[-1] in _TF1_DECAYS | {"piecewise_constant"}


def _tf1_peak(schedule: cst.Call, name: str) -> float | None:
    """The largest rate a TensorFlow 1 decay takes: its starting rate (or, for a polynomial decay,
    the larger of its two ends; for ``piecewise_constant``, the largest of its values)."""
    if name.endswith("piecewise_constant"):
        values = argument(schedule, 2, "values")
        numbers = [number(e.value) for e in values.elements] if isinstance(values, (cst.List, cst.Tuple)) else []
        return max(numbers) if numbers and None not in numbers else None  # type: ignore[type-var]
    peaks = [number(argument(schedule, 0, "learning_rate"))]
    end = argument(schedule, 3, "end_learning_rate") if name.endswith("polynomial_decay") else None
    if end is not None:
        peaks.append(number(end))
    return None if None in peaks else max(peaks)  # type: ignore[type-var]


def _tf1_start(schedule: cst.Call, name: str | None) -> float | None:
    """The rate a TensorFlow 1 decay starts at: its first argument (``piecewise_constant``: its first value)."""
    if name is not None and name.endswith("piecewise_constant"):
        values = argument(schedule, 2, "values")
        return number(values.elements[0].value) if isinstance(values, (cst.List, cst.Tuple)) and values.elements \
            else None
    return number(argument(schedule, 0, "learning_rate"))


def _kind(name: str) -> str:
    """The optimizer of THRESHOLDS a qualified optimizer class is (TensorFlow 1's by its own table)."""
    return _TF1_KINDS.get(name.rsplit(".", 1)[-1], "") if is_tf1_optimizer(name) else optimizer_kind(name)


def _flag_rates(cls: ProjectClass, flag: str) -> list[tuple[str, str]]:
    """The optimizers ``cls`` builds with the parsed flag ``flag`` as their rate
    (``tf.train.AdamOptimizer(learning_rate=FLAGS.learning_rate)``, ``FLAGS = tf.app.flags.FLAGS``
    at the top of its module), as (qualified name, kind)."""
    found = []
    for node in descendants(cls.node):
        name = cls.facts.call_name(node) if isinstance(node, cst.Call) else None
        if name is None or not (is_tf1_optimizer(name) or is_keras_optimizer(name)):
            continue
        assert isinstance(node, cst.Call)
        settings = optimizer_settings(node, name)
        rate = settings.rate if settings is not None else None
        if isinstance(rate, cst.Attribute) and rate.attr.value == flag and _holds_flags(rate.value, cls):
            found.append((name, _kind(name)))
    return found


def _holds_flags(expr: cst.BaseExpression, cls: ProjectClass) -> bool:
    """``expr`` is the parsed flags object: ``tf.app.flags.FLAGS`` / ``absl.flags.FLAGS``, written
    out or through the module's top-level aliases (``flags = tf.app.flags; FLAGS = flags.FLAGS``)."""
    for _ in range(3):
        if isinstance(expr, cst.Name) and expr.value in cls.assigned:
            expr = cls.assigned[expr.value]
            continue
        break
    if not isinstance(expr, cst.Attribute) or expr.attr.value != "FLAGS":
        return False
    base = expr.value
    if isinstance(base, cst.Name) and base.value in cls.assigned:
        base = cls.assigned[base.value]
    return _flags_module(cls.facts.qualified_name(base))


def _module_alias(expr: cst.BaseExpression, graph: GraphFacts, depth: int = 0) -> str | None:
    """What a library name ``expr`` spells: its import (``tf.app.flags``), or, for a name the module
    assigns once at its top (``flags = tf.app.flags``, ``FLAGS = flags.FLAGS``), what that spells."""
    held = graph.facts.qualified_name(expr)
    if held is not None or depth > 3:
        return held
    if isinstance(expr, cst.Attribute):
        base = _module_alias(expr.value, graph, depth + 1)
        return f"{base}.{expr.attr.value}" if base is not None else None
    stores = graph.module_scope.stores.get(expr.value, []) if isinstance(expr, cst.Name) else []
    if len(stores) != 1 or stores[0].kind != "assign" or stores[0].value is None:
        return None
    return _module_alias(stores[0].value, graph, depth + 1)


def _flags_module(qualified: str | None) -> bool:
    """TensorFlow's or absl's flags module (``tf.app.flags``, ``absl.flags``)."""
    return qualified is not None and qualified.split(".")[0] in TENSORFLOW_ROOTS | {"absl"} \
        and qualified.endswith("flags")


def _overshoot(threshold: float, first: bool = True) -> str:
    """What a rate at or above the optimizer's threshold does (``first``: from the first update), and
    the usual range instead."""
    usual = "1e-3 to 1e-2" if threshold < 1 else "1e-2 to 1e-1"
    return (f"at or above {threshold:g} the {'first ' if first else ''}updates overshoot, the loss spikes and the "
            f"weights can reach inf/NaN (usual range {usual})")


def _starred(call: cst.Call, expr: cst.BaseExpression) -> bool:
    """``expr`` is passed to ``call`` as ``**expr``."""
    return any(arg.star == "**" and arg.value is expr for arg in call.args)


# How many stores, parameters and calls a rate is followed through.
_MAX_HOPS = 8


class Rates:
    """The values a learning rate (or another numeric setting of an optimizer: ``key``) may hold where an optimizer is built, followed through the
    module's record (:class:`GraphFacts`): assignments (every arm of an ``if``), a function's
    parameter (what each call passes, and its default), an element of a tuple a project function
    returns, an entry of a dict under a literal key (``config["lr"]``, ``**options``), an option of
    the parsed command line (its ``add_argument`` default), and Lightning's ``self.hparams.x`` (the
    ``__init__`` parameter ``save_hyperparameters()`` keeps). ``of`` returns None when any way the
    rate is set cannot be followed to a literal."""

    def __init__(self, graph: GraphFacts, option: Callable[[str], cst.BaseExpression | None],
                 key: str = "lr", flags: bool = False) -> None:
        self.graph = graph
        self.option = option  # the value a plain run's namespace holds for an option
        self.key = key  # the entry of ``**options`` that sets it
        self.flags = flags  # also TF/absl flags read as `FLAGS.name` (their `DEFINE_float` default)

    def of(self, expr: cst.BaseExpression, scope: Scope, at: int, hops: int = 0,
           star: bool = False) -> list[float] | None:
        if hops > _MAX_HOPS:
            return None
        if star:
            return self._entry(expr, self.key, scope, at, hops)
        value = number(expr)
        if value is not None:
            return [value]
        graph = scope.graph
        if graph is None:
            return None
        keyed = keyed_read(expr)
        if keyed is not None:
            return self._entry(*keyed, scope, at, hops)
        if isinstance(expr, cst.Attribute):
            if holds_parsed_namespace(expr.value, scope, at):
                if graph.lookup(dotted_name(expr) or "", scope, at)[0] is not None:
                    return None  # `args.lr = args.lr * args.scale`: set again after parsing
                value = number(self.option(expr.attr.value))
                return [value] if value is not None else None
            kept = self._hyperparameter(expr, scope, hops)
            if kept is not None:
                return kept
            flagged = self._flag_default(expr, graph) if self.flags else None
            if flagged is not None:
                return [flagged]
        name = dotted_name(expr)
        if name is None or graph.facts.qualified_name(expr) is not None:
            return None
        store, home = graph.lookup(name, scope, at)
        if store is None or home is None:
            return None
        if store.kind == "param":
            return self._parameter(name, store.value, home, hops)
        if store.kind == "unpack" and store.index is not None and isinstance(store.value, cst.Call):
            return self._returned(store.value, store.index, store.where or home, store.order, hops)
        if store.kind != "assign":
            return None
        stores = [store]
        if store.branch is not None or name.startswith("self."):
            # the arms of an `if` each set their own; `self.lr` may be set by several methods
            stores = [s for s in home.stores.get(name, []) if home is not scope or s.order < at
                      or name.startswith("self.")]
            if any(s.kind != "assign" for s in stores):
                return None
        ways: list[tuple[cst.BaseExpression, Scope, int]] = []
        for each in stores:
            if each.value is None:
                return None
            ways.append((each.value, each.where or home, each.order))
        return self._every(ways, hops)

    def _flag_default(self, expr: cst.Attribute, graph: GraphFacts) -> float | None:
        """``FLAGS.learning_rate`` with ``FLAGS`` TensorFlow's or absl's flag values: the default of
        the module's one ``DEFINE_float``/``DEFINE_integer`` of that flag (a run without flags)."""
        held = _module_alias(expr.value, graph)
        if held is None or not held.endswith(".FLAGS") or not _flags_module(held.rsplit(".", 1)[0]):
            return None
        found: set[float] = set()
        for node in descendants(graph.context.module):
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and node.func.attr.value in ("DEFINE_float", "DEFINE_integer") \
                    and _flags_module(_module_alias(node.func.value, graph)):
                flag, default = argument(node, 0, "name"), argument(node, 1, "default")
                if isinstance(flag, cst.SimpleString) and flag.evaluated_value == expr.attr.value:
                    value = number(default) if default is not None else None
                    if value is None:
                        return None
                    found.add(value)
        return found.pop() if len(found) == 1 else None

    def _parameter(self, name: str, default: cst.BaseExpression | None, function: Scope,
                   hops: int) -> list[float] | None:
        """What a parameter holds: what each call passes for it, and its default, when the function
        declares one (a call may leave it out)."""
        if function.kind != "function":
            return None
        ways = list(passed_arguments(function, name))
        if default is not None:
            ways.append((default, function, 0))
        return self._every(ways, hops)

    def _returned(self, call: cst.Call, index: int, scope: Scope, at: int, hops: int) -> list[float] | None:
        """Element ``index`` of the tuple a project function returns (``lr, epochs = settings()``)."""
        graph = scope.graph
        function = graph.function_for(call, scope, at) if graph is not None else None
        if function is None or not function.returns:
            return None
        ways: list[tuple[cst.BaseExpression, Scope, int]] = []
        for value, order in function.returns:
            if not isinstance(value, (cst.Tuple, cst.List)) or index >= len(value.elements) \
                    or any(isinstance(e, cst.StarredElement) for e in value.elements[:index + 1]):
                return None
            ways.append((value.elements[index].value, function, order + 1))
        return self._every(ways, hops)

    def _every(self, ways: list[tuple[cst.BaseExpression, Scope, int]], hops: int) -> list[float] | None:
        """The values the rate may take along each of ``ways`` (an expression, its scope and statement):
        None when any of them cannot be followed to a literal, or when there is none."""
        found: list[float] = []
        for expr, scope, at in ways:
            values = self.of(expr, scope, at, hops + 1)
            if values is None:
                return None
            found += values
        return found or None

    def _entry(self, expr: cst.BaseExpression, key: str, scope: Scope, at: int, hops: int) -> list[float] | None:
        """The entry under ``key`` of the dict ``expr`` holds: a dict literal or ``dict(...)``, bound
        to a name no ``d[k] = v`` changes afterwards."""
        graph = scope.graph
        holder: cst.BaseExpression | None = expr
        where, order = scope, at
        name = dotted_name(expr)
        if name is not None and graph is not None and graph.facts.qualified_name(expr) is None:
            store, home = graph.lookup(name, scope, at)
            if store is None or home is None or store.kind != "assign" or store.branch is not None \
                    or list(graph.after(name, home, store.order, at if home is scope else None)) \
                    or home.mutations.get(name):
                return None
            holder, where, order = store.value, store.where or home, store.order
        if isinstance(holder, cst.Dict):
            for element in holder.elements:
                if not isinstance(element, cst.DictElement):
                    return None  # `{**base, ...}`: the entry may come from elsewhere
            entry = next((e.value for e in holder.elements if isinstance(e, cst.DictElement)
                          and isinstance(e.key, cst.SimpleString) and e.key.evaluated_value == key), None)
        elif isinstance(holder, cst.Call) and isinstance(holder.func, cst.Name) and holder.func.value == "dict" \
                and graph is not None and not graph.facts.bindings("dict") \
                and all(arg.keyword is not None for arg in holder.args):
            entry = keyword(holder, key)
        else:
            return None
        return self.of(entry, where, order, hops + 1) if entry is not None else None

    def _hyperparameter(self, expr: cst.Attribute, scope: Scope, hops: int) -> list[float] | None:
        """``self.hparams.lr`` in a LightningModule whose ``__init__`` calls
        ``self.save_hyperparameters()``: the ``__init__`` parameter ``lr``."""
        inner = expr.value
        if not (isinstance(inner, cst.Attribute) and inner.attr.value == "hparams"
                and is_receiver(inner.value)):
            return None
        owner = scope
        while owner is not None and owner.kind != "class":
            owner = owner.parent  # type: ignore[assignment]
        graph = scope.graph
        init = graph.functions.get(f"{owner.name}.__init__") if owner is not None and graph is not None else None
        if init is None or not any(
                isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                and node.func.attr.value == "save_hyperparameters" and not node.args
                for node in descendants(init.node)):
            return None
        stores = init.stores.get(expr.attr.value, [])
        if not stores or stores[0].kind != "param":
            return None
        return self._parameter(expr.attr.value, stores[0].value, init, hops + 1)
