"""GNN602 activation-on-output: a ReLU/LeakyReLU/ELU on what a model returns, where the code shows that
output reaching a regression loss or a loss that expects raw logits."""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import libcst as cst

from gnnlint.cst_walk import descendants
from gnnlint.analysis import project
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.passed import passed_arguments
from gnnlint.analysis.project_models import imported_class
from gnnlint.analysis.scopes import argument, dotted_name, number
from gnnlint.analysis.tables import table_entries
from gnnlint.rule import Rule
from gnnlint.analysis.models import (ClassModel, Layer, ModelIndex, Output, RECTIFIERS, _canonical, _parameters,
                                   _target_names, _unwrap_device, class_output, classify_qualified,
                                   constant_element, container_output, expression_output, last_store,
                                   model_index, returned_tuple, unpacked, unwrap_views)

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

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
                "numpy.ones_like", "numpy.zeros_like", "torch.rand", "torch.rand_like", "torch.poisson",
                "torch.bernoulli", "torch.abs", "torch.ones", "torch.zeros", "torch.ones_like", "torch.zeros_like",
                "torch.exp"}
# Draws from [low, high), by the keyword of their low bound: never negative when that bound is not
# (the first argument; absent, it is 0: `np.random.uniform(size=n)`; alone it is the upper bound
# of a draw from 0: `torch.randint(10, (n,))`).
_DRAWS_FROM_LOW = {"numpy.random.uniform": "low", "numpy.random.randint": "low", "torch.randint": "low"}
# Where the prediction goes in a call of each family of loss: (position, keyword).
# Every loss the rule recognises is named in the file's text (its call, import or `loss="..."`).
_LOSS_NAMES = tuple(sorted(_TORCH_REGRESSION | _TORCH_LOGITS | _KERAS_REGRESSION | _KERAS_CROSSENTROPY | _TF_LOGITS
                           | _STRING_REGRESSION | set(_TORCH_PROBABILITIES)))
# A hand-written squared error or norm of a difference (``((out - y) ** 2).mean()``) is a regression
# loss too; the file then spells one of these.
_HANDWRITTEN = ("**", "pow", "square", "norm")
_SQUARING = {"pow", "square", "norm"}
_LIBRARIES = {"torch", "torch_geometric", "dgl", "spektral", "keras", "tensorflow", "numpy", "sklearn", "scipy"}
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
    squares: list[cst.CSTNode]  # `x ** 2` and the calls that may square or take a norm


@dataclasses.dataclass
class _Loss:
    kind: str  # regression or logits
    family: str  # torch, keras, tfnn
    label: str
    through: str | None = None  # the squashing the loss expects the model to apply to its logits
    applied: str | None = None  # that squashing, applied to the model's output on the way to the loss


_OPAQUE = object()  # a model whose class is defined in another module: a model, but not judged here


@dataclasses.dataclass(frozen=True)
class _Method:
    """Another method of a model class, called for the prediction (``model.decode(z, edges)``,
    ``self.predict(x)``): it returns what the class's layers compute, like ``forward``."""
    model: ClassModel
    function: cst.FunctionDef


@dataclasses.dataclass(frozen=True)
class _Element:
    """One element of the tuple a model returns (``a_hat, x_hat = model(x)``)."""
    model: object
    position: int


@dataclasses.dataclass(frozen=True)
class _Inline:
    """A prediction computed in the loss's own function rather than returned by a model (plain
    TensorFlow graph code, a layer loop written out before the loss): ``expr`` where ``at`` runs."""
    expr: cst.BaseExpression
    scope: _Scope
    at: cst.CSTNode


def _names_loss(source: str) -> bool:
    return any(name in source for name in _LOSS_NAMES + _HANDWRITTEN)


def _rectified(cls: ClassModel) -> bool:
    """Whether what the class's ``forward`` (or another of its methods) returns is rectified."""
    for method in {id(m): m for m in (cls.forward, *cls.methods.values()) if m is not None}.values():
        elements = (None, *range(returned_tuple(cls, method)))
        if any(class_output(cls.index, cls, through, element, method) is not None
               for through in (None, "softmax", "sigmoid", "log_softmax") for element in elements):
            return True
    return False


def _member(cls: ClassModel, attribute: str) -> object | None:
    """The model that ``cls.__init__`` stores in ``self.<attribute>``: a container or a model class
    of the same module (``self.predictor = nn.Sequential(...)``)."""
    layer = cls.env.get(f"self.{attribute}")
    if not isinstance(layer, Layer):
        return None
    if layer.kind == "seq":
        return next((c for c in cls.index.sequentials() if c.node is layer.node), layer)
    inner = cls.index.classes.get(layer.label) if layer.kind == "user" else None
    return inner if inner is not None and inner.forward is not None else None


def _class_of(model: object) -> object:
    """The model class (or other model) behind an element of its output or another of its methods."""
    if isinstance(model, _Element):
        model = model.model
    return model.model if isinstance(model, _Method) else model


class ActivationOnOutput(Rule):
    code = "GNN602"
    name = "activation-on-output"
    severity = "warning"
    requires = (GraphFacts,)  # the model index reads where values come from
    message = "ReLU/LeakyReLU/ELU on a model output that feeds a regression loss or a loss expecting logits"
    fix_title = ("return the last layer's raw output (a linear head); put any squashing the loss needs inside "
                 "the loss (`BCEWithLogitsLoss`, `from_logits=True`)")
    triggers = ("elu", "ELU", "eLU")

    def visit_Module(self, node: cst.Module) -> None:
        """Everything happens in finish(), once the whole file is known."""

    def finish(self) -> None:
        names_loss = _names_loss(self.context.source)
        self.index: ModelIndex = model_index(self)
        rectified = [cls for cls in self.index.classes.values() if cls is not None and cls.forward is not None
                     and _rectified(cls)]
        reported: set[int] = set()
        if names_loss and (rectified or self._may_have_candidates()):
            program = _Program(self.index, self.source, self._resolver(self.context.path), self._resolver)
            for model, loss, site in program.pairs():
                self._pair(program, model, loss, site, reported, "")
        if rectified:
            self._trained_elsewhere(rectified, reported)

    def _pair(self, program: _Program, model: object, loss: _Loss, site: cst.Call, reported: set[int],
              elsewhere: str) -> None:
        whole = _class_of(model)
        if isinstance(whole, ClassModel) and whole.index is not self.index:
            return  # a class of another module (handed over or built by a factory there): judged there
        output = program.output(model, loss.through)
        if output is None or id(output.node) in reported:
            return
        reported.add(id(output.node))
        self._report(output, loss, f"line {program.index.lines(site)}{elsewhere}")

    def _trained_elsewhere(self, classes: list[ClassModel], reported: set[int]) -> None:
        """A model class trained by another module of the project (``trainer.py`` builds ``GCN(args)``
        and feeds its output to the loss): the losses there judge the output here."""
        known = project.for_file(self.context.path)
        if known is None or known.depth >= 2:
            return
        here = Path(self.context.path)
        known.depth += 1
        try:
            paths = {p for cls in classes for p in known.importers(here, mentioning=cls.name)}
            for path in sorted(paths | _trainers_of(known, paths, here)):
                record = known.facts_of(path)
                if record is None:
                    continue
                context = record.context
                if not _names_loss(context.source):
                    continue
                index = _index_of(record)
                judged = {cls.name: cls for cls in classes}
                program = _Program(index, functools.partial(_source_in, context),
                                   self._resolver(str(path), here, judged),
                                   functools.partial(self._resolver, home=here, classes=judged))
                where = f" of `{_relative(path, here)}`"
                for model, loss, site in program.pairs():
                    whole = _class_of(model)
                    if isinstance(whole, ClassModel) and whole.index is self.index:
                        self._pair(program, model, loss, site, reported, where)
        finally:
            known.depth -= 1

    @staticmethod
    def _resolver(path: str, home: Path | None = None,
                  classes: dict[str, ClassModel] | None = None) -> Callable[[str], object | None]:
        """How a program tells which model a class it imports is: one of ``classes`` (defined in
        ``home``), or a class of another project module (a model not judged here)."""
        def resolve(qualified: str) -> object | None:
            known = project.for_file(path)
            found = known.resolve(Path(path), qualified) if known is not None else None
            if found is None:
                return None  # a library: not a model class of the project
            file, name = found
            if home is not None and classes is not None and file.resolve() == home.resolve() and name in classes:
                return classes[name]
            return _OPAQUE
        return resolve

    def _may_have_candidates(self) -> bool:
        """Cheap pre-check before following names through every scope."""
        if any(container_output(c, through) is not None for c in self.index.sequentials()
               for through in (None, "softmax", "sigmoid", "log_softmax")):
            return True
        if any(_canonical(q)[0] == "keras" and q.split(".")[-1] in ("Model", "Functional")
               for q in self.index.facts.aliases.values()) or "Model(" in self.context.source:
            return True
        # A rectifier applied in a function, which a loss in that function may take as is.
        if any(e.act in RECTIFIERS for _, _, events in self.index.all_events() for e in events):
            return True
        # A rectifier handed to a model class where it is built (`GCN(in_dim, n_classes, F.relu)`).
        return any(layer.act in RECTIFIERS for layer in self.index.handed_activations())

    def _report(self, output: Output, loss: _Loss, at: str) -> None:
        lines = self.index.lines
        where = output.where
        what = RECTIFIERS[output.act]
        expects = " (it expects raw logits)" if loss.kind == "logits" else ""
        if loss.through is not None:
            expects = f" (through the {loss.through}, which expects raw logits)"
        if loss.applied is not None:
            expects = f" (through the {loss.applied} applied on the way, which expects raw logits)"
        quoted = self.source(output.node)
        if not isinstance(output.node, cst.Call):  # the `activation=` argument of a layer
            quoted = f"activation={quoted}"
        self.report(output.node, f"`{quoted}` applies {what} to {where} (line "
                                 f"{lines(output.node)}), and that output reaches {loss.label} on "
                                 f"{at}{expects}: {_CONSEQUENCE[(loss.kind, output.act)]}")


SQUASHING = ("softmax", "sigmoid")


class LossInputs:
    """What the program of one file knows of the model outputs reaching a loss, for rules that
    judge the loss call itself (GNN502: probabilities fed to a loss that squashes them again).
    Built on first use, after the walk (the import aliases are then final)."""

    def __init__(self, rule: Rule) -> None:
        self.rule = rule
        self._program: _Program | None = None

    def squashed(self, prediction: cst.BaseExpression, call: cst.Call,
                 acts: Collection[str] = SQUASHING) -> tuple[Output, ModelIndex] | None:
        """The softmax/sigmoid (or another of ``acts``) that a model whose output ``prediction`` is
        applies last, with the index of the module where it is applied (a model class may be
        defined in another one)."""
        program = self._program_or_new()
        scope = next((s for s in reversed(program.scopes) if any(c is call for c in s.calls)), None)
        if scope is None:
            return None
        models, through = program._predicted(prediction, scope, call, None)
        for model in _models_only(models):
            found = program.output(model, through, acts)
            if found is not None:
                cls = _class_of(model)
                return found, cls.index if isinstance(cls, ClassModel) else program.index
        return None

    def bound_loss(self, call: cst.Call) -> tuple[str, cst.Call | None] | None:
        """The loss a call through a name makes (``criterion(out, y)`` in ``train(model, data,
        criterion)``, ``self.loss_fn(out, y)``), as the values bound to that name tell it: its
        qualified name and the call that built it, where every value found is the same loss."""
        spelled = dotted_name(call.func)
        program = self._program_or_new()
        scope = next((s for s in reversed(program.scopes) if any(c is call for c in s.calls)), None)
        if spelled is None or scope is None:
            return None
        found: set[tuple[str, str | None]] = set()
        built: cst.Call | None = None
        for value, reader in [found for bound, owner in program._bound(spelled, scope)
                              for found in program.loss_values(bound, owner)]:
            name = reader.index.qualified(value.func if isinstance(value, cst.Call) else value)
            if name is None:
                return None
            config = reader.source(value) if isinstance(value, cst.Call) else None
            found.add((name, config))
            built = value if isinstance(value, cst.Call) else None
        if len(found) != 1:
            return None
        return next(iter(found))[0], built

    def _program_or_new(self) -> _Program:
        if self._program is None:
            path = self.rule.context.path
            self._program = _Program(model_index(self.rule), self.rule.source, _project_models(path), _project_models)
        return self._program


def _trainers_of(known: project.Project, importers: set[Path], home: Path) -> set[Path]:
    """The project modules that the importers of a model class import and that name a loss: the
    script builds the model and hands it to ``train(model, data)`` defined in ``train.py``, whose
    loss then judges the model's output (the handed model is followed back to the script there)."""
    found: set[Path] = set()
    for importer in sorted(importers):
        record = known.facts_of(importer)
        if record is not None:
            found.update(path for path, text in known.imported_modules(importer, record.context.source)
                         if _names_loss(text) and not project.same_file(path, home))
    return found - importers


def _project_models(path: str) -> Callable[[str], object | None]:
    """How a program tells which model a class it imports is, for a finding made at the loss: the
    class as the project module defining it builds it (also through a package's re-export,
    ``from .gcn import GCN`` in ``models/__init__.py``); a class not found is a model not judged."""
    def resolve(qualified: str) -> object | None:
        known = project.for_file(path)
        found = known.resolve(Path(path), qualified) if known is not None else None
        if known is None or found is None:
            return None  # a library
        file, name = found
        cls = _class_in(known, file, name)
        if cls is None and "." not in name:
            imported = imported_class(str(file), name)
            cls = _class_in(known, Path(imported.path), imported.node.name.value) if imported is not None else None
        return cls if cls is not None and cls.forward is not None else _OPAQUE
    return resolve


def _class_in(known: project.Project, file: Path, name: str) -> ClassModel | None:
    record = known.facts_of(file)
    return _index_of(record).classes.get(name) if record is not None else None


def _index_of(record: GraphFacts) -> ModelIndex:
    """The model index of another project module, kept with its record (built once per process)."""
    context = record.context
    return context.shared("models", lambda: ModelIndex(context.module, context.facts, context.line, context.path,
                                                       record))


def _source_in(context: FileContext, node: cst.CSTNode) -> str:
    return context.module.code_for_node(node).strip()


def _relative(path: Path, home: Path) -> str:
    try:
        return os.path.relpath(path, home.parent)
    except ValueError:
        return path.name


class _Program:
    """The losses of one module and the models whose outputs reach them."""

    def __init__(self, index: ModelIndex, source: Callable[[cst.CSTNode], str],
                 resolve: Callable[[str], object | None],
                 resolver_for: Callable[[str], Callable[[str], object | None]] | None = None,
                 elsewhere: dict[str, _Program] | None = None) -> None:
        self.index = index
        self.source = source
        self.resolve = resolve  # an imported class (by qualified name) -> a model, or None
        # The same resolution for another project module (by its path), where a model is handed
        # over or built by a factory; None keeps the program to this module.
        self.resolver_for = resolver_for
        self.elsewhere: dict[str, _Program] = elsewhere if elsewhere is not None else {index.path: self}
        self.scopes = [_collect(function, cls, body) for function, cls, body in index.functions]
        self.module_scope = self.scopes[0]

    # -- other modules of the project ----------------------------------------------------------

    def _program_of(self, graph: GraphFacts | None) -> _Program | None:
        """The program of the module ``graph`` records (this one, or another project module)."""
        if graph is None:
            return None
        if graph is self.index.graph:
            return self
        path = graph.context.path
        if path not in self.elsewhere:
            if self.resolver_for is None:
                return None
            self.elsewhere[path] = _Program(_index_of(graph), functools.partial(_source_in, graph.context),
                                            self.resolver_for(path), self.resolver_for, self.elsewhere)
        return self.elsewhere[path]

    def _scope_of(self, graph_scope: Scope) -> _Scope | None:
        """This program's scope for a scope of the graph records (a function or the module)."""
        if graph_scope.kind == "module":
            return self.module_scope
        return next((s for s in self.scopes if s.function is graph_scope.node), None)

    def _graph_scope(self, function: cst.FunctionDef) -> Scope | None:
        graph = self.index.graph
        return next((s for s in graph.scopes if s.node is function), None) if graph is not None else None

    def _handed(self, name: str, scope: _Scope) -> list[tuple[cst.BaseExpression, _Program, _Scope]]:
        """What each call of ``scope``'s function passes for its parameter ``name``, in whichever
        module the call is (``Trainer(opt, gnn)`` in the script that builds the trainer), with the
        program and scope it is read in. Empty when one of them is not known."""
        function = self._graph_scope(scope.function) if scope.function is not None else None
        if function is None or self.resolver_for is None:
            return []
        found: list[tuple[cst.BaseExpression, _Program, _Scope]] = []
        for value, caller, _order in passed_arguments(function, name):
            program = self._program_of(caller.graph)
            where = program._scope_of(caller) if program is not None else None
            if program is None or where is None:
                return []
            found.append((value, program, where))
        return found

    def _handed_models(self, name: str, scope: _Scope, depth: int) -> list[object]:
        """The models a parameter of a function (or of a class's ``__init__``) is handed, when every
        call passes one: a trainer built with ``Trainer(opt, model)`` trains what it is given."""
        found: dict[object, object] = {}
        for value, program, where in self._handed(name, scope):
            models = program._portable(program._models(value, where, depth + 1), self)
            if not models:
                return []
            found.update((_key(m), m) for m in models)
        return list(found.values())

    def _portable(self, models: list[object], reader: _Program) -> list[object]:
        """The models found here that ``reader``, the program of another module, can judge: model
        classes (each knows its module); a container or Keras model is read in its own module."""
        if reader is self:
            return models
        return [m for m in models if m is _OPAQUE or isinstance(_class_of(m), ClassModel)]

    def _factory(self, call: cst.Call) -> tuple[_Program, cst.FunctionDef] | None:
        """The project function that ``call`` runs, with its module's program, when it is a function
        defined at the top of a module (``parse_method(args, ...)``, ``get_model(...)``)."""
        qualified = self.index.qualified(call.func)
        if qualified is None:
            name = call.func.value if isinstance(call.func, cst.Name) else None
            function = self.index.builders.get(name) if name is not None else None
            return (self, function) if function is not None else None
        if _canonical(qualified)[0] in _LIBRARIES:
            return None
        known = project.for_file(self.index.path)
        found = known.resolve(Path(self.index.path), qualified) if known is not None else None
        if known is None or found is None:
            return None
        record = known.facts_of(found[0])
        program = self._program_of(record) if record is not None else None
        function = program.index.builders.get(found[1]) if program is not None else None
        return (program, function) if program is not None and function is not None else None

    def _made(self, call: cst.Call, depth: int) -> list[object]:
        """The models a factory function returns, joined over its returns (``if name == 'gcn':
        return GCN(...)``), when every return is one."""
        factory = self._factory(call)
        if factory is None or depth > 4:
            return []
        program, function = factory
        scope = next((s for s in program.scopes if s.function is function), None)
        returns = [node.value for node in descendants(function.body, prune=_nested)
                   if isinstance(node, cst.Return)] if scope is not None else []
        found: dict[object, object] = {}
        for value in returns:
            models = program._models(value, scope, depth + 1) if value is not None else []  # type: ignore[arg-type]
            models = program._portable(models, self)
            if not models:
                return []
            found.update((_key(m), m) for m in models)
        return list(found.values())

    def pairs(self) -> Iterator[tuple[object, _Loss, cst.Call]]:
        for scope in self.scopes:
            yield from self._losses(scope)

    # -- which models reach which losses -------------------------------------------------------

    def _losses(self, scope: _Scope) -> Iterator[tuple[object, _Loss, cst.Call]]:
        yield from self._squared_errors(scope)
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
            if prediction is None or self._on_nonnegative_targets(loss, call, scope):
                continue
            models, through = self._predicted(prediction, scope, call, loss.through)
            if through != loss.through:  # the squashing the loss expects is applied on the way
                loss = dataclasses.replace(loss, through=None, applied=loss.through)
            for model in models:
                yield model, loss, call

    def _squared_errors(self, scope: _Scope) -> Iterator[tuple[object, _Loss, cst.Call]]:
        """A squared error or norm of a difference written out (``torch.pow(out - y, 2)``): a
        regression loss on the side that is a model's output, when the other side is not one
        (a distance between two outputs is no regression)."""
        for node in scope.squares:
            difference = self._difference(node)
            if difference is None:
                continue
            sides = [_models_only(self._predicted(side, scope, node, None)[0])
                     for side in (difference.left, difference.right)]
            if bool(sides[0]) == bool(sides[1]):
                continue
            loss = _Loss("regression", "torch", f"the squared error `{self.source(node)}`")
            for model in sides[0] or sides[1]:
                yield model, loss, node  # type: ignore[misc]

    def _difference(self, node: cst.CSTNode) -> cst.BinaryOperation | None:
        """The ``a - b`` that ``node`` squares or takes the norm of."""
        inner: cst.BaseExpression | None
        exponent: cst.BaseExpression | None
        if isinstance(node, cst.BinaryOperation):  # (a - b) ** 2
            inner, exponent = node.left, node.right
        elif isinstance(node, cst.Call):
            name = self.index.qualified(node.func)
            if name is None and isinstance(node.func, cst.Attribute):  # (a - b).pow(2)
                last, inner, exponent = node.func.attr.value, node.func.value, argument(node, 0, "exponent")
            elif name is not None and _canonical(name)[0] in ("torch", "tensorflow", "numpy"):
                last, inner, exponent = _canonical(name)[1][-1], argument(node, 0, "input"), argument(node, 1, "exponent")
            else:
                return None
            if last not in _SQUARING:
                return None
            if last != "pow":
                exponent = None
        else:
            return None
        if exponent is not None and number(exponent) != 2:
            return None
        if isinstance(inner, cst.BinaryOperation) and isinstance(inner.operator, cst.Subtract):
            return inner
        return None

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

    def _on_nonnegative_targets(self, loss: _Loss, call: cst.Call, scope: _Scope) -> bool:
        """A torch regression loss whose targets are visibly never negative (``torch.randint(0, 10,
        (n,)).float()``, counts drawn from a Poisson): a ReLU head on them is a choice, as for ``fit``."""
        targets = argument(call, 1, "target") if loss.family == "torch" and loss.kind == "regression" else None
        return targets is not None and self._nonnegative(targets, scope)

    def _nonnegative(self, expr: cst.BaseExpression, scope: _Scope, depth: int = 0) -> bool:
        if isinstance(expr, cst.Call):
            name = self.index.qualified(expr.func) or ""
            if name in _NONNEGATIVE:
                return True
            if name == "numpy.where":  # np.where(data > 0.5, 1, 0)
                branches = [argument(expr, 1, None), argument(expr, 2, None)]
                return all(b is not None and (number(b) is not None and number(b) >= 0  # type: ignore[operator]
                                              or self._nonnegative(b, scope, depth + 1)) for b in branches)
            if name in _DRAWS_FROM_LOW:
                low = argument(expr, 0, _DRAWS_FROM_LOW[name])
                return low is None or (number(low) is not None and number(low) >= 0)  # type: ignore[operator]
            inner = unwrap_views(expr, self.index.facts)  # `torch.randint(0, 5, (n,)).float()`
            return inner is not expr and self._nonnegative(inner, scope, depth + 1)
        if dotted_name(expr) is None or depth > 3:
            return False
        # A name (or a parameter, by what every caller hands it) that every value it holds is never negative.
        return all(value is not expr and program._nonnegative(value, where, depth + 1)
                   for value, program, where in self.held(expr, scope))

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
        for bound, owner in self._bound(spelled, scope):
            for value, program in self.loss_values(bound, owner):
                built = program.index.qualified(value.func if isinstance(value, cst.Call) else value)
                loss = _classify_loss(built, value if isinstance(value, cst.Call) else call,
                                      f"`{spelled}` (`{program.source(value)}`)") if built is not None else None
                if loss is not None:
                    return loss
        return None

    def loss_values(self, value: cst.BaseExpression, owner: _Scope) -> list[tuple[cst.BaseExpression, _Program]]:
        """What a value bound to a loss name is, with the program it is read in: `nn.MSELoss()`, the
        loss function itself (`F.nll_loss`, also through `functools.partial(F.mse_loss, ...)`)."""
        return [(partial_target(program.index.qualified, v) or v, program) for v, program, _ in self.held(value, owner)]

    def held(self, value: cst.BaseExpression, owner: _Scope,
             depth: int = 0) -> list[tuple[cst.BaseExpression, _Program, _Scope]]:
        """What ``value`` can hold, with the program and scope each is read in: for a name, what it
        is bound to, and for a parameter of a function or constructor, what its callers hand it in
        whichever module they are (`Engine(model, nn.MSELoss())` stores it on self). A call, a
        library name, or a name it cannot follow further is itself."""
        spelled = dotted_name(value)
        if isinstance(value, cst.Call) or spelled is None or self.index.qualified(value) is not None or depth >= 3:
            return [(value, self, owner)]
        bound = self._bound(spelled, owner)
        if bound:
            return [found for v, s in bound for found in self.held(v, s, depth + 1)]
        handed = self._handed(spelled, owner) if isinstance(value, cst.Name) and owner.function is not None else []
        return [found for v, program, where in handed for found in program.held(v, where, depth + 1)] \
            or [(value, self, owner)]

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

    def _predicted(self, prediction: cst.BaseExpression, scope: _Scope, at: cst.CSTNode, through: str | None,
                   depth: int = 0) -> tuple[list[object], str | None]:
        """The models whose output ``prediction`` is (``model(x)``, ``out`` bound to it, ``out[mask]``),
        and the squashing the loss still expects of them: none once the prediction is that squashing
        of the output (``nll_loss(F.log_softmax(out))``)."""
        element = constant_element(prediction)
        if element is not None and isinstance(element[0], cst.Tuple) and element[1] < len(element[0].elements):
            # `pos, neg = scorer(h, p), scorer(h, n)`: an element of a literal tuple is that value
            return self._predicted(element[0].elements[element[1]].value, scope, at, through, depth + 1)
        if element is not None:  # `model(x)[1]`: one element of a returned tuple, or a row of a tensor
            models, through = self._predicted(element[0], scope, at, through, depth + 1)
            # A row of a computed tensor keeps its values; an element of a model's tuple is that element.
            return [m if isinstance(m, (_Element, _Inline)) else _Element(m, element[1]) for m in models], through
        core = unwrap_views(prediction, self.index.facts)
        if isinstance(core, cst.Call):
            if through is not None and self._squashes(core, through):
                inner = argument(core, 0, "input") or argument(core, 0, "x") or argument(core, 0, "logits")
                if self.index.qualified(core.func) is None:  # out.log_softmax(dim=1)
                    inner = core.func.value  # type: ignore[attr-defined]
                return self._predicted(inner, scope, at, None, depth + 1) if inner is not None else ([], through)
            parts = self._joined(core)
            if parts is not None and depth <= 4:
                return self._predicted_parts(parts, scope, at, through, depth)
            return self._models(core.func, scope) or [_Inline(core, scope, at)], through
        name = dotted_name(core)
        if name is None or depth > 4:
            return [], through
        values = scope.assigns.get(name, [])
        if len(values) == 1:
            return self._predicted(values[0], scope, at, through, depth + 1)
        if not values and scope.function is not None:
            return self._passed(name, scope, through, depth), through
        value, store = _value_at(scope.body, name, at)
        if store is None:
            return [], through  # rebound on the way: cannot tell which value reaches the loss
        if value is None:  # stored by a loop or a branch on the way: what it leaves is followed there
            return [_Inline(core, scope, at)], through
        return self._predicted(value, scope, store, through, depth + 1)

    def _joined(self, call: cst.Call) -> list[cst.BaseExpression] | None:
        """The tensors a library concatenation joins row by row (``torch.cat([pos, neg])``): each
        keeps its values in the result."""
        name = self.index.qualified(call.func)
        if name is None or _canonical(name)[0] not in ("torch", "tensorflow") \
                or _canonical(name)[1][-1] not in ("cat", "concat", "stack"):
            return None
        value = argument(call, 0, "tensors") or argument(call, 0, "values")
        if not isinstance(value, (cst.List, cst.Tuple)) or not value.elements \
                or any(isinstance(e, cst.StarredElement) for e in value.elements):
            return None
        return [e.value for e in value.elements]

    def _predicted_parts(self, parts: list[cst.BaseExpression], scope: _Scope, at: cst.CSTNode,
                         through: str | None, depth: int) -> tuple[list[object], str | None]:
        """The models behind each joined tensor, when the loss expects the same of all of them."""
        found: dict[object, object] = {}
        after: set[str | None] = set()
        for part in parts:
            models, left = self._predicted(part, scope, at, through, depth + 1)
            after.add(left)
            found.update((_key(m), m) for m in models)
        if len(after) != 1:
            return [], through
        return list(found.values()), after.pop()

    def _passed(self, name: str, scope: _Scope, through: str | None, depth: int) -> list[object]:
        """The models whose output the callers in this file pass to parameter ``name`` of a helper
        (``loss_fn(out, y)``), when every caller passes one."""
        function = scope.function
        params = [p.name.value for p in _parameters(function.params)]  # type: ignore[union-attr]
        if name not in params:
            return []
        position = params.index(name)
        found: dict[object, object] = {}
        called = False
        for caller in self.scopes:
            for call in caller.calls:
                if isinstance(call.func, cst.Name) and call.func.value == function.name.value:  # type: ignore[union-attr]
                    called = True
                    value = argument(call, position, name)
                    models, after = self._predicted(value, caller, call, through, depth + 1) if value else ([], None)
                    models = _models_only(models)
                    if not models or after != through:
                        return []
                    found.update((_key(m), m) for m in models)
        if not called:
            # Called from elsewhere (a method called through an instance, a helper imported by
            # the training script): what those calls pass.
            for value, program, where in self._handed(name, scope):
                models, after = program._predicted(value, where, value, through, depth + 1)
                models = program._portable(_models_only(models), self)
                if not models or after != through:
                    return []
                found.update((_key(m), m) for m in models)
        return list(found.values())

    def _squashes(self, call: cst.Call, through: str) -> bool:
        name = self.index.qualified(call.func)
        if name is None:  # the tensor method: out.log_softmax(dim=1)
            return isinstance(call.func, cst.Attribute) and call.func.attr.value == through
        kind = classify_qualified(name) if name is not None else None
        return kind is not None and kind[0] == "act" and kind[1] == through and isinstance(call.func, cst.Attribute) \
            and _canonical(name)[0] in ("torch", "tensorflow", "keras")

    def _model(self, expr: cst.BaseExpression, scope: _Scope) -> object | None:
        models = self._models(expr, scope)
        return models[0] if len(models) == 1 else None

    def _models(self, expr: cst.BaseExpression, scope: _Scope, depth: int = 0) -> list[object]:
        """The models the expression names, one per way it can be bound (``self.model = GCN(args)``
        in one branch, ``GAT(args)`` in another): classes, containers, Keras functional models.
        Empty when one of those ways is not known to be a model."""
        if depth > 4:
            return []
        expr = self._unwrapped(expr)
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Name) and self.index.qualified(expr.func) is None \
                and expr.func.value not in self.index.classes:
            picked = [v for v, _owner in self._bound(expr.func.value, scope)]  # cls = MODELS[name]; cls(...)
            chosen = self._picked(picked[0], scope) if len(picked) == 1 else []
            if chosen:
                return chosen
            if picked and all(isinstance(v, cst.Name) for v in picked):  # `for cls in (GCN, GAT): cls(...)`
                classes = self._classes_named(picked)
                if classes:
                    return classes
        if isinstance(expr, cst.Call) and isinstance(expr.func, (cst.Subscript, cst.Call)):
            chosen = self._picked(expr.func, scope)
            if chosen:
                return chosen
        if isinstance(expr, cst.Call):
            made = self._made(expr, depth)
            if made:
                return made
            model = self._built(expr, scope)
            return [model] if model is not None else []
        name = dotted_name(expr)
        if name is None:
            return []
        if name == "self":
            return [scope.cls] if scope.cls is not None and scope.cls.forward is not None else []  # `self(x)`
        methods = self._methods(expr, scope, depth)
        if methods:
            return methods
        bound = self._bound(name, scope)
        if not bound and self._owner(name, scope) is scope and scope.function is not None:
            return [m for m in self._handed_models(name, scope, depth) if m is not _OPAQUE]
        found: dict[int, object] = {}
        for value, owner in bound:
            models = self._models(value, owner, depth + 1)
            if not models:
                return []
            found.update((id(m), m) for m in models)
        return [m for m in found.values() if m is not _OPAQUE]

    def _picked(self, pick: cst.BaseExpression, scope: _Scope) -> list[object]:
        """The model classes a call of an entry of a literal table of classes may build
        (``{"gcn": GCN, "gin": GIN}[args.model](...)``, ``MODELS.get(name)(...)``): every entry the
        pick may give (:func:`tables.table_entries`); empty unless all are model classes."""
        def held(table: cst.Name) -> cst.BaseExpression | None:
            values = [v for v, _owner in self._bound(table.value, scope)]
            return values[0] if len(values) == 1 else None

        entries = table_entries(pick, held)
        return self._classes_named(list(entries)) if entries else []

    def _classes_named(self, values: Sequence[cst.BaseExpression | None]) -> list[object]:
        """The model classes these expressions name (a class of this file, or of the project);
        empty unless every one is one."""
        found: list[object] = []
        for value in values:
            qualified = self.index.qualified(value) if value is not None else None
            if isinstance(value, cst.Name) and qualified is None:
                model: object | None = self.index.classes.get(value.value)
                if not isinstance(model, ClassModel) or model.forward is None:
                    return []
            elif qualified is not None and _canonical(qualified)[0] not in _LIBRARIES:
                model = self.resolve(qualified)
            else:
                return []
            if model is None:
                return []
            found.append(model)
        return [m for m in found if m is not _OPAQUE]

    def _methods(self, expr: cst.BaseExpression, scope: _Scope, depth: int) -> list[object]:
        """``model.forward`` / ``model.decode`` / ``self.predict``: a method of the model classes that
        the receiver is, when it is one on every way the receiver is bound (the model itself for
        its ``forward``); or a model the class stores on ``self`` (``model.predictor``)."""
        if not isinstance(expr, cst.Attribute) or self.index.qualified(expr) is not None:
            return []
        receiver = expr.value
        if dotted_name(receiver) == "self":
            classes: list[object] = [scope.cls] if scope.cls is not None else []
        else:
            classes = self._models(receiver, scope, depth + 1)
        found: list[object] = []
        for cls in classes:
            if not isinstance(cls, ClassModel):
                return []
            method = cls.methods.get(expr.attr.value)
            member = _member(cls, expr.attr.value) if method is None else None
            if member is not None:
                found.append(member)
            elif method is None or method.name.value == "__init__":
                return []
            else:
                found.append(cls if method is cls.forward else _Method(cls, method))
        return found

    def _built(self, expr: cst.Call, scope: _Scope) -> object | None:
        """The model ``expr`` builds."""
        if isinstance(expr.func, (cst.Name, cst.Attribute)):
            qualified = self.index.qualified(expr.func)
            if qualified is None and isinstance(expr.func, cst.Name):
                cls = self.index.built_class(expr)
                return cls if cls is not None and cls.forward is not None else None
            if qualified is not None and not _canonical(qualified)[0] in _LIBRARIES:
                return self.resolve(qualified)
        layer = self.index.construct(expr, None, None)
        if layer is not None and layer.kind == "seq":
            return next((c for c in self.index.sequentials() if c.node is layer.node), layer)
        if layer is not None and layer.kind == "model":
            return (expr, scope)
        return None

    def _bound(self, name: str, scope: _Scope, depth: int = 0) -> list[tuple[cst.BaseExpression, _Scope]]:
        """What ``name`` is bound to, with the scope of each value; a parameter of a function is
        bound to what its callers in this file pass (``train(model, ...)``)."""
        if name.startswith("self.") and scope.cls is not None:
            # An attribute set in any method of the class (``self.model = GCN(args)`` in __init__).
            return [(v, s) for s in self.scopes if s.cls is scope.cls for v in s.assigns.get(name, [])
                    if dotted_name(self._unwrapped(v)) != name]
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
        # `model = model.to(device)`, `model = DDP(model)` keep the same model.
        return [v for v in values if dotted_name(self._unwrapped(v)) != name]

    def _unwrapped(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """The model inside ``expr``: past ``.to(device)``, a library wrapper that runs the same
        forward (``DistributedDataParallel(model)``, ``torch.jit.script(model)``), and an element
        of a literal tuple (``model, data = Net().to(device), data[0]``)."""
        for _ in range(4):
            expr = _unwrap_device(expr)
            element = constant_element(expr)
            if element is not None and isinstance(element[0], cst.Tuple) and element[1] < len(element[0].elements):
                expr = element[0].elements[element[1]].value
                continue
            wrapped = argument(expr, 0, "module") if isinstance(expr, cst.Call) \
                and _wrapper(self.index.qualified(expr.func)) else None
            if wrapped is None:
                return expr
            expr = wrapped
        return expr

    def _owner(self, name: str, scope: _Scope) -> _Scope:
        if name in scope.assigns or scope.function is None:
            return scope
        if any(p.name.value == name for p in _parameters(scope.function.params)):
            return scope
        return self.module_scope

    def output(self, model: object, through: str | None, acts: Collection[str] = RECTIFIERS) -> Output | None:
        """The rectifier (or other activation of ``acts``) on what ``model`` returns."""
        if isinstance(model, _Inline):
            return self._inline_output(model, through) if acts is RECTIFIERS else None
        if isinstance(model, _Element):
            whole: object = model.model
            method: cst.FunctionDef | None = None
            if isinstance(whole, _Method):
                method = whole.function
                whole = whole.model
            return class_output(whole.index, whole, through, model.position, method, acts) \
                if isinstance(whole, ClassModel) else None
        if isinstance(model, _Method):
            return class_output(model.model.index, model.model, through, None, model.function, acts)
        if isinstance(model, ClassModel):
            return class_output(model.index, model, through, acts=acts)
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
                                     "the `outputs` of the Keras model", through, acts)
        return container_output(model, through, acts)  # type: ignore[arg-type]


    def _inline_output(self, inline: _Inline, through: str | None) -> Output | None:
        """The rectifier that a value computed in the loss's function is the result of: followed
        from the innermost block that stores it before the loss."""
        scope = inline.scope
        name = dotted_name(inline.expr)
        function = scope.function
        where = f"the value computed in `{function.name.value}`" if function is not None \
            else "the value computed at module level"
        for block, statement in reversed(_blocks_to(scope.body, inline.at)):
            if name is None or last_store(block, name, statement)[1] is not None:
                return expression_output(self.index, function, scope.cls, list(block), inline.expr, statement,
                                         where, through)
        return None


def _wrapper(qualified: str | None) -> bool:
    """A library call that returns its first argument's model wrapped, with the same outputs."""
    if qualified is None:
        return False
    root, parts = _canonical(qualified)
    if root == "torch":
        return parts[-1] in ("DistributedDataParallel", "DataParallel", "compile") \
            or parts[-2:] == ["jit", "script"]
    return root == "torch_geometric" and parts[-1] in ("to_hetero", "to_hetero_with_bases", "DataParallel")


def _models_only(models: list[object]) -> list[object]:
    """The models among what a prediction was traced to, without values computed in place."""
    return [m for m in models if not isinstance(m, _Inline)]


def _value_at(body: list[cst.BaseStatement], name: str, at: cst.CSTNode
              ) -> tuple[cst.BaseExpression | None, cst.BaseStatement | None]:
    """What ``name`` holds where ``at`` runs, from the straight-line statements before it in the
    innermost block that stores it: (value, the statement storing it)."""
    for block, statement in reversed(_blocks_to(body, at)):
        value, store = last_store(block, name, statement, unpack=True)
        if store is not None:
            return value, store
    return None, None


def _blocks_to(body: Sequence[cst.BaseStatement], at: cst.CSTNode) -> list[tuple[Sequence[cst.BaseStatement],
                                                                                 cst.BaseStatement]]:
    """The blocks from ``body`` inwards that hold ``at``, each with its statement holding ``at``."""
    for statement in body:
        if not _contains(statement, at):
            continue
        found: list[tuple[Sequence[cst.BaseStatement], cst.BaseStatement]] = [(body, statement)]
        if statement is at or isinstance(statement, cst.SimpleStatementLine):
            return found
        for block in _inner_blocks(statement):
            inner = _blocks_to(block, at)
            if inner:
                return found + inner
        return found
    return []


def _inner_blocks(statement: cst.BaseStatement) -> list[Sequence[cst.BaseStatement]]:
    blocks: list[Sequence[cst.BaseStatement]] = []
    for node in (statement, getattr(statement, "orelse", None), *getattr(statement, "handlers", ()),
                 getattr(statement, "finalbody", None)):
        body = getattr(node, "body", None)
        if isinstance(body, cst.IndentedBlock):
            blocks.append(list(body.body))
    orelse = getattr(statement, "orelse", None)
    if isinstance(orelse, cst.If):
        blocks += _inner_blocks(orelse)
    return blocks


def partial_target(qualified: Callable[[cst.BaseExpression], str | None], value: cst.BaseExpression
                   ) -> cst.BaseExpression | None:
    """The function a ``functools.partial`` that binds only keywords wraps
    (``partial(F.cross_entropy, reduction="sum")``): calling it passes the caller's positional
    arguments in that function's positions. None for anything else."""
    if not isinstance(value, cst.Call) or qualified(value.func) != "functools.partial" or not value.args:
        return None
    first, rest = value.args[0], value.args[1:]
    if first.keyword is not None or first.star or any(a.keyword is None or a.star for a in rest):
        return None
    return first.value


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
    scope = _Scope(function, cls, body, {}, [], [])
    for statement in body:
        for node in descendants(statement, prune=_nested):
            if type(node) is cst.Assign:
                for target in node.targets:
                    single = isinstance(target.target, (cst.Name, cst.Attribute))
                    for name in _target_names(target.target):
                        # Unpacking binds an element of the value (`value[1]`), or a part not known.
                        part = None if single else unpacked(target.target, node.value, name)
                        scope.assigns.setdefault(name, []).append(node.value if single else part or cst.Name("None"))
            elif type(node) is cst.For and isinstance(node.target, cst.Name) \
                    and isinstance(node.iter, (cst.Tuple, cst.List)):
                # `for cls in (GCN, GAT):` binds the name to each element in turn
                scope.assigns.setdefault(node.target.value, []).extend(
                    e.value for e in node.iter.elements if isinstance(e, cst.Element))
            elif type(node) is cst.Call:
                scope.calls.append(node)
                if isinstance(node.func, (cst.Attribute, cst.Name)) and _callee(node.func) in _SQUARING:
                    scope.squares.append(node)
            elif type(node) is cst.BinaryOperation and isinstance(node.operator, cst.Power):
                scope.squares.append(node)
    return scope


def _callee(func: cst.Attribute | cst.Name) -> str:
    return func.attr.value if isinstance(func, cst.Attribute) else func.value


def _key(model: object) -> object:
    if isinstance(model, _Element):
        return _key(model.model), model.position
    return (id(model.model), id(model.function)) if isinstance(model, _Method) else id(model)


def _nested(node: cst.CSTNode) -> bool:
    """A scope of its own inside a function: its statements are not the function's."""
    return type(node) in (cst.FunctionDef, cst.ClassDef, cst.Lambda)


def _contains(tree: cst.CSTNode, node: cst.CSTNode) -> bool:
    return any(current is node for current in descendants(tree))
