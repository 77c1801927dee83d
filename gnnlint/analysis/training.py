"""Finding the training steps of a file, shared by the optimization rules (GNN401-GNN404, GNN505).

A *step* is where gradients reach an optimizer:

* PyTorch: ``loss.backward()`` followed, in the same function (or the module's top level), by
  ``optimizer.step()`` or ``scaler.step(optimizer)``;
* TensorFlow: ``tape.gradient(...)`` followed by ``optimizer.apply_gradients(...)``;
* Keras: ``model.compile(optimizer=...)`` (``fit`` runs the step the optimizer configures);
* Lightning: ``Trainer(...)`` (it runs ``training_step`` and clips when told to).

The scan records, during the engine's single walk, every call that matters together with what the
facts layer resolved at that point (what ``optimizer`` was bound to, in that function), and
``steps()`` assembles them once the whole file is known, so helpers defined after their caller
still count.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import libcst as cst

from gnnlint.analysis import ops
from gnnlint.cst_walk import descendants
from gnnlint.analysis.scopes import TENSORFLOW_ROOTS, Facts, argument, dotted_name, names_in, number
from gnnlint.analysis.scopes import is_receiver, spelling
from gnnlint.rule import Rule
from gnnlint.analysis.project_models import (ProjectClass, ProjectFunction, ProjectImports, project_definition,
                                              project_function,
                                              project_imports, project_options)
from gnnlint.analysis.graph import GraphFacts, Scope
from gnnlint.analysis.numerics import does
from gnnlint.analysis.strings import arm_taken
from gnnlint.analysis.tables import table_entries
from gnnlint.analysis.options import (add_argument_calls, agreed, config_texts, holds_parsed_namespace, option_default,
                                      option_dest, string_defaults)
from gnnlint.analysis.params import PARAMETER, product_uses, shaped_like_data
from gnnlint.analysis.passed import Built, assigned_names, built_by, passed_arguments, site_of
from gnnlint.analysis.project import for_file as project_record

if TYPE_CHECKING:
    from gnnlint.engine import FileContext

LIGHTNING_TRAINERS = {"pytorch_lightning.Trainer", "pytorch_lightning.trainer.Trainer",
                      "pytorch_lightning.trainer.trainer.Trainer", "lightning.Trainer",
                      "lightning.pytorch.Trainer", "lightning.pytorch.trainer.Trainer",
                      "lightning.pytorch.trainer.trainer.Trainer", "lightning.fabric.Fabric"}
GRAD_SCALERS = {"torch.cuda.amp.GradScaler", "torch.amp.GradScaler", "torch.GradScaler",
                "torch.cpu.amp.GradScaler", "torch.amp.grad_scaler.GradScaler"}
AUTOCASTS = {"torch.autocast", "torch.amp.autocast", "torch.cuda.amp.autocast", "torch.cpu.amp.autocast",
             "torch.amp.autocast_mode.autocast"}
TORCH_CLIPS = {"clip_grad_norm_", "clip_grad_value_", "clip_grad_norm", "clip_grads_with_norm_",
               "clip_gradients"}
TF_CLIPS = {"clip_by_global_norm", "clip_by_norm", "clip_by_value", "clip_by_average_norm"}
TORCH_MODULES = {"torch.nn.Module", "torch.nn.modules.module.Module"}
OPTIMIZER_CLIP_KEYWORDS = ("clipnorm", "clipvalue", "global_clipnorm")

MODULE = "<module>"

FP16_DTYPES = {"torch.float16", "torch.half", "tensorflow.float16", "tensorflow.dtypes.float16", "numpy.float16",
               "jax.numpy.float16"}
POLICY_SETTERS = ("mixed_precision.set_global_policy", "mixed_precision.set_policy", "mixed_precision.Policy",
                  "mixed_precision.experimental.set_policy", "mixed_precision.experimental.Policy",
                  "mixed_precision.set_dtype_policy", "config.set_dtype_policy", "keras.DTypePolicy",
                  "mixed_precision.DTypePolicy")
# More message-passing layers than this make a deep stack (RULES.md, GNN401's severity).
DEEP_STACK = 8
MODEL_ROOTS = TENSORFLOW_ROOTS | {"torch", "torch_geometric", "dgl", "spektral", "torch_geometric_temporal", "dgllife"}
# Framework layers that carry a hidden state from one step to the next: the recurrent layers and
# cells of torch.nn and Keras, TF1's cells and the functions that unroll a cell over a sequence, and
# (RECURRENT_PACKAGES) every layer of torch_geometric_temporal's recurrent packages, each a graph
# convolution inside a GRU or LSTM cell.
RECURRENT = {"GRU", "LSTM", "RNN", "GRUCell", "LSTMCell", "RNNCell", "SimpleRNN", "SimpleRNNCell", "ConvLSTM1D",
             "ConvLSTM2D", "ConvLSTM3D", "StackedRNNCells", "BasicRNNCell", "BasicLSTMCell", "MultiRNNCell",
             "LSTMBlockCell", "GRUBlockCell", "static_rnn", "dynamic_rnn", "bidirectional_dynamic_rnn",
             "static_bidirectional_rnn", "raw_rnn", "GatedGraphConv", "GConvGRU", "GConvLSTM", "GCLSTM", "TGCN",
             "DCRNN"}
RECURRENT_PACKAGES = ("torch_geometric_temporal.nn.recurrent.", "torch_geometric_temporal.nn.hetero.")
# Ready-made models of each library that update node or graph states with a recurrent cell, step
# after step: PyG's AttentiveFP (GRUCell per layer and readout step; not TGN's memory, whose GRUCell
# runs once per batch on a detached state); DGL-LifeSci's
# AttentiveFP, MPNN (NNConv then nn.GRU), DGMG (GRUCell propagation), JTNN-VAE (a tree GRU written
# out) and PotentialNet (GatedGraphConv).
RECURRENT_MODELS: dict[str, set[str]] = {
    "torch_geometric": {"AttentiveFP"},
    "dgllife": {"AttentiveFPGNN", "AttentiveFPReadout", "AttentiveFPPredictor", "MPNNGNN", "MPNNPredictor", "DGMG",
                "JTNNVAE", "PotentialNet"},
}


def is_recurrent_layer(name: str) -> bool:
    """A framework's recurrent layer, cell, unrolling function or ready-made recurrent model, by its
    qualified name."""
    root, last = name.split(".")[0], name.rsplit(".", 1)[-1]
    return root in MODEL_ROOTS and (last in RECURRENT or name.startswith(RECURRENT_PACKAGES)
                                    or last in RECURRENT_MODELS.get(root, set()))
# Layers (and ready-made models) of each library that add up their neighbours' messages with no
# normalisation unless told otherwise: the keyword (and position, if any) that chooses another
# aggregation. A table of the frameworks' defaults, not of spellings: `GraphConv` in PyG sums, in
# DGL it normalises by degree.
SUM_LAYERS: dict[str, dict[str, tuple[str, int | None]]] = {
    "torch_geometric": {"GINConv": ("aggr", None), "GINEConv": ("aggr", None), "GraphConv": ("aggr", None),
                        "GIN": ("aggr", None), "NNConv": ("aggr", 3), "CGConv": ("aggr", 2),
                        "LEConv": ("aggr", None), "GatedGraphConv": ("aggr", 2), "ResGatedGraphConv": ("aggr", None),
                        "MFConv": ("aggr", None)},
    "dgl": {"GINConv": ("aggregator_type", 1), "GINEConv": ("", None)},
    "spektral": {"GINConv": ("aggregate", None), "GINConvBatch": ("aggregate", None), "ECCConv": ("", None),
                 "GeneralConv": ("aggregate", 3), "GeneralGNN": ("aggregate", 9), "CrystalConv": ("aggregate", None),
                 "EdgeConv": ("aggregate", None)},
    # DGL-LifeSci's models whose layers add up neighbour messages with `fn.sum` (GIN, MGCN, Weave,
    # WLN) or CFConv (SchNet), or radial features (ACNN), with no normalisation and no other choice.
    "dgllife": {name: ("", None) for name in ("GIN", "GINPredictor", "MGCNGNN", "MGCNPredictor", "SchNetGNN",
                                              "SchNetPredictor", "WeaveGNN", "WeavePredictor", "WLN",
                                              "WLNReactionCenter", "WLNReactionRanking", "ACNN")},
}
# Ready-made models whose layer type a string argument picks, summing only for some choices: the
# keyword, its position, the default and the choices that sum. DGL-LifeSci's OGB GNN: its "gin"
# layers add up messages with fn.sum; "gcn" (the default) normalises them by degree.
SUM_CHOICES: dict[str, dict[str, tuple[str, int, str, frozenset[str]]]] = {
    "dgllife": {"GNNOGB": ("gnn_type", 7, "gcn", frozenset({"gin"})),
                "GNNOGBPredictor": ("gnn_type", 8, "gcn", frozenset({"gin"}))},
}
# A sum readout grows with the graph's size; that is a risk only into a loss whose gradient grows with
# the output (a squared error), not a softmax or sigmoid cross-entropy, whose gradient is bounded.
SUM_POOLING = {"global_add_pool", "GlobalSumPool", "SumPooling", "GlobalAddPool"}
SQUARED_ERRORS = {"mse_loss", "MSELoss", "MeanSquaredError", "mean_squared_error", "mse"}
# Calls whose `aggr=`/`aggregate=` combines the outputs of per-relation layers (heterogeneous graphs).
RELATION_COMBINERS = {"to_hetero", "to_hetero_with_bases", "HeteroConv", "HeteroGraphConv"}
# Library functions and graph methods that count degrees (a hand-written GCN normalises by them).
_DEGREE_FUNCTIONS = {"degree", "gcn_norm", "in_degrees", "out_degrees", "rsqrt"}
# Softmax over each node's incoming edges: the sum of the weighted messages is a weighted mean.
_NEIGHBOUR_SOFTMAX = {"torch_geometric.utils.softmax", "torch_geometric.utils.softmax.softmax",
                      "dgl.nn.functional.edge_softmax", "dgl.ops.edge_softmax", "dgl.nn.pytorch.softmax.edge_softmax",
                      "dgl.nn.edge_softmax"}


def module_functions(module: cst.Module) -> dict[str, cst.FunctionDef]:
    """A module's top-level functions, by name."""
    return {s.name.value: s for s in module.body if isinstance(s, cst.FunctionDef)}


def degree_normalised(owner: cst.CSTNode, facts: Facts, functions: dict[str, cst.FunctionDef] | None = None,
                      depth: int = 2) -> bool:
    """Whether a hand-written layer normalises the messages it sums: by degree (it counts degrees,
    ``torch_geometric.utils.degree``, ``g.in_degrees()``, ``gcn_norm``, or takes a negative power,
    ``deg.pow(-0.5)``, ``deg ** -1``, ``torch.rsqrt``) or by a softmax over each node's neighbours
    (PyG ``utils.softmax(..., index)``, DGL ``edge_softmax``), whatever its variables are called.
    ``functions``: the module's own functions, whose bodies count as the layer's when it calls them
    (a normalisation helper written beside the layer)."""
    for node in descendants(owner):
        if isinstance(node, cst.Call):
            if functions and depth > 0 and isinstance(node.func, cst.Name) and node.func.value in functions \
                    and degree_normalised(functions[node.func.value], facts, functions, depth - 1):
                return True
            name = facts.call_name(node)
            if name is not None and (name.rsplit(".", 1)[-1] in _DEGREE_FUNCTIONS or name in _NEIGHBOUR_SOFTMAX):
                return True
            if isinstance(node.func, cst.Attribute) and name is None:
                method = node.func.attr.value
                if method in ("in_degrees", "out_degrees"):
                    return True
                if method in ("pow", "pow_") and node.args and (number(node.args[0].value) or 0) < 0:
                    return True
        elif isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Power) \
                and (number(node.right) or 0) < 0:
            return True
    return False


# The keywords that choose how a layer (or a MessagePassing base) combines its neighbours' messages.
AGGREGATION_KEYWORDS = ("aggr", "aggregate", "aggregator_type")


def sums_messages(node: cst.Call) -> str | None:
    """The keyword with which this call chooses to add up the neighbours' messages: ``aggr="add"``
    (a layer, or ``super().__init__(aggr="add")``), or the default a MessagePassing subclass sets
    in the keywords it hands its base, ``kwargs.setdefault("aggr", "add")``."""
    for key in AGGREGATION_KEYWORDS:
        if _is_sum(keyword(node, key)):
            return key
    if isinstance(node.func, cst.Attribute) and node.func.attr.value == "setdefault" and len(node.args) == 2:
        key_arg, value_arg = node.args[0].value, node.args[1].value
        if isinstance(key_arg, cst.SimpleString) and key_arg.evaluated_value in AGGREGATION_KEYWORDS \
                and _is_sum(value_arg):
            return str(key_arg.evaluated_value)
    return None


def is_torch_optimizer(name: str | None) -> bool:
    return bool(name and name.startswith("torch.optim.") and "lr_scheduler" not in name
                and "swa_utils" not in name and name.rsplit(".", 1)[-1][:1].isupper())


def is_keras_optimizer(name: str | None) -> bool:
    if not name or name.split(".")[0] not in TENSORFLOW_ROOTS or ".optimizers." not in f"{name}.":
        return False
    last = name.rsplit(".", 1)[-1]
    return last[:1].isupper() and "schedules" not in name and last not in ("LossScaleOptimizer", "Optimizer")


def is_tf1_optimizer(name: str | None) -> bool:
    """TensorFlow 1's ``tf.train.AdamOptimizer`` family (``tf.compat.v1.train``, ``tf.contrib.opt``)."""
    if not name or name.split(".")[0] not in TENSORFLOW_ROOTS:
        return False
    last = name.rsplit(".", 1)[-1]
    return (".train." in name or ".contrib.opt." in name) and last.endswith("Optimizer") and last != "Optimizer"


def is_optimizer(name: str | None) -> bool:
    return is_torch_optimizer(name) or is_keras_optimizer(name)


def optimizer_kind(name: str) -> str:
    """``adam``, ``sgd``… for a qualified optimizer class name."""
    return name.rsplit(".", 1)[-1].lower()


def keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def has_star_kwargs(call: cst.Call) -> bool:
    return any(arg.star == "**" for arg in call.args)


def is_disabled(value: cst.BaseExpression | None) -> bool:
    """A keyword value that switches a feature off: ``None``, ``0``, ``False``."""
    if value is None:
        return True
    if isinstance(value, cst.Name) and value.value in ("None", "False"):
        return True
    return number(value) == 0


def clip_keywords(call: cst.Call) -> list[str]:
    """The clipping keywords a Keras optimizer constructor sets (``clipnorm=1.0`` …)."""
    return [k for k in OPTIMIZER_CLIP_KEYWORDS if not is_disabled(keyword(call, k)) and keyword(call, k) is not None]


# What a recorded call is: a Literal, so that a misspelt kind in ``_add``, ``Unit.of`` or
# ``TrainingScan.events`` (or compared with ``Event.kind``) is a type error.
EventKind = Literal["apply", "autocast", "backward", "clip", "compile", "fit", "fp16", "gradient", "helper",
                    "minimize", "optimizer", "policy", "recurrent", "scaler", "squared_error", "step", "sum", "sum_readout",
                    "trainer", "zero_grad"]
StepKind = Literal["torch", "tape", "compile", "lightning", "minimize"]


@dataclasses.dataclass
class Event:
    """A call that matters, with what it resolved to where it was made."""

    order: int
    kind: EventKind
    node: cst.Call
    unit: str
    # step / apply / compile: the optimizer expression and the constructor (or string) it resolved to.
    optimizer: cst.BaseExpression | None = None
    constructor: cst.BaseExpression | None = None
    # clip: "global", "tensor" or "value"; helper: the callee's unit key.
    detail: str = ""
    # step: the optimizer's constructor when a caller of the step's function built it and passed it in.
    passed: Built | None = None
    # sum: the MessagePassing subclass that hands its base no aggr (PyG's default, aggr="add").
    defaulted: str | None = None
    # step: the unit of the closure it is handed (``optimizer.step(closure)``), which runs backward().
    closure: str | None = None


@dataclasses.dataclass
class Unit:
    """A function (``train``, ``Model.train_step``) or the module's top level."""

    key: str
    name: str
    class_name: str | None
    node: cst.CSTNode
    events: list[Event] = dataclasses.field(default_factory=list)

    def of(self, *kinds: EventKind) -> list[Event]:
        return [e for e in self.events if e.kind in kinds]


@dataclasses.dataclass
class Step:
    """One training step: ``anchor`` is the call reported (optimizer step, ``compile``, ``Trainer``)."""

    kind: StepKind
    anchor: Event
    unit: Unit
    # The gradient source it follows: backward() or tape.gradient().
    source: Event | None = None
    # Clipping calls made in the step (directly or through helpers of the file).
    clips: list[Event] = dataclasses.field(default_factory=list)
    # Optimizer-level clipping: the constructor call and its keywords, or Trainer(gradient_clip_val=…).
    optimizer_clip: tuple[cst.Call, list[str]] | None = None
    # The optimizer cannot be seen from here (a parameter, ``self.optimizer`` of a Keras train_step).
    optimizer_unknown: bool = False

    @property
    def updates_tensors_only(self) -> bool:
        """It fits a list of plain tensors (masks, inputs), not a network's parameters."""
        return self.anchor.detail == "tensors"


class TrainingScan:
    """Gathers the events of one file during the walk; the rules read it in ``finish()``."""

    def __init__(self, facts: Facts, module: cst.Module, line: Callable[[cst.CSTNode], int | None],
                 path: str = "") -> None:
        self.facts = facts
        self.module = module
        self.path = path
        self._project: ProjectImports | None = None
        self.line = line  # the engine's cached positions
        self.units: dict[str, Unit] = {MODULE: Unit(MODULE, MODULE, None, module)}
        self.stack: list[Unit] = [self.units[MODULE]]
        self.scopes: list[cst.ClassDef | cst.FunctionDef] = []
        self.tapes: set[str] = set()
        self.order = 0
        self.optimizers: list[Event] = []  # every optimizer constructor call
        self.hook_methods: set[str] = set()
        self.class_bases: dict[str, list[str]] = {}
        self.manual_optimization = False
        self.last_seen: tuple[int, str] | None = None
        self.name_calls: list[cst.Call] = []  # calls of a plain name (models made from a class of the file)
        # id of a name call -> the name its callee was assigned from (`Net = GCNIIdense_model`; `Net(...)`)
        self.called_as: dict[int, str] = {}
        self.option_calls: list[cst.Call] = []  # parser.add_argument(...): command-line defaults
        self.default_calls: list[cst.Call] = []  # parser.set_defaults(...)
        # calls of a dotted name that is not a library's (`models.TGCN(...)` after `import models`)
        self.module_calls: list[cst.Call] = []
        # (class, `self.conv1`) of each call result stored on an attribute, and of each layer whose
        # `.aggr` is assigned after it is built.
        self.stored_as: dict[int, tuple[str | None, str]] = {}
        self.reaggregated: set[tuple[str | None, str]] = set()
        # The module's graph record, when a rule that follows values through callers is enabled.
        self.graph: GraphFacts | None = None

    # -- walk ----------------------------------------------------------------------------------

    def enter_class(self, node: cst.ClassDef) -> None:
        self.scopes.append(node)
        self.class_bases[node.name.value] = [self.facts.qualified_name(b.value) or dotted_name(b.value) or ""
                                             if isinstance(b.value, (cst.Name, cst.Attribute)) else ""
                                             for b in node.bases]

    def _class_name(self) -> str | None:
        owner = next((s for s in reversed(self.scopes) if isinstance(s, cst.ClassDef)), None)
        return owner.name.value if owner is not None else None

    def sums(self) -> list[Event]:
        """The sum-aggregation events whose layer keeps the aggregation it was built with (not one
        whose `.aggr` the code sets later, like a model that switches between `add` and `mean`)."""
        return [e for e in self.events("sum") if self.stored_as.get(id(e.node)) not in self.reaggregated]

    def model_risks(self) -> list[tuple[EventKind, cst.Call, cst.CSTNode, ProjectClass]]:
        """For each model class of the project that this file builds (``RecurrentBaseline(...)`` after
        ``from modules import *``): the first recurrent layer or sum aggregation it builds, directly
        or through the other classes of its module, as (kind, the call here, the layer there, class)."""
        found: list[tuple[EventKind, cst.Call, cst.CSTNode, ProjectClass]] = []
        own = {s.name.value: s for s in self.module.body if isinstance(s, cst.ClassDef)}
        for call in self.name_calls:
            assert isinstance(call.func, cst.Name)  # name_calls are calls of a plain name
            callee = self.called_as.get(id(call), call.func.value)
            if callee in own:
                # The file's own classes: their library layers are events already; a cell written by
                # hand, or a layer imported from another module of the project, is not.
                here = ProjectClass(own[callee], self.module, self.facts, own, {}, self.path)
                risk = _class_risk(here, set(), library=False, project=self.project,
                                   ruled_out=ruled_out_arms(here.node, call, self.graph))
                if risk is not None:
                    found.append((risk[0], call, risk[1], risk[2]))
                continue
            built = self.project.classes.get(callee)
            if built is None and callee == call.func.value:
                # `model = get_model(args)`: a factory of the project that may return a class
                # carrying the risk (in an arm the call's strings do not rule out).
                risk = _factory_risk(call, self.module, self.facts, own, self.path, self.graph)
                if risk is not None:
                    found.append((risk[0], call, risk[1], risk[2]))
                continue
            if built is None or (callee == call.func.value and self.facts.bindings(callee)
                                 and callee not in self.facts.aliases):
                continue
            risk = _class_risk(built, set(), ruled_out=ruled_out_arms(built.node, call, self.graph))
            if risk is not None:
                found.append((risk[0], call, risk[1], risk[2]))
        for call in self.module_calls:
            # `models.TGCN(...)`: a class of a project module imported whole.
            for built in classes_called(call.func, self.module, self.facts, own, self.path, depth=1):
                risk = _class_risk(built, set())
                if risk is not None:
                    found.append((risk[0], call, risk[1], risk[2]))
                    break
        return found

    def defines_optimizer(self, unit: Unit) -> bool:
        """The unit is a method of an optimizer class: optimizer code, not training code. A torch
        module that holds an optimizer and steps it (a training wrapper) is training code."""
        if unit.class_name is None:
            return False
        if self._torch_module(unit.class_name, 4):
            return False
        names = [unit.class_name, *self.class_bases.get(unit.class_name, [])]
        return any("Optimizer" in n.rsplit(".", 1)[-1] for n in names)

    def _torch_module(self, class_name: str, depth: int) -> bool:
        """The file's class derives from ``torch.nn.Module``, directly or through the file's classes."""
        bases = self.class_bases.get(class_name, [])
        return any(base in TORCH_MODULES or (depth > 0 and self._torch_module(base, depth - 1)) for base in bases)

    def enter_function(self, node: cst.FunctionDef) -> None:
        # A method is a def whose innermost enclosing scope is a class, not another def.
        owner = self.scopes[-1].name.value if self.scopes and isinstance(self.scopes[-1], cst.ClassDef) else None
        key = f"{owner}.{node.name.value}" if owner else node.name.value
        if key in self.units:  # a redefinition keeps its own unit
            key = f"{key}#{len(self.units)}"
        unit = Unit(key, node.name.value, owner, node)
        self.units[key] = unit
        self.stack.append(unit)
        self.scopes.append(node)
        if owner is not None and node.name.value == "configure_gradient_clipping":
            self.hook_methods.add(key)

    def leave_scope(self, node: cst.CSTNode) -> None:
        if self.scopes and self.scopes[-1] is node:
            self.scopes.pop()
        if isinstance(node, cst.FunctionDef) and len(self.stack) > 1:
            self.stack.pop()

    def _add(self, kind: EventKind, node: cst.Call, **fields: Any) -> Event:
        self.order += 1
        unit = self.stack[-1]
        event = Event(self.order, kind, node, unit.key, **fields)
        unit.events.append(event)
        return event

    def with_item(self, item: cst.WithItem) -> None:
        if isinstance(item.item, cst.Call) and (self.facts.call_name(item.item) or "").endswith("GradientTape") \
                and item.asname is not None:
            name = dotted_name(item.asname.name)
            if name:
                self.tapes.add(name)

    def assign(self, node: cst.Assign) -> None:
        # class Model(LightningModule): automatic_optimization = False / self.automatic_optimization = False
        name: str | None
        for target in node.targets:
            name = dotted_name(target.target) or ""
            if name.split(".")[-1] == "automatic_optimization" and isinstance(node.value, cst.Name) \
                    and node.value.value == "False":
                self.manual_optimization = True
        owner = self._class_name()
        for target in node.targets:
            name = dotted_name(target.target) or ""
            if name.endswith(".aggr"):
                # `self.conv1.aggr = mode`: the layer's aggregation is chosen at run time, not where it is built.
                self.reaggregated.add((owner, name.removesuffix(".aggr")))
        if isinstance(node.value, cst.Call) and len(node.targets) == 1:
            stored = dotted_name(node.targets[0].target)
            if stored is not None:
                self.stored_as[id(node.value)] = (owner, stored)
        if isinstance(node.value, cst.Call) and (self.facts.call_name(node.value) or "").endswith("GradientTape"):
            for target in node.targets:
                name = dotted_name(target.target)
                if name:
                    self.tapes.add(name)

    @property
    def project(self) -> ProjectImports:
        """What the file imports from modules of its own project (found beside it on disk)."""
        if self._project is None:
            self._project = project_imports(self.path, self.module)
        return self._project

    def call(self, node: cst.Call) -> None:
        name = self.facts.call_name(node)
        if name is None and isinstance(node.func, (cst.Attribute, cst.Name)):
            name = self.facts.qualified_name(node.func)  # `nn.LSTM` after `from modules import *` too
        func = node.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        receiver = func.value if isinstance(func, cst.Attribute) else None
        if is_optimizer(name):
            self.optimizers.append(self._add("optimizer", node, constructor=node))
        if name in LIGHTNING_TRAINERS:
            self._add("trainer", node)
        elif name is not None and name.endswith(".from_argparse_args") \
                and name.removesuffix(".from_argparse_args") in LIGHTNING_TRAINERS:
            # `Trainer.from_argparse_args(args)`: its options are the parsed command line's.
            self._add("trainer", node, detail="from_argparse_args")
        if name in GRAD_SCALERS:
            self._add("scaler", node)
        if name in AUTOCASTS:
            self._add("autocast", node)
        if name is not None and name.endswith(("LossScaleOptimizer", "GradScaler")):
            self._add("scaler", node)
        self._precision(node, name)
        self._architecture(node, name)
        if name in ("torch.autograd.backward",):
            self._add("backward", node)
        if name:
            last = name.rsplit(".", 1)[-1]
        else:
            last = method or (func.value if isinstance(func, cst.Name) else "")
        if name is not None and name.split(".")[0] in TENSORFLOW_ROOTS and last in TF_CLIPS:
            kind = {"clip_by_global_norm": "global", "clip_by_value": "value"}.get(last, "tensor")
            self._add("clip", node, detail=kind)
        elif last in TORCH_CLIPS and (name is None or name.startswith("torch.") or "." not in name):
            self._add("clip", node, detail=_torch_clip_detail(last))
        if name is not None and name.split(".")[0] in TENSORFLOW_ROOTS and last == "gradients":
            self._add("gradient", node)
        if method is None:
            if isinstance(func, cst.Name):
                self._add("helper", node, detail=func.value)
                self.name_calls.append(node)  # Net(num_layers=64): the models a step may train
                assigned = [v.value for v in self.facts.resolve(func) if isinstance(v, cst.Name) and v is not func]
                if assigned:
                    self.called_as[id(node)] = assigned[-1]  # the class a local alias stands for
            return
        assert receiver is not None  # a method call: func is an Attribute
        if method == "add_argument":
            self.option_calls.append(node)
        if method == "set_defaults":
            self.default_calls.append(node)
        if method in ("scale_loss", "get_scaled_loss"):
            self._add("scaler", node)
        if method in ("clamp_", "clamp", "clip_", "clip") and ".grad" in f".{dotted_name(receiver) or ''}.":
            self._add("clip", node, detail="value")
        if method == "register_hook" and any(w in self.source(node) for w in ("clamp", "clip")):
            self._add("clip", node, detail="value")
        if name is not None:
            if name.split(".")[0] not in MODEL_ROOTS:
                self.module_calls.append(node)  # `models.TGCN(...)`: perhaps a class of the project
            return  # a library function, not a method on a local object
        if method in ("backward", "manual_backward"):
            self._add("backward", node)
        elif method == "zero_grad":
            self._add("zero_grad", node, optimizer=receiver)
        elif method == "step":
            self._step(node, receiver)
        elif method == "gradient" and dotted_name(receiver) in self.tapes:
            self._add("gradient", node)
        elif method == "compute_gradients" and is_tf1_optimizer(self._ctor_name(self._optimizer(receiver)[1])):
            self._add("gradient", node)  # TF1: the gradients `apply_gradients` takes next
        elif method in ("apply_gradients", "apply"):
            optimizer, constructor = self._optimizer(receiver)
            if method == "apply" and not is_keras_optimizer(self._ctor_name(constructor)):
                return
            pairs = argument(node, 0, "grads_and_vars")
            variables = pairs.args[1].value if isinstance(pairs, cst.Call) and isinstance(pairs.func, cst.Name) \
                and pairs.func.value == "zip" and len(pairs.args) == 2 else argument(node, 1, "trainable_variables")
            self._add("apply", node, optimizer=receiver, constructor=constructor,
                      detail="tensors" if variables is not None and self._explicit_tensors(variables) else "")
        elif method == "minimize":
            # `tf.train.AdamOptimizer(lr).minimize(loss)`: gradients computed and applied in one call,
            # with no place for clipping (a Keras optimizer's minimize clips as its constructor says).
            _, constructor = self._optimizer(receiver)
            if is_tf1_optimizer(self._ctor_name(constructor)) or is_keras_optimizer(self._ctor_name(constructor)):
                self._add("minimize", node, optimizer=receiver, constructor=constructor)
        elif method == "compile":
            loss = argument(node, 1, "loss")
            if isinstance(loss, cst.SimpleString) and loss.evaluated_value in SQUARED_ERRORS:
                self._add("squared_error", node, detail=str(loss.evaluated_value))
            value = argument(node, 0, "optimizer")
            if value is not None:
                _, constructor = self._optimizer(value)
                self._add("compile", node, optimizer=value, constructor=constructor)
        elif method == "fit":
            # What is fitted: a Lightning Trainer only trains where its fit() is called.
            self._add("fit", node, constructor=self._optimizer(receiver)[1])
        elif dotted_name(receiver) == "self":
            self._add("helper", node, detail=f"self.{method}")

    def _precision(self, node: cst.Call, name: str | None) -> None:
        """float16 evidence: dtype arguments, mixed-precision policies, ``.half()``, Lightning ``precision=16``."""
        for arg in node.args:
            value, word = arg.value, arg.keyword.value if arg.keyword is not None else None
            spelled = self.facts.qualified_name(value) if isinstance(value, (cst.Name, cst.Attribute)) else None
            text: str | bytes | cst.BaseExpression | None  # a SimpleString's value here, the argument below
            text = value.evaluated_value if isinstance(value, cst.SimpleString) else None
            if name is not None and name.split(".")[0] == "numpy":
                continue  # a float16 array is storage (a feature cache); training precision is set elsewhere
            if spelled in FP16_DTYPES or text == "mixed_float16" or (word == "dtype" and text == "float16") or (
                    word == "precision" and (number(value) == 16 or text in ("16", "16-mixed", "16-true"))):
                self._add("fp16", node, detail=spelled or str(text))
        if name is not None and name.endswith(POLICY_SETTERS):
            text = argument(node, 0, "name") or argument(node, 0, "policy")
            if isinstance(text, cst.SimpleString) and text.evaluated_value in ("mixed_float16", "float16"):
                self._add("policy", node, detail=str(text.evaluated_value))
        if isinstance(node.func, cst.Attribute) and node.func.attr.value == "half" and not node.args:
            self._add("fp16", node, detail=".half()")
        if name in AUTOCASTS and autocast_dtype(self.facts, node) == "float16":
            self._add("fp16", node, detail="autocast")

    def _architecture(self, node: cst.Call, name: str | None) -> None:
        """Recurrent layers and sum aggregation: models whose gradients are known to spike."""
        if name is not None and name.split(".")[0] in MODEL_ROOTS:
            last = name.rsplit(".", 1)[-1]
            if is_recurrent_layer(name):
                self._add("recurrent", node, detail=last)
            elif self._sums_by_default(node, name, self.graph):
                self._add("sum", node, detail=last)
            elif last in SUM_POOLING:
                self._add("sum_readout", node, detail=last)
            elif last in SQUARED_ERRORS:
                self._add("squared_error", node, detail=last)
        if name is not None and name.rsplit(".", 1)[-1] in RELATION_COMBINERS:
            return  # its `aggr` sums the outputs of a few relation types, not the messages of neighbours
        key, defaulted = sums_messages(node), None
        if key is None:
            defaulted = self._default_aggregation(node)
            key = "aggr" if defaulted is not None else None  # PyG's default: `MessagePassing.__init__(aggr="add")`
        if key is not None:
            owner = next((s for s in reversed(self.scopes) if isinstance(s, cst.ClassDef)), None)
            # A hand-written GCN sums messages it has already normalised by degree.
            if owner is None or not degree_normalised(owner, self.facts, module_functions(self.module)):
                self._add("sum", node, detail=key, defaulted=defaulted)

    def _default_aggregation(self, node: cst.Call) -> str | None:
        """The class, when ``node`` is ``super().__init__()`` in a subclass of PyG's MessagePassing
        that hands its base no aggregation (no ``aggr``, no positional argument, no ``**kwargs``)
        and sets none itself: the base's default, ``"add"``, sums the messages of the ``message``
        hook the class defines (unless it replaces ``aggregate``/``message_and_aggregate``, or
        stores an ``aggr`` of its own on the instance, PyG 1.x's ``self.aggr = "mean"``)."""
        func = node.func
        if not (isinstance(func, cst.Attribute) and func.attr.value == "__init__"
                and isinstance(func.value, cst.Call) and isinstance(func.value.func, cst.Name)
                and func.value.func.value == "super" and not self.facts.bindings("super")):
            return None
        if any(arg.keyword is None or arg.star or arg.keyword.value in AGGREGATION_KEYWORDS for arg in node.args):
            return None  # (an aggregation it names: sums_messages() judges it)
        owner = next((s for s in reversed(self.scopes) if isinstance(s, cst.ClassDef)), None)
        if owner is None or not _passes_messages(owner) or not any(
                base.rsplit(".", 1)[-1] == "MessagePassing" and base.startswith("torch_geometric.")
                for base in self.class_bases.get(owner.name.value, [])):
            return None
        assert isinstance(owner.body, cst.IndentedBlock)  # (_passes_messages)
        if any(isinstance(s, cst.FunctionDef) and s.name.value in ("aggregate", "message_and_aggregate")
               for s in owner.body.body):
            return None
        return owner.name.value if all(_is_sum(value) for value in _instance_stores(owner, "aggr")) else None

    @staticmethod
    def _sums_by_default(node: cst.Call, name: str, graph: GraphFacts | None = None) -> bool:
        """A layer that sums over neighbours by default, built without choosing another aggregation,
        or a model whose layer type the string it is built with picks as a summing one (a literal,
        a parsed option's default, or a name the branches over such strings assign; ``graph``)."""
        root, last = name.split(".")[0], name.rsplit(".", 1)[-1]
        choice = SUM_CHOICES.get(root, {}).get(last)
        if choice is not None:
            keyword, place, default, summing = choice
            picked = argument(node, place, keyword)
            if picked is None:
                return default in summing
            # Any value a configuration file merged into the options may pick may be the one trained.
            return any(text in summing for text in [text_at(picked, node, graph), *config_texts(picked, node, graph)])
        chooser = SUM_LAYERS.get(root, {}).get(last)
        if chooser is None:
            return False
        word, position = chooser
        if not word:
            return True  # it has no other aggregation
        chosen = argument(node, position, word)
        return chosen is None or _is_sum(chosen)

    def _step(self, node: cst.Call, receiver: cst.BaseExpression) -> None:
        optimizer, constructor = self._optimizer(receiver)
        ctor_name = self._ctor_name(constructor)
        inner = argument(node, 0, "optimizer")
        closure = self._closure(inner)
        if closure is not None:
            # `optimizer.step(closure)`: the function it is handed computes the gradients.
            if ctor_name is None and not _from_optimizers_call(constructor):
                self._add("step", node, optimizer=receiver, constructor=constructor, detail="unresolved",
                          closure=closure)
            elif is_torch_optimizer(ctor_name) and not _searches_lines(ctor_name):
                self._add("step", node, optimizer=receiver, constructor=constructor, closure=closure)
            return
        if ctor_name in GRAD_SCALERS or (ctor_name is None and inner is not None
                                         and is_torch_optimizer(self._ctor_name(self._optimizer(inner)[1]))):
            # scaler.step(optimizer): a loss scaler stepping the optimizer it is handed.
            if inner is None:
                return
            _, constructor = self._optimizer(inner)
            self._add("step", node, optimizer=inner, constructor=constructor)
            return
        if ctor_name is not None and not is_torch_optimizer(ctor_name) and self._project_function(ctor_name):
            # `optimizer = make_optimizer(model)` with the factory imported from the project: what
            # it returns is followed like an optimizer handed in (see _passed_optimizer).
            if inner is None:
                self._add("step", node, optimizer=receiver, constructor=None, detail="unresolved")
            return
        if ctor_name is not None and not is_torch_optimizer(ctor_name):
            if not (isinstance(constructor, cst.Call) and isinstance(constructor.func, cst.Attribute)
                    and constructor.func.attr.value == "optimizers"):
                return  # a scheduler, an environment, a sampler…
        elif ctor_name is None and not _from_optimizers_call(constructor):
            # An object the file cannot resolve (a parameter): an optimizer by its use, if the same
            # function also zeroes its gradients (`opt.zero_grad()`), which schedulers cannot.
            if inner is None:
                self._add("step", node, optimizer=receiver, constructor=constructor, detail="unresolved")
            return
        params = argument(constructor, 0, "params") if ctor_name is not None else None  # type: ignore[arg-type]
        self._add("step", node, optimizer=receiver, constructor=constructor,
                  detail="tensors" if params is not None and self._explicit_tensors(params) else "")

    def _closure(self, expr: cst.BaseExpression | None) -> str | None:
        """The unit of the function ``expr`` names, if it is one of the file's defined before this
        point (a closure handed to ``optimizer.step``, defined just above it)."""
        if not isinstance(expr, cst.Name) or self.facts.bindings(expr.value):  # a value, not a def
            return None
        return next((unit.key for unit in reversed(self.units.values())
                     if unit.name == expr.value and isinstance(unit.node, cst.FunctionDef)), None)

    def _project_function(self, qualified: str) -> bool:
        """``qualified`` names a top-level function of the file's own project (not a library's)."""
        if not self.path or qualified.split(".")[0] in MODEL_ROOTS:
            return False
        return isinstance(project_definition(self.path, qualified), ProjectFunction)

    def _explicit_tensors(self, expr: cst.BaseExpression) -> bool:
        """The optimizer updates a list of tensors that scale or shift data rather than transform it
        (explanation masks, an adversarial perturbation, a Lagrange multiplier): not a model's
        training step. Told by use in the step's function, not by name: none of them is an operand
        of a matrix product, as a layer's weights are, and one multiplies a value elementwise
        (``x * mask.sigmoid()``) or is made in the shape of another tensor (``zeros_like(x)``)."""
        for value in self.facts.resolve(expr):
            if isinstance(value, (cst.List, cst.Tuple)) and value.elements:
                spelled = {dotted_name(e.value) for e in value.elements}
                if None in spelled:
                    return False
                uses = product_uses(self.facts, self.stack[-1].node, spelled)  # type: ignore[arg-type]
                return "matrix" not in uses and ("elementwise" in uses or any(
                    shaped_like_data(self.facts, e.value) for e in value.elements))
        return False

    def _optimizer(self, expr: cst.BaseExpression) -> tuple[cst.BaseExpression, cst.BaseExpression | None]:
        """The constructor call (or Keras string) ``expr`` was bound to, if the facts can tell."""
        for value in self.facts.resolve(expr):
            if isinstance(value, (cst.Call, cst.SimpleString)):
                return expr, value
            if isinstance(value, cst.Subscript) and isinstance(value.value, cst.Call):
                return expr, value.value  # opt = self.optimizers()[0]
        return expr, None

    def _ctor_name(self, constructor: cst.BaseExpression | None) -> str | None:
        return self.facts.call_name(constructor) if isinstance(constructor, cst.Call) else None

    # -- values handed in by callers (needs the graph record) -----------------------------------

    def _passed_optimizer(self, anchor: Event) -> bool:
        """Whether the object a step calls ``.step()`` on is a torch optimizer that a caller of the
        step's function built and passed in (``train_epoch(..., optimizer_rnn)``); it is recorded
        on the event as the step's constructor."""
        if anchor.passed is not None:
            return True
        where = site_of(self.graph, anchor.node) if self.graph is not None and anchor.optimizer is not None else None
        if where is None:
            return False
        assert anchor.optimizer is not None  # where is set only with an optimizer expression
        for built in built_by(anchor.optimizer, *where, returns=True):
            if is_torch_optimizer(built.graph.facts.call_name(built.call)):
                anchor.passed, anchor.constructor = built, built.call
                return True
        return False

    def trained_models(self, step: Step) -> list[Built]:
        """The calls that built the modules whose ``parameters()`` the step's optimizer updates,
        followed through the callers of the functions they are handed to."""
        constructor = step.anchor.constructor
        if self.graph is None or not isinstance(constructor, cst.Call):
            return []
        origin = step.anchor.passed
        where = (origin.scope, origin.order) if origin is not None else site_of(self.graph, constructor)
        params = argument(constructor, 0, "params")
        if where is None or params is None:
            return []
        found: list[Built] = []
        # The parameters may be gathered first (`params = filter(..., model.parameters())`): what
        # the optimizer is handed is followed back to the calls that built it.
        # or listed (`self.params = [p for p in self.model.parameters() if p.requires_grad]`, handed
        # to an optimizer factory): what a name holds is read too, not only the calls that built it.
        gathered = [(params, where)] + [(b.call, (b.scope, b.order)) for b in built_by(params, *where, returns=True)
                                        if b.call is not params] + _held(params, *where)
        for expr, at in gathered:
            for node in descendants(expr):
                if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                        and node.func.attr.value in ("parameters", "named_parameters"):
                    # Not into a factory's returns: `self.model = self.load_model()` builds what an
                    # option picks, which the factory's branches do not tell.
                    found += built_by(node.func.value, *at) or _submodule(node.func.value, *at)
        return found

    def trained_model_risk(self, step: Step) -> tuple[EventKind, Built, cst.CSTNode,
                                                      ProjectClass | ProjectFunction | None] | None:
        """The first recurrent layer or sum aggregation in a project class the step trains, built
        in another module of the project, or here through a factory or as ``module.Class`` (what
        this file builds by a class's name, model_risks() judges), as (kind,
        where the model is built, the layer, the class that builds it); or a framework model at
        risk that the step trains (the class: None), or that a factory of the project returns (the
        class: that factory)."""
        own = {s.name.value for s in self.module.body if isinstance(s, cst.ClassDef)}
        for built in self.trained_models(step):
            func = built.call.func
            if built.graph.context.module is self.module and isinstance(func, cst.Name) \
                    and (func.value in own or func.value in self.project.classes):
                continue  # model_risks() judges the file's own classes and those it imports by name
            # A class chosen among `if` arms (`Model = GIN` or `Model = MLP`): the step is at risk
            # if the model it may train is, since the command line picks which one runs.
            for cls in _classes_built(built):
                risk = _class_risk(cls, set())
                if risk is not None:
                    return risk[0], built, risk[1], risk[2]
            home = built.graph.context.module
            risk = _factory_risk(built.call, home, built.graph.facts,
                                 {s.name.value: s for s in home.body if isinstance(s, cst.ClassDef)},
                                 built.graph.context.path, built.graph)
            if risk is not None:  # `model = get_model(args)` handed over by the caller
                return risk[0], built, risk[1], risk[2]
            # A framework's model, built by the caller that hands it over or returned by a factory.
            kind = library_model_risk(built.call, built.graph.facts, built.graph)
            if kind is not None:
                return kind, built, built.call, None
            for kind, call, function in _factory_library_models(built):
                return kind, built, call, function
        return None

    def self_trained_risk(self, step: Step) -> tuple[EventKind, cst.CSTNode, ProjectClass] | None:
        """A model that trains itself (``optim.Adam(self.parameters())`` in a method of a class of the
        file, its ``fit``): the trained model is that class, judged like the file's classes that
        the file builds by name (the layers it takes from other modules of the project, a cell it
        unrolls by hand; its library layers are events of the file already)."""
        constructor = step.anchor.constructor
        if step.anchor.passed is not None or step.unit.class_name is None or not isinstance(constructor, cst.Call):
            return None
        params = argument(constructor, 0, "params")
        if params is None or not any(
                isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute)
                and node.func.attr.value in ("parameters", "named_parameters")
                and is_receiver(node.func.value)
                for node in descendants(params)):
            return None
        own = {s.name.value: s for s in self.module.body if isinstance(s, cst.ClassDef)}
        cls = own.get(step.unit.class_name)
        if cls is None:
            return None
        return _class_risk(ProjectClass(cls, self.module, self.facts, own, {}, self.path), set(), library=False,
                           project=self.project)

    def unrolled_model(self, step: Step) -> tuple[cst.Call, str] | None:
        """A call of a model the step trains, made in a loop of the step's function with its own
        output fed back in (``out, h = net(x[:, t], h)``): the loop unrolls the model over time, a
        recurrent network whatever its cell computes. Returns the call and the state fed back."""
        if self.graph is None:
            return None
        trained = {id(built.call) for built in self.trained_models(step)}
        if not trained:
            return None
        for call, state in fed_back_calls(step.unit.node):
            where = site_of(self.graph, call)
            if where is not None and any(id(built.call) in trained for built in built_by(call.func, *where)):
                return call, state
        return None

    # -- queries, after the walk ---------------------------------------------------------------

    def events(self, *kinds: EventKind) -> list[Event]:
        return sorted((e for u in self.units.values() for e in u.events if e.kind in kinds), key=lambda e: e.order)

    def reachable_clips(self, unit: Unit, depth: int = 3, seen: set[str] | None = None) -> list[Event]:
        """Clipping calls in ``unit`` and in the file's functions it calls (a few levels deep)."""
        seen = seen if seen is not None else set()
        if unit.key in seen:
            return []
        seen.add(unit.key)
        clips = unit.of("clip")
        if depth == 0:
            return clips
        for helper in unit.of("helper"):
            callee = self.callee(unit, helper.detail)
            if callee is not None:
                clips += self.reachable_clips(callee, depth - 1, seen)
        return clips

    def callee(self, caller: Unit, spelled: str) -> Unit | None:
        if spelled.startswith("self."):
            return self._method(caller.class_name, spelled[5:], set()) if caller.class_name else None
        return self.units.get(spelled)

    def _method(self, class_name: str, method: str, seen: set[str]) -> Unit | None:
        """The method ``self.method`` runs in a class of the file: its own, or the one it inherits
        from a base class of the file (a clipping helper a subclass's step calls)."""
        found = self.units.get(f"{class_name}.{method}")
        if found is not None or class_name in seen:
            return found
        seen.add(class_name)
        cls = next((s for s in self.module.body if isinstance(s, cst.ClassDef) and s.name.value == class_name), None)
        for base in cls.bases if cls is not None else ():
            name = dotted_name(base.value)
            found = self._method(name, method, seen) if name is not None else None
            if found is not None:
                return found
        return None

    def steps(self) -> list[Step]:
        steps: list[Step] = []
        for unit in self.units.values():
            if not self.defines_optimizer(unit):
                steps += self._unit_steps(unit)
        for event in self.events("minimize"):
            assert isinstance(event.constructor, cst.Call)  # a minimize event's optimizer was resolved
            keys = clip_keywords(event.constructor) if is_keras_optimizer(self._ctor_name(event.constructor)) else []
            steps.append(Step("minimize", event, self.units[event.unit],
                              optimizer_clip=(event.constructor, keys) if keys else None))
        compile_events = self.events("compile")
        override_steps = [s for s in steps if s.kind == "tape" and s.unit.name == "train_step" and s.unit.class_name]
        for event in compile_events:
            if isinstance(event.constructor, cst.SimpleString):
                clip = None
            elif isinstance(event.constructor, cst.Call) and is_keras_optimizer(self._ctor_name(event.constructor)):
                keys = clip_keywords(event.constructor)
                clip = (event.constructor, keys) if keys else None
            else:
                continue  # an optimizer we cannot see: it may well clip
            clips = [c for s in override_steps for c in s.clips]
            steps.append(Step("compile", event, self.units[event.unit], clips=clips, optimizer_clip=clip))
        if not self.manual_optimization:
            fitted = {id(e.constructor) for e in self.events("fit")}
            for event in self.events("trainer"):
                if has_star_kwargs(event.node) or self.facts.call_name(event.node) == "lightning.fabric.Fabric":
                    continue
                if id(event.node) not in fitted and id(None) not in fitted:
                    continue  # a Trainer that only tests, validates or predicts takes no training step
                value = keyword(event.node, "gradient_clip_val")
                if value is None and event.detail == "from_argparse_args":
                    value = self.option_value("gradient_clip_val")
                clip = (event.node, ["gradient_clip_val"]) if not is_disabled(value) else None
                if self.hook_methods:  # a LightningModule of the file clips in its own hook
                    clip = clip or (event.node, ["configure_gradient_clipping"])
                steps.append(Step("lightning", event, self.units[event.unit], optimizer_clip=clip))
        return steps

    def command_line(self) -> list[cst.Call]:
        """The ``add_argument`` calls whose defaults the file's ``args.x`` may hold: those of the
        rest of the project (see :func:`project_options`; an option two parsers give different
        defaults is left out), then the file's own, which win."""
        others = project_options(self.path, self.module) if self.path else []
        return [*agreed(others), *self.option_calls]

    def option_value(self, dest: str) -> cst.BaseExpression | None:
        """What a plain run's namespace holds for the option ``dest``: ``set_defaults`` (parser-level
        defaults override the arguments'), else the default the command line as it reaches the file
        gives it (the project's parsers, then the file's own, which win); None when nothing sets it
        (Lightning's own default then applies)."""
        for node in self.default_calls:
            if keyword(node, dest) is not None:
                return keyword(node, dest)
        for node in reversed(self.command_line()):
            if option_dest(node) == dest:
                # Without a default argparse gives None, unless the option is required.
                required = keyword(node, "required")
                return option_default(node) or (required if not is_disabled(required) else None)
        return None

    def _unit_steps(self, unit: Unit) -> list[Step]:
        steps = []
        seen_optimizers: set[str] = set()
        clips = None
        closures = [self.units[e.closure] for e in unit.of("step") if e.closure is not None]
        zeroed = {self.source(e.optimizer) for each in (unit, *closures) for e in each.of("zero_grad")
                  if e.optimizer is not None}
        plans: tuple[tuple[tuple[EventKind, ...], tuple[EventKind, ...], StepKind], ...] = (
            (("step",), ("backward",), "torch"), (("apply",), ("gradient",), "tape"))
        for kinds, sources, kind in plans:
            for anchor in unit.of(*kinds):
                closure = self.units[anchor.closure] if anchor.closure is not None else None
                before = [s for s in unit.of(*sources) if s.order < anchor.order] \
                    + (closure.of(*sources) if closure is not None else [])
                if not before:
                    continue
                unresolved = anchor.detail == "unresolved" and anchor.optimizer is not None
                # A caller may hand the optimizer in: followed even when the step zeroes it, so that
                # the model it updates (built by that caller) can be judged.
                passed = unresolved and self._passed_optimizer(anchor)
                if passed and anchor.closure is not None and anchor.passed is not None \
                        and _searches_lines(anchor.passed.graph.facts.call_name(anchor.passed.call)):
                    continue
                if unresolved and not passed and self.source(anchor.optimizer) not in zeroed:  # type: ignore[arg-type]
                    continue  # stepped but never zeroed here: nothing shows it is an optimizer
                spelled = self.source(anchor.optimizer) if anchor.optimizer is not None else ""
                if spelled in seen_optimizers:
                    continue
                seen_optimizers.add(spelled)
                if clips is None:
                    clips = self.reachable_clips(unit)
                step = Step(kind, anchor, unit, source=before[-1],
                            clips=list(clips) + (self.reachable_clips(closure) if closure is not None else []))
                if kind == "tape":
                    self._tape_optimizer(step)
                steps.append(step)
        return steps

    def _tape_optimizer(self, step: Step) -> None:
        """Where a TF step's optimizer clips: its constructor, or (unseen) any optimizer of the file."""
        constructor = step.anchor.constructor
        if isinstance(constructor, cst.Call) and is_tf1_optimizer(self._ctor_name(constructor)):
            return  # TF1 optimizers have no clipping option: only the step itself can clip
        if isinstance(constructor, cst.Call) and is_keras_optimizer(self._ctor_name(constructor)):
            keys = clip_keywords(constructor)
            step.optimizer_clip = (constructor, keys) if keys else None
            return
        spelled = self.source(step.anchor.optimizer) if step.anchor.optimizer is not None else ""
        keras_optimizers = [e.node for e in self.optimizers if is_keras_optimizer(self._ctor_name(e.node))]
        compiled = [e for e in self.events("compile")]
        if (spelled == "self.optimizer" and step.unit.name == "train_step") or not keras_optimizers or compiled:
            # Keras' train_step uses the optimizer given to compile(), which is where it is checked.
            step.optimizer_unknown = True
            return
        clipping = [c for c in keras_optimizers if clip_keywords(c)]
        if clipping:
            step.optimizer_clip = (clipping[0], clip_keywords(clipping[0]))

    # -- positions, only for files that report -------------------------------------------------


    def source(self, node: cst.CSTNode) -> str:
        return self.module.code_for_node(node).strip()

    def quote(self, node: cst.CSTNode, limit: int = 60) -> str:
        text = " ".join(self.source(node).split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


def autocast_dtype(facts: Facts, call: cst.Call) -> str | None:
    """``float16`` when this autocast computes in float16, ``bfloat16``, or None (off or unknown)."""
    enabled = keyword(call, "enabled")
    if isinstance(enabled, cst.Name) and enabled.value == "False":
        return None
    name = facts.call_name(call) or ""
    dtype = keyword(call, "dtype")
    if dtype is None and name in ("torch.autocast", "torch.amp.autocast", "torch.amp.autocast_mode.autocast"):
        dtype = argument(call, 1, "dtype")
    if dtype is not None:
        spelled = facts.qualified_name(dtype) if isinstance(dtype, (cst.Name, cst.Attribute)) else None
        return "float16" if spelled in FP16_DTYPES else "bfloat16" if spelled and "bfloat16" in spelled else None
    if name == "torch.cuda.amp.autocast":
        return "float16"  # its default
    if name.startswith("torch.cpu."):
        return "bfloat16"
    device = argument(call, 0, "device_type")
    if isinstance(device, cst.SimpleString):
        # CUDA autocasts to float16 by default, the CPU to bfloat16.
        return {"cuda": "float16", "cpu": "bfloat16"}.get(str(device.evaluated_value))
    return None


def _held(expr: cst.BaseExpression, scope: Scope, at: int, hops: int = 0) -> list[tuple[cst.BaseExpression, tuple[Scope, int]]]:
    """The values other than calls a name may hold at ``at`` (a list or a comprehension assigned to
    it), followed through assignments and the arguments every caller passes for a parameter, each
    with the scope and statement it is read in."""
    graph = scope.graph
    name = dotted_name(expr)
    if graph is None or name is None or hops > 4 or graph.facts.qualified_name(expr) is not None:
        return []
    store, home = graph.lookup(name, scope, at)
    if store is None or home is None:
        return []
    if store.kind == "assign" and store.value is not None:
        where = (store.where or home, store.order)
        return [(store.value, where)] + _held(store.value, *where, hops + 1)
    if store.kind == "param" and home.kind == "function":
        return [found for value, caller, order in passed_arguments(home, name)
                for found in [(value, (caller, order)), *_held(value, caller, order, hops + 1)]]
    return []


def _submodule(expr: cst.BaseExpression, scope: Scope, at: int) -> list[Built]:
    """``model.conv1`` of ``model.conv1.parameters()``, a part of a model trained on its own (a
    parameter group each, or one network of several): what the constructor of the model's class
    stores there (``self.conv1 = GCNConv(...)``), in the class's module."""
    if not isinstance(expr, cst.Attribute):
        return []
    found: list[Built] = []
    for owner in built_by(expr.value, scope, at):
        for cls in _classes_built(owner):
            graph = owner.graph if cls.module is owner.graph.context.module else _graph_of(cls.path)
            init = next((s for s in graph.scopes if s.name == f"{cls.node.name.value}.__init__"), None) \
                if graph is not None else None
            if init is not None:
                found += built_by(cst.Attribute(cst.Name("self"), expr.attr), init, _END)
    return found


# A statement order past the end of any function: what a constructor has stored once it returns.
_END = 1 << 30


def _graph_of(path: str) -> GraphFacts | None:
    known = project_record(path) if path else None
    return known.facts_of(Path(path)) if known is not None else None


def _classes_built(built: Built) -> list[ProjectClass]:
    """The project classes ``built`` may instantiate: one of its module's own, one its module imports
    from the project (by name, ``from module import *`` or as ``module.Class``), the class a
    factory function of the project returns, or, for a name bound to a class (``Model = GIN`` in
    one ``if`` arm, ``Model = MLP`` in another), each class it may be bound to."""
    graph = built.graph
    module = graph.context.module
    classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
    func = built.call.func
    chosen = [*assigned_names(func.value, built.scope, built.order),
              *_table_entries(func.value, built.scope, built.order)] if isinstance(func, cst.Name) else []
    found: list[ProjectClass] = []
    for each in chosen or [func]:
        found += classes_called(each, module, graph.facts, classes, graph.context.path)
    return found + _loaded_by_string(func, built.scope, built.order)


def _loaded_by_string(func: cst.BaseExpression, scope: Scope, at: int) -> list[ProjectClass]:
    """``import_class(args.model)(...)``, or ``Model = import_class(name)`` then ``Model(...)``: a
    project function that imports a module by a string and returns an attribute of it returns the
    project class the string spells (``net.gcn.Model``). The strings are those the argument may
    hold: a literal, the option's default, the values configuration files merge into the options.
    A string that none of these give, or that names nothing of the project, adds nothing."""
    graph = scope.graph
    if graph is None:
        return []
    loads = [func] if isinstance(func, cst.Call) else []
    if isinstance(func, cst.Name):
        store = graph.lookup(func.value, scope, at)[0]
        loads += [store.value] if store is not None and store.kind == "assign" and isinstance(store.value, cst.Call) else []
    found: list[ProjectClass] = []
    for call in loads:
        first = argument(call, 0, "")
        loader = _project_function(call.func, graph)
        if first is None or any(arg.star for arg in call.args) or loader is None or not _imports_by_string(loader):
            continue
        texts = [text_at(first, call, graph), *config_texts(first, call, graph)]
        for text in dict.fromkeys(t for t in texts if t is not None):
            found += _class_spelled(text, graph)
    return found


def _project_function(func: cst.BaseExpression, graph: GraphFacts) -> ProjectFunction | None:
    """The top-level function of the module or of the project that ``func`` names."""
    module, path = graph.context.module, graph.context.path
    if isinstance(func, cst.Name):
        own = next((s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == func.value), None)
        if own is not None:
            classes = {s.name.value: s for s in module.body if isinstance(s, cst.ClassDef)}
            return ProjectFunction(own, module, graph.facts, classes, path)
    qualified = graph.facts.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) else None
    found = project_definition(path, qualified) if qualified is not None else None
    return found if isinstance(found, ProjectFunction) else None


def _imports_by_string(function: ProjectFunction) -> bool:
    """Whether ``function`` imports a module named by a run-time string (``__import__(name)``,
    ``importlib.import_module(name)``) and returns only attributes read by ``getattr`` (directly or
    through a name every assignment of which is one)."""
    nodes = list(descendants(function.node))
    imports = any(isinstance(node, cst.Call) and node.args and not isinstance(node.args[0].value, cst.SimpleString)
                  and (dotted_name(node.func) == "__import__" and not function.facts.bindings("__import__")
                       or function.facts.call_name(node) == "importlib.import_module")
                  for node in nodes)
    if not imports:
        return False
    assigned: dict[str, list[cst.BaseExpression]] = {}
    for node in nodes:
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    assigned.setdefault(target.target.value, []).append(node.value)

    def attribute_read(value: cst.BaseExpression) -> bool:
        return isinstance(value, cst.Call) and dotted_name(value.func) == "getattr" and len(value.args) >= 2

    returned = [node.value for node in nodes if isinstance(node, cst.Return)]
    return bool(returned) and all(
        value is not None and (attribute_read(value) or isinstance(value, cst.Name) and value.value in assigned
                               and all(attribute_read(v) for v in assigned[value.value]))
        for value in returned)


def _class_spelled(text: str, graph: GraphFacts) -> list[ProjectClass]:
    """The project class a dotted import path (``net.gcn.Model``) names, as imported from the
    module of ``graph``: a class of another module of the project, or of this module itself."""
    module_name, _, name = text.rpartition(".")
    if not module_name or not all(part.isidentifier() for part in text.split(".")):
        return []
    path = graph.context.path
    if module_name == Path(path).stem:  # the script imports its own classes by its module's name
        own = {s.name.value: s for s in graph.context.module.body if isinstance(s, cst.ClassDef)}
        return [ProjectClass(own[name], graph.context.module, graph.facts, own, {}, path)] if name in own else []
    found = project_definition(path, text)
    return [found] if isinstance(found, ProjectClass) else []


def _table_entries(name: str, scope: Scope, at: int) -> list[cst.BaseExpression]:
    """``Model = [GIN, GCN, GAT][int(sys.argv[2])]``, ``Model = MODELS.get(args.model)``: a name bound to
    an entry of a literal table of classes (see :func:`tables.table_entries`)."""
    graph = scope.graph
    if graph is None:
        return []
    store = graph.lookup(name, scope, at)[0]
    if store is None or store.kind != "assign" or store.value is None:
        return []
    order, lookup = store.order, graph.lookup

    def held(table: cst.Name) -> cst.BaseExpression | None:
        found = lookup(table.value, scope, order)[0]
        return found.value if found is not None and found.kind == "assign" else None

    return table_entries(store.value, held)


def classes_called(func: cst.BaseExpression, module: cst.Module, facts: Facts, classes: dict[str, cst.ClassDef],
                   path: str, depth: int = 2) -> list[ProjectClass]:
    """The project classes a call of ``func`` made in ``module`` builds: a class of the module, a
    class imported from the project (``Net``, ``models.Net``), or, for a factory function of the
    module or the project (``build_model(args)``), the classes it returns (``depth`` factories deep)."""
    func = _evaluated_name(func, module, facts) or func
    if isinstance(func, cst.Name) and func.value in classes:
        return [ProjectClass(classes[func.value], module, facts, classes, {}, path)]
    if isinstance(func, cst.Name):
        imported = project_imports(path, module).classes.get(func.value) if path else None
        if imported is not None:
            return [imported]
        own = next((s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == func.value), None)
        if own is not None:
            return _returned_classes(ProjectFunction(own, module, facts, classes, path), depth)
    qualified = facts.qualified_name(func) if isinstance(func, (cst.Name, cst.Attribute)) and path else None
    if qualified is None or qualified.split(".")[0] in MODEL_ROOTS:
        return []
    found = project_definition(path, qualified)
    if isinstance(found, ProjectClass):
        return [found]
    return _returned_classes(found, depth) if found is not None else []


def _evaluated_name(func: cst.BaseExpression, module: cst.Module, facts: Facts) -> cst.Name | None:
    """``eval(args.model)(...)``: the builtin ``eval`` of a string whose value is known (a literal, or
    the default of the command-line option it reads) is the name that string spells."""
    if not (isinstance(func, cst.Call) and isinstance(func.func, cst.Name) and func.func.value == "eval"
            and len(func.args) == 1 and not facts.bindings("eval")):
        return None
    text: cst.BaseExpression | None = func.args[0].value
    if isinstance(text, cst.Attribute):
        text = string_defaults(add_argument_calls(module)).get(text.attr.value)
    value = text.evaluated_value if isinstance(text, cst.SimpleString) else None
    return cst.Name(value) if isinstance(value, str) and value.isidentifier() else None


def _returned_classes(function: ProjectFunction, depth: int) -> list[ProjectClass]:
    """The project classes a factory returns: ``return Net(...)``, or ``model = Net(...)`` then
    ``return model``."""
    if depth <= 0:
        return []
    found: list[ProjectClass] = []
    for call in _returned_calls(function):
        found += classes_called(call.func, function.module, function.facts, function.classes, function.path, depth - 1)
    return found


def _returned_calls(function: ProjectFunction) -> list[cst.Call]:
    """The calls whose result a factory returns: ``return Net(...)``, or ``model = Net(...)`` (in
    any of its branches) then ``return model``."""
    built: dict[str, list[cst.Call]] = {}
    returned: list[cst.BaseExpression] = []
    for node in descendants(function.node):
        if isinstance(node, cst.Assign) and isinstance(node.value, cst.Call) and len(node.targets) == 1 \
                and isinstance(node.targets[0].target, cst.Name):
            built.setdefault(node.targets[0].target.value, []).append(node.value)
        elif isinstance(node, cst.Return) and node.value is not None:
            returned.append(node.value)
    return [c for value in returned for c in ([value] if isinstance(value, cst.Call) else
                                              built.get(value.value, []) if isinstance(value, cst.Name) else [])]


# Methods of a torch module that return the module itself (`return model.to(device)`).
_RETURNS_SELF = {"to", "cuda", "cpu", "float", "double", "half", "train"}


def _factory_risk(call: cst.Call, module: cst.Module, facts: Facts, classes: dict[str, cst.ClassDef],
                  path: str, graph: GraphFacts | None) -> tuple[EventKind, cst.CSTNode, ProjectClass] | None:
    """The risk of a model a factory function (of the module or imported from the project) may
    return at ``call``: the first project class among its returns that carries one. Which one a
    run builds is picked by its arguments (``if config['model_name'] == 'GIN'``), as for a class
    chosen among ``if`` arms; an arm the call's strings rule out (``build('gcn')``) builds
    nothing. None when no class it may return carries a risk."""
    func = call.func
    function: ProjectFunction | ProjectClass | None = next(
        (ProjectFunction(s, module, facts, classes, path) for s in module.body
         if isinstance(s, cst.FunctionDef) and isinstance(func, cst.Name) and s.name.value == func.value), None)
    if function is None and isinstance(func, (cst.Name, cst.Attribute)):
        qualified = facts.qualified_name(func) if path else None
        function = project_function(path, qualified) if qualified and qualified.split(".")[0] not in MODEL_ROOTS \
            else None
    if not isinstance(function, ProjectFunction):
        return None
    calls = _every_returned_call(function.node, ruled_out_in(function.node, call, graph))
    for returned in calls or ():
        built = classes_called(returned.func, function.module, function.facts, function.classes, function.path,
                               depth=1)
        if not built or any(c.node is not built[0].node for c in built) \
                or not isinstance(returned.func, (cst.Name, cst.Attribute)):
            continue
        risk = _class_risk(built[0], set())
        if risk is not None:
            return risk
    return None


def _every_returned_call(function: cst.FunctionDef, ruled_out: frozenset[int] = frozenset()) -> list[cst.Call] | None:
    """The calls whose result each ``return`` of ``function`` gives back (``return Net(...)``,
    ``model = Net(...)`` then ``return model.to(device)``); None when one returns anything else or
    a returned name is also bound some other way. Nodes in ``ruled_out`` (arms that never run) do
    not count."""
    built: dict[str, list[cst.BaseExpression]] = {}
    returns: list[cst.BaseExpression | None] = []
    for node in descendants(function, prune=lambda n: isinstance(n, (cst.FunctionDef, cst.Lambda, cst.ClassDef))
                            and n is not function):
        if id(node) in ruled_out:
            continue
        if isinstance(node, cst.Assign):
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    built.setdefault(target.target.value, []).append(node.value)
        elif isinstance(node, (cst.AugAssign, cst.AnnAssign, cst.For, cst.NamedExpr, cst.AsName)):
            # any other binding of a name: what it holds is not followed
            for inner in descendants(node.name if isinstance(node, cst.AsName) else node.target):
                if isinstance(inner, cst.Name):
                    built.setdefault(inner.value, []).append(cst.Name("None"))
        elif isinstance(node, cst.Return):
            returns.append(node.value)
    found: list[cst.Call] = []
    for value in returns:
        value = _peel_self(value)
        if isinstance(value, cst.Name) and value.value in built:
            values = [_peel_self(v) for v in built[value.value]]
        else:
            values = [value]
        if not values or not all(isinstance(v, cst.Call) for v in values):
            return None
        found += [v for v in values if isinstance(v, cst.Call)]
    return found


def _peel_self(value: cst.BaseExpression | None) -> cst.BaseExpression | None:
    """``Net(...).to(device)`` -> ``Net(...)``: what a module method returning itself was called on."""
    while isinstance(value, cst.Call) and isinstance(value.func, cst.Attribute) \
            and value.func.attr.value in _RETURNS_SELF:
        value = value.func.value
    return value


def library_model_risk(call: cst.Call, facts: Facts, graph: GraphFacts | None = None) -> EventKind | None:
    """Whether ``call`` builds a framework's layer or ready-made model that is recurrent or sums its
    neighbours' messages (the RECURRENT, SUM_LAYERS and SUM_CHOICES tables)."""
    name = facts.call_name(call)
    if name is None or name.split(".")[0] not in MODEL_ROOTS:
        return None
    if is_recurrent_layer(name):
        return "recurrent"
    return "sum" if TrainingScan._sums_by_default(call, name, graph) else None


def text_at(expr: cst.BaseExpression, call: cst.Call, graph: GraphFacts | None) -> str | None:
    """The string ``expr``, an argument of ``call``, holds on a run without flags: a literal, a
    string option read from the parsed command line (its default), or a name of the calling
    function that its statements before the call assign such a string, through the ``if`` arms
    those strings decide (``if args.gnn == "gin-virtual": kind = "gin"``); None when unknown."""
    if isinstance(expr, cst.SimpleString):
        return expr.evaluated_value if isinstance(expr.evaluated_value, str) else None
    where = site_of(graph, call) if graph is not None else None
    if where is None:
        return None
    scope, at = where
    defaults = string_defaults(add_argument_calls(graph.context.module)) if graph is not None else {}

    def known(value: cst.BaseExpression) -> str | None:
        if isinstance(value, cst.SimpleString):
            return value.evaluated_value if isinstance(value.evaluated_value, str) else None
        if isinstance(value, cst.Attribute) and value.attr.value in defaults \
                and holds_parsed_namespace(value.value, scope, at):
            return known(defaults[value.attr.value])
        return None

    if not isinstance(expr, cst.Name):
        return known(expr)
    body = scope.node.body.body if isinstance(scope.node, cst.FunctionDef) and \
        isinstance(scope.node.body, cst.IndentedBlock) else scope.node.body \
        if isinstance(scope.node, cst.Module) else None
    return _assigned_text(expr.value, body, call, known, None) if body is not None else None


def in_untaken_arm(call: cst.Call, graph: GraphFacts | None) -> bool:
    """Whether ``call`` sits in an arm of an ``if``/``elif`` chain of its function that a run without
    flags never takes: the tests compare strings :func:`text_at` knows (``if args.optimizer ==
    "Adam":`` with the option's default ``"SGD"``)."""
    where = site_of(graph, call) if graph is not None else None
    if where is None:
        return False
    scope = where[0]
    statements: Sequence[cst.BaseStatement] | None = scope.node.body.body \
        if isinstance(scope.node, cst.FunctionDef) and isinstance(scope.node.body, cst.IndentedBlock) else None
    while statements is not None:
        holder = next((s for s in statements if any(n is call for n in descendants(s))), None)
        if not isinstance(holder, cst.If):
            return False
        taken = arm_taken(holder, lambda expr: text_at(expr, call, graph))
        if taken is not None and not any(n is call for each in taken for n in descendants(each)):
            return True
        statements = _arm_holding(holder, call)
    return False


def _assigned_text(name: str, body: Sequence[cst.BaseStatement], call: cst.Call,
                   known: Callable[[cst.BaseExpression], str | None], held: str | None) -> str | None:
    """The string ``name`` holds once ``body`` has run up to the statement with ``call`` (``held``
    before it): each assignment of a known string, through the ``if`` arms ``known`` strings
    decide; None once an assignment or an undecided arm makes it unknown."""
    for statement in body:
        if any(node is call for node in descendants(statement)):
            # The call runs inside this statement: in an ``if``, its own arm runs first (a script's
            # ``if __name__ == "__main__":`` block); any other block assigning the name is not followed.
            arm = _arm_holding(statement, call) if isinstance(statement, cst.If) else None
            if arm is not None:
                return _assigned_text(name, arm, call, known, held)
            assigns = any(isinstance(node, cst.Name) and node.value == name for node in assignment_targets(statement))
            return None if assigns and not isinstance(statement, cst.SimpleStatementLine) else held
        if not any(isinstance(node, cst.Name) and node.value == name for node in assignment_targets(statement)):
            continue
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == name
                                                         for t in small.targets):
                    held = known(small.value) if len(small.targets) == 1 else None
                elif any(isinstance(node, cst.Name) and node.value == name for node in assignment_targets(small)):
                    held = None
            continue
        if not isinstance(statement, cst.If):
            return None  # assigned in a loop, a with or a try: not followed
        arm = arm_taken(statement, known)
        if arm is None:
            return None
        held = _assigned_text(name, arm, call, known, held)
    return held


def _arm_holding(statement: cst.If, call: cst.Call) -> Sequence[cst.BaseStatement] | None:
    """The statements of the arm of an ``if``/``elif``/``else`` chain that holds ``call``."""
    arm: cst.If | cst.Else | None = statement
    while arm is not None:
        if isinstance(arm.body, cst.IndentedBlock) and any(node is call for node in descendants(arm.body)):
            return arm.body.body
        arm = arm.orelse if isinstance(arm, cst.If) else None
    return None


def assignment_targets(node: cst.CSTNode) -> list[cst.BaseExpression]:
    """The expressions ``node`` assigns to (assignments, augmented ones, loop and with targets)."""
    found: list[cst.BaseExpression] = []
    for each in descendants(node):
        if isinstance(each, cst.Assign):
            found += [t.target for t in each.targets]
        elif isinstance(each, (cst.AnnAssign, cst.AugAssign, cst.For)):
            found.append(each.target)
        elif isinstance(each, cst.AsName):
            found.append(each.name)
    return [n for target in found for n in descendants(target)]  # type: ignore[misc]


def _factory_library_models(built: Built) -> list[tuple[EventKind, cst.Call, ProjectFunction]]:
    """The framework models at risk that a factory function of the project (``model =
    load_model(args)``, whichever branch the options pick) may return, with the factory."""
    graph = built.graph
    func = built.call.func
    function: ProjectFunction | None = None
    if isinstance(func, cst.Name):
        own = next((s for s in graph.context.module.body if isinstance(s, cst.FunctionDef)
                    and s.name.value == func.value), None)
        if own is not None:
            classes = {s.name.value: s for s in graph.context.module.body if isinstance(s, cst.ClassDef)}
            function = ProjectFunction(own, graph.context.module, graph.facts, classes, graph.context.path)
    if function is None and isinstance(func, (cst.Name, cst.Attribute)) and graph.context.path:
        qualified = graph.facts.qualified_name(func)
        found = project_definition(graph.context.path, qualified) \
            if qualified is not None and qualified.split(".")[0] not in MODEL_ROOTS else None
        function = found if isinstance(found, ProjectFunction) else None
    if function is None:
        return []
    risks = [(library_model_risk(call, function.facts), call) for call in _returned_calls(function)]
    return [(kind, call, function) for kind, call in risks if kind is not None]


def _class_risk(built: ProjectClass, seen: set[str], library: bool = True,
                project: ProjectImports | None = None,
                ruled_out: frozenset[int] = frozenset()) -> tuple[EventKind, cst.CSTNode, ProjectClass] | None:
    """The first recurrent layer or sum aggregation a project class builds, in its own body or
    in the classes of the project it builds (a few levels deep). ``library``: also the library
    layers it builds (False for the linted file's own classes, whose calls are events already);
    ``project``: what the linted file imports from its project (for its own classes);
    ``ruled_out``: the nodes of the class that the constructor call at hand never runs (see
    :func:`ruled_out_arms`)."""
    if built.node.name.value in seen or len(seen) > 16:
        return None
    seen.add(built.node.name.value)
    cell = hand_written_recurrence(built.node, built.classes, built.facts, _function_resolver(built))
    if cell is not None and id(cell[0]) not in ruled_out:
        return "recurrent", cell[0], dataclasses.replace(built, node=cell[1])
    for node in descendants(built.node):
        if not isinstance(node, cst.Call) or id(node) in ruled_out:
            continue
        if not library and _sums_over_edges(node, built):
            return "sum", node, built
        if not library:
            # The file's own layers are events already, except the aggregation their signature defaults to.
            own = [dataclasses.replace(built, node=built.classes[func.value])
                   for func in (_bound_in(node.func, built.node) if isinstance(node.func, cst.Name) else [])
                   if isinstance(func, cst.Name) and func.value in built.classes]
            if any(_sums_by_parameter(node, each, built) or _sums_by_base(node, each) for each in own):
                return "sum", node, built
            for each in own:  # the file's layers its model is built of: what they write by hand
                risk = _class_risk(each, seen, library=False, project=project)
                if risk is not None:
                    return risk
            if isinstance(node.func, cst.Name) and project is not None and node.func.value in project.classes:
                risk = _class_risk(project.classes[node.func.value], seen)
                if risk is not None:
                    return risk
            continue
        name = built.facts.call_name(node)
        if name is not None and name.split(".")[0] in MODEL_ROOTS:
            if is_recurrent_layer(name):
                return "recurrent", node, built
            if TrainingScan._sums_by_default(node, name):
                return "sum", node, built
        if (name is None or name.rsplit(".", 1)[-1] not in RELATION_COMBINERS) and sums_messages(node) \
                and not degree_normalised(built.node, built.facts, module_functions(built.module)):
            return "sum", node, built
        if _sums_over_edges(node, built):
            return "sum", node, built
        inner: list[ProjectClass] = []
        # A name bound in the class to one class or another (`layer = A if edges else B; layer(...)`).
        for func in _bound_in(node.func, built.node) if isinstance(node.func, cst.Name) else [node.func]:
            if isinstance(func, cst.Name) and func.value in built.classes:
                inner.append(dataclasses.replace(built, node=built.classes[func.value]))
            elif isinstance(func, (cst.Name, cst.Attribute)):
                # A class of the project (`from conv import GNN_node` in gnn.py), or the classes a
                # factory of the project returns (`self.updater = get_memory_updater(kind, ...)`).
                inner += classes_called(func, built.module, built.facts, built.classes, built.path)
        for each in inner:
            if _sums_by_parameter(node, each, built) or _sums_by_base(node, each):
                return "sum", node, built
            risk = _class_risk(each, seen)
            if risk is not None:
                return risk
    return None


def ruled_out_arms(cls: cst.ClassDef, call: cst.Call, graph: GraphFacts | None) -> frozenset[int]:
    """The nodes of ``cls``'s ``__init__`` in ``if`` arms that ``call`` (which builds ``cls``) never
    takes: the tests compare a constructor parameter with strings (``if agg_method == "lstm":``),
    and the call gives that parameter a string known on a run without flags (see :func:`text_at`),
    or leaves it to its string default. A layer built only in such an arm is not in the model."""
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"),
                None) if isinstance(cls.body, cst.IndentedBlock) else None
    return ruled_out_in(init, call, graph, skip=1) if init is not None else frozenset()


def ruled_out_in(function: cst.FunctionDef, call: cst.Call, graph: GraphFacts | None, skip: int = 0) -> frozenset[int]:
    """The nodes of ``function`` in ``if`` arms that ``call`` never takes (see
    :func:`ruled_out_arms`); ``skip``: the leading parameters the call does not fill (the instance)."""
    if any(arg.star for arg in call.args):
        return frozenset()
    params = [*function.params.posonly_params, *function.params.params][skip:]
    nodes = list(descendants(function))
    rebound = {t.value for t in assignment_targets(function) if isinstance(t, cst.Name)}
    elifs = {id(node.orelse) for node in nodes if isinstance(node, cst.If) and isinstance(node.orelse, cst.If)}

    def known(expr: cst.BaseExpression) -> str | None:
        if isinstance(expr, cst.SimpleString):
            return expr.evaluated_value if isinstance(expr.evaluated_value, str) else None
        if not isinstance(expr, cst.Name) or expr.value in rebound:
            return None
        param = next((p for p in (*params, *function.params.kwonly_params) if p.name.value == expr.value), None)
        if param is None:
            return None
        given = argument(call, params.index(param) if param in params else None, param.name.value)
        if given is None:
            return known(param.default) if isinstance(param.default, cst.SimpleString) else None
        return text_at(given, call, graph)

    out: set[int] = set()
    for statement in nodes:
        if not isinstance(statement, cst.If) or id(statement) in elifs:
            continue  # an `elif` is judged with the chain it belongs to
        taken = arm_taken(statement, known)
        if taken is None:
            continue
        kept = {id(node) for each in taken for node in descendants(each)}
        out |= {id(node) for node in descendants(statement) if id(node) not in kept}
    return frozenset(out)


def _sums_over_edges(call: cst.Call, built: ProjectClass) -> bool:
    """A message-passing sum written by hand: the class hands an endpoint of its edge list (``row``
    of ``row, col = edge_index``, or ``edge_index[0]``) to a function of the project that adds up
    values per index (``scatter_add_``, ``index_add_``, ``unsorted_segment_sum``) and returns that
    sum undivided (EGNN's ``unsorted_segment_sum``; its ``unsorted_segment_mean`` divides by the
    counts), in a class that does not normalise by degree."""
    if not isinstance(call.func, cst.Name) or not any(_edge_endpoint(arg.value, built.node) for arg in call.args):
        return False
    function = module_functions(built.module).get(call.func.value)
    facts = built.facts
    if function is None and built.path:
        qualified = built.facts.qualified_name(call.func)
        found = project_definition(built.path, qualified) \
            if qualified is not None and qualified.split(".")[0] not in MODEL_ROOTS else None
        if isinstance(found, ProjectFunction):
            function, facts = found.node, found.facts
    return function is not None and _returns_segment_sum(function, facts) \
        and not degree_normalised(built.node, built.facts, module_functions(built.module))


def _edge_endpoint(expr: cst.BaseExpression, owner: cst.CSTNode) -> bool:
    """``edges[0]``/``edges[1]``, or a name the class unpacks from a pair (``row, col = edges``)."""
    if isinstance(expr, cst.Subscript):
        return len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index) \
            and number(expr.slice[0].slice.value) in (0.0, 1.0) and isinstance(expr.value, cst.Name)
    return isinstance(expr, cst.Name) and expr.value in _unpacked_pairs(owner)


@functools.lru_cache(maxsize=8)  # (the calls for one class come in a row; each entry holds its tree)
def _unpacked_pairs(owner: cst.CSTNode) -> frozenset[str]:
    """The names ``owner`` unpacks from a pair held by a name or attribute (``row, col = edges``),
    not from a ``.shape``: one walk per class, where every argument of every call asks (nodes hash
    by identity, so a cached class is the very same tree)."""
    return frozenset(e.value.value for node in descendants(owner)
                     if isinstance(node, cst.Assign) and len(node.targets) == 1
                     and isinstance(node.targets[0].target, cst.Tuple) and len(node.targets[0].target.elements) == 2
                     and isinstance(node.value, (cst.Name, cst.Attribute))
                     and not (isinstance(node.value, cst.Attribute) and node.value.attr.value == "shape")  # sizes
                     for e in node.targets[0].target.elements if isinstance(e.value, cst.Name))


def _returns_segment_sum(function: cst.FunctionDef, facts: Facts) -> bool:
    """The function adds up values per index (a segment sum, no other reduction chosen) and returns
    what it computed without dividing it."""
    sums = [node for node in descendants(function) if isinstance(node, cst.Call) and does(facts, node, "segment-sum")
            and keyword(node, "reduce") is None]
    returns = [node.value for node in descendants(function) if isinstance(node, cst.Return)]
    return bool(sums) and bool(returns) and all(isinstance(value, (cst.Name, cst.Call)) for value in returns)


def _assigned_in(name: cst.Name, owner: cst.CSTNode) -> list[cst.BaseExpression]:
    """The values of the ``name = value`` assignments in ``owner``."""
    return [node.value for node in descendants(owner)
            if isinstance(node, cst.Assign) and len(node.targets) == 1
            and isinstance(node.targets[0].target, cst.Name) and node.targets[0].target.value == name.value]


def _bound_in(name: cst.Name, owner: cst.CSTNode, hops: int = 3) -> list[cst.BaseExpression]:
    """What ``name`` may hold where ``owner`` (a class) uses it: the values of its ``name = value``
    assignments in the class's methods, each arm of a conditional value (``A if c else B``), or
    ``name`` itself when nothing in the class binds it."""
    values = _assigned_in(name, owner)
    if not values or hops == 0:
        return [name]
    found: list[cst.BaseExpression] = []
    for value in values:
        for arm in (value.body, value.orelse) if isinstance(value, cst.IfExp) else (value,):
            found += _bound_in(arm, owner, hops - 1) if isinstance(arm, cst.Name) and arm.value != name.value \
                else [arm]
    return found


def _sums_by_parameter(call: cst.Call, cls: ProjectClass, owner: ProjectClass) -> bool:
    """A project layer whose constructor takes its aggregation as a keyword that defaults to a sum
    (``def __init__(self, ..., aggr='add')``), built by ``owner`` without choosing another: not
    given, or given a value that is a sum when the command line leaves it unset (see
    :func:`_unset_value`), directly or in the ``**`` dictionary the call unpacks."""
    init = next((s for s in cls.node.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"),
                None) if isinstance(cls.node.body, cst.IndentedBlock) else None
    if init is None or not _passes_messages(cls.node):
        return False
    param = next((p for p in (*init.params.params, *init.params.kwonly_params)
                  if p.name.value in AGGREGATION_KEYWORDS and _is_sum(p.default)), None)
    if param is None or degree_normalised(owner.node, owner.facts, module_functions(owner.module)):
        return False
    given = [arg.value for arg in call.args if arg.keyword is not None and arg.keyword.value == param.name.value]
    for arg in call.args:
        if arg.star == "**":
            for held in _bound_in(arg.value, owner.node) if isinstance(arg.value, cst.Name) else [arg.value]:
                if not isinstance(held, cst.Dict):
                    return False  # a dictionary built elsewhere may choose anything
                given += [e.value for e in held.elements if isinstance(e, cst.DictElement)
                          and isinstance(e.key, cst.SimpleString) and e.key.evaluated_value == param.name.value]
        elif arg.star == "*" or arg.keyword is None:
            return False  # positional arguments may reach the parameter
    return all(_is_sum(_unset_value(value, owner.node)) for value in given)


def _sums_by_base(call: cst.Call, cls: ProjectClass) -> bool:
    """A project layer that subclasses a framework layer summing over neighbours (``class
    MyGIN(torch_geometric.nn.GINConv)``, a ``forward`` or ``message`` of its own) and keeps its
    base's constructor and aggregation (no ``__init__``, ``aggregate`` or ``message_and_aggregate``):
    ``call`` builds the base, with the same arguments, so it sums unless they choose otherwise."""
    body = cls.node.body.body if isinstance(cls.node.body, cst.IndentedBlock) else ()
    if any(isinstance(s, cst.FunctionDef) and s.name.value in ("__init__", "aggregate", "message_and_aggregate")
           for s in body):
        return False
    for base in cls.node.bases:
        name = cls.facts.qualified_name(base.value)
        if name is not None and name.split(".")[0] in MODEL_ROOTS and TrainingScan._sums_by_default(call, name):
            return True
    return False


def _passes_messages(cls: cst.ClassDef) -> bool:
    """A message-passing layer: it defines the ``message`` hook of the MessagePassing protocol
    (PyG's, or its own ``propagate`` written after it), so its aggregation combines neighbours'
    messages, not, say, several embeddings of one node."""
    return isinstance(cls.body, cst.IndentedBlock) and any(
        isinstance(s, cst.FunctionDef) and s.name.value == "message" for s in cls.body.body)


def _unset_value(expr: cst.BaseExpression, owner: cst.CSTNode, hops: int = 3) -> cst.BaseExpression | None:
    """The value ``expr`` has when the option it reads is not set: a literal itself, a name bound in
    ``owner`` to one, or the fallback of ``option if option is not None else 'add'``."""
    if isinstance(expr, cst.Name) and hops > 0:
        bound = _assigned_in(expr, owner)
        return _unset_value(bound[0], owner, hops - 1) if len(bound) == 1 else None
    if isinstance(expr, cst.IfExp) and isinstance(expr.test, cst.Comparison) \
            and len(expr.test.comparisons) == 1 and isinstance(expr.test.comparisons[0].comparator, cst.Name) \
            and expr.test.comparisons[0].comparator.value == "None":
        unset = expr.orelse if isinstance(expr.test.comparisons[0].operator, cst.IsNot) else expr.body
        return _unset_value(unset, owner, hops - 1)
    return expr


def _instance_stores(cls: cst.ClassDef, attribute: str) -> list[cst.BaseExpression]:
    """The values the methods of ``cls`` store in ``attribute`` of the instance (an attribute of
    each method's first parameter, whatever it is called)."""
    found: list[cst.BaseExpression] = []
    body = cls.body.body if isinstance(cls.body, cst.IndentedBlock) else ()
    for method in (s for s in body if isinstance(s, cst.FunctionDef)):
        params = [*method.params.posonly_params, *method.params.params]
        receiver = params[0].name.value if params else None
        for node in descendants(method):
            if isinstance(node, cst.Assign):
                targets, value = [t.target for t in node.targets], node.value
            elif isinstance(node, cst.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            else:
                continue
            found += [value for t in targets if isinstance(t, cst.Attribute) and t.attr.value == attribute
                      and isinstance(t.value, cst.Name) and t.value.value == receiver]
    return found


def _is_sum(value: cst.BaseExpression | None) -> bool:
    """An aggregation spelled as a literal that adds the messages up: ``"add"`` or ``"sum"``."""
    return isinstance(value, cst.SimpleString) and value.evaluated_value in ("add", "sum")


def _bound_names(region: cst.CSTNode) -> set[str]:
    """The names ``region`` (a function or a loop body) binds: its parameters other than ``self``, what
    it assigns, and its loop targets: the data a step computes with."""
    bound: set[str] = set()
    if isinstance(region, cst.FunctionDef):
        bound |= {spelling(p.name) for p in (*region.params.posonly_params, *region.params.params,
                                          *region.params.kwonly_params)}
    for node in descendants(region):
        if isinstance(node, cst.Assign):
            bound |= set().union(*(names_in(t.target) for t in node.targets))
        elif isinstance(node, (cst.For, cst.CompFor)):
            bound |= names_in(node.target)
    return bound - {"self"}


def _computed_each_pass(gate: cst.BaseExpression, region: cst.CSTNode) -> bool:
    """A gate computed from the step's own data (``z = sigmoid(self.w_z(x) + self.u_z(h))``): its value
    reads a name the step binds. A fixed mixing weight is no gate, however it reaches the mix: a
    constant, an attribute kept on self (``(1 - self.alpha) * ax + self.alpha * x``, a PageRank
    teleport), a local copy of one (``alpha = self.alpha``), a parameter the step is handed (its
    value is the caller's, unknown here), or a function of those only (``sigmoid(self.beta)``)."""
    bound = _bound_names(region)

    def reads_data(expr: cst.CSTNode, exclude: str | None = None) -> bool:
        return any(name.split(".")[0] in bound - {exclude} for name in names_in(expr))

    if isinstance(gate, cst.Name):
        values = [node.value for node in descendants(region) if isinstance(node, cst.Assign)
                  and any(gate.value in names_in(t.target) for t in node.targets)]
        return any(reads_data(value, gate.value) for value in values)
    return reads_data(gate)


def _gated_mix(expr: cst.BaseExpression, region: cst.CSTNode) -> bool:
    """``(1 - g) * a + g * b`` (in either order) with ``g`` computed on each pass of ``region`` (the
    step's function or loop body): the convex gated update of a GRU-style cell."""
    if not isinstance(expr, cst.BinaryOperation) or not isinstance(expr.operator, cst.Add):
        return False
    sides = [expr.left, expr.right]
    if not all(isinstance(side, cst.BinaryOperation) and isinstance(side.operator, cst.Multiply) for side in sides):
        return False

    def factors(product: cst.BaseExpression) -> list[cst.BaseExpression]:
        assert isinstance(product, cst.BinaryOperation)
        return [product.left, product.right]

    def complement(factor: cst.BaseExpression) -> cst.BaseExpression | None:
        """``g`` of ``(1 - g)``."""
        if isinstance(factor, cst.BinaryOperation) and isinstance(factor.operator, cst.Subtract) \
                and number(factor.left) == 1:
            return factor.right
        return None

    for first, second in (sides, sides[::-1]):
        for factor in factors(first):
            gate = complement(factor)
            if gate is None or not _computed_each_pass(gate, region):
                continue
            if any(gate.deep_equals(other) for other in factors(second)):
                return True
    return False


def _gated_product(function: cst.CSTNode, facts: Facts) -> cst.BinaryOperation | None:
    """A state that passes through a sigmoid gate into its own next value (``c = f * c + i * g``
    after ``f = sigmoid(...)``): the cell-state update of an LSTM-style cell."""
    def is_gate(node: cst.BaseExpression) -> bool:
        if not isinstance(node, cst.Call):
            return False
        name = facts.call_name(node)
        if name is None:
            return isinstance(node.func, cst.Attribute) and node.func.attr.value == "sigmoid"  # x.sigmoid()
        return name.split(".")[0] in MODEL_ROOTS and name.rsplit(".", 1)[-1] == "sigmoid"

    gates = {name for node in descendants(function) if isinstance(node, cst.Assign) and is_gate(node.value)
             for target in node.targets for name in names_in(target.target)}
    assigns = [node for node in descendants(function) if isinstance(node, cst.Assign)]
    for assign in assigns:
        written = set().union(*(names_in(t.target) for t in assign.targets))
        # the state itself, or a value computed from it first (`nc = c * w`; `c = f * nc + ...`)
        written |= {name for other in assigns if other is not assign and written & names_in(other.value)
                    for t in other.targets for name in names_in(t.target)}
        for node in descendants(assign.value):
            if not (isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Multiply)):
                continue
            # One factor is the gate, the other the state: a gate rescaled into itself
            # (`s = s * (hi - lo) + lo`, a hard-concrete sample) is no state update.
            for gate, state in ((node.left, node.right), (node.right, node.left)):
                gated = is_gate(gate) or (isinstance(gate, cst.Name) and gate.value in gates)
                if gated and isinstance(state, cst.Name) and state.value in written:
                    return node
    return None


def _function_resolver(built: ProjectClass) -> Callable[[cst.Name], cst.FunctionDef | None]:
    """The top-level function a name called in ``built``'s module means: one of the module's own,
    or one it imports from the project (``from nnutils import GRU``)."""
    own = module_functions(built.module)

    def resolve(name: cst.Name) -> cst.FunctionDef | None:
        if name.value in own:
            return own[name.value]
        qualified = built.facts.qualified_name(name) if built.path else None
        if qualified is None or qualified.split(".")[0] in MODEL_ROOTS:
            return None
        found = project_definition(built.path, qualified)
        return found.node if isinstance(found, ProjectFunction) else None
    return resolve


def _loop_carried(loop: cst.CSTNode, start: set[str], rounds: int = 8) -> set[str]:
    """The names a loop derives from ``start``: assigned from them, or a container (``h[k] = v``,
    ``h.append(v)``, ``h.extend(v)``) filled with them, followed round the loop: a state kept in a
    dictionary of messages and read back into the next call is fed back all the same."""
    derived = set(start)

    def reads(expr: cst.CSTNode) -> bool:  # `messages.get(k)` reads `messages`
        return any(name == held or name.startswith(held + ".") for name in names_in(expr) for held in derived)

    for _ in range(rounds):
        before = len(derived)
        for node in descendants(loop):
            if isinstance(node, (cst.Assign, cst.AugAssign)) and node.value is not None and reads(node.value):
                targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
                for target in targets:
                    base = target.value if isinstance(target, cst.Subscript) else target
                    derived |= names_in(base)
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) \
                    and node.func.attr.value in ("append", "extend", "insert") \
                    and any(reads(arg.value) for arg in node.args):
                derived |= names_in(node.func.value)
        if len(derived) == before:
            break
    return derived


def hand_written_recurrence(cls: cst.ClassDef, classes: dict[str, cst.ClassDef],
                            facts: Facts | None = None,
                            function_of: Callable[[cst.Name], cst.FunctionDef | None] | None = None,
                            ) -> tuple[cst.BaseExpression, cst.ClassDef] | None:
    """A recurrent cell written by hand and unrolled: a method of ``cls`` (or the ``forward`` of a
    class of the module it stores on self) computes a GRU-style gated update ``(1 - g) * a + g * b``
    or (with ``facts``, the module's names) an LSTM-style gated state update ``c = f * c + ...``, and
    ``cls`` calls it in a loop, feeding its result back in (``h = self.step(x, h)``, or through a
    container the loop reads back). With ``function_of``, the cell may also be a top-level function
    of the project (``new_h = GRU(x, h_nei, self.W_z, ...)``). Returns the gated update and the
    class it is written in (the class that calls it, for a function); or, for a module of the
    project called with no gates around it (see :func:`_weight_tied`), that call and ``cls``."""
    methods = {s.name.value: s for s in cls.body.body if isinstance(s, cst.FunctionDef)}
    init = methods.get("__init__")
    stored: dict[str, str] = {}  # self.cell -> the class of the module it holds
    if init is not None:
        for node in descendants(init):
            if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.value, cst.Call) \
                    and isinstance(node.value.func, cst.Name) and node.value.func.value in classes:
                spelled = dotted_name(node.targets[0].target)
                if spelled is not None and spelled.startswith("self."):
                    stored[spelled[5:]] = node.value.func.value
            # self.cells.append(Cell(...)): a list of cells, called as self.cells[i](...)
            if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and node.func.attr.value == "append" \
                    and node.args and isinstance(node.args[0].value, cst.Call) \
                    and isinstance(node.args[0].value.func, cst.Name) and node.args[0].value.func.value in classes:
                spelled = dotted_name(node.func.value)
                if spelled is not None and spelled.startswith("self."):
                    stored[spelled[5:]] = node.args[0].value.func.value

    def mix_in(function: cst.CSTNode | None) -> cst.BinaryOperation | None:
        if function is None:
            return None
        return next((n for n in descendants(function) if isinstance(n, cst.BinaryOperation)
                     and _gated_mix(n, function)), None) \
            or (_gated_product(function, facts) if facts is not None else None)

    def cell_of(callee: str) -> tuple[cst.BinaryOperation, cst.ClassDef] | None:
        if callee in methods:
            mix = mix_in(methods[callee])
            return (mix, cls) if mix is not None else None
        held = classes.get(stored.get(callee, ""))
        if held is None:
            return None
        forward = next((s for s in held.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "forward"), None)
        mix = mix_in(forward)
        return (mix, held) if mix is not None else None

    for loop in descendants(cls):
        if not isinstance(loop, (cst.For, cst.While)):
            continue
        for node in descendants(loop.body):
            if not isinstance(node, cst.Assign):
                continue
            call = _applied(node.value, facts)
            if call is None:
                continue
            func = call.func
            shared = not isinstance(func, cst.Subscript)  # the same weights on every pass
            if isinstance(func, cst.Subscript):
                func = func.value  # self.cells[i](x, h)
            method = func.attr.value if isinstance(func, cst.Attribute) and is_receiver(func.value) \
                else None
            function = function_of(func) if method is None and isinstance(func, cst.Name) and function_of else None
            if method is None and function is None:
                continue
            fed = set().union(*(names_in(arg.value) for arg in call.args)) if call.args else set()
            written = set().union(*(names_in(t.target) for t in node.targets))
            carried = _loop_carried(loop.body, written)
            if not fed & carried:
                continue  # a state not fed back is no recurrence
            if method is not None:
                # The gates may also be written in the loop itself, around a module it calls with
                # the state each pass (`z = self.conv(cat(x_t, h)); c = sigmoid(f) * c + ...`).
                cell = cell_of(method) or (_inline_cell(loop.body, cls, facts) if shared else None)
                held = classes.get(stored.get(method, ""))
                if cell is None and shared and held is not None and _holds_weights(held, facts) \
                        and _many_passes(loop, cls) and _weight_tied(loop, node, call, carried):
                    return call, cls
            else:
                mix = mix_in(function)
                cell = (mix, cls) if mix is not None else None
            if cell is not None:
                return cell
    return None


def _applied(value: cst.BaseExpression | None, facts: Facts | None) -> cst.Call | None:
    """The call whose result an assignment stores, seen through the library functions wrapped around
    it (``h = F.relu(self.layer(h, adj))``: the layer's call; the activation keeps the dependence)."""
    while isinstance(value, cst.Call) and facts is not None and value.args \
            and (facts.call_name(value) or "").split(".")[0] in MODEL_ROOTS \
            and isinstance(value.args[0].value, cst.Call):
        value = value.args[0].value
    return value if isinstance(value, cst.Call) else None


def _many_passes(loop: cst.For | cst.While, cls: cst.ClassDef) -> bool:
    """A loop that may run more passes than a deep stack has layers: over a sequence, or a count that
    is not known to be small. ``for _ in range(2)``, or ``range(self.num_layers)`` with
    ``num_layers=3`` the constructor's default, around one layer is a shallow weight-tied stack."""
    if isinstance(loop, cst.For) and isinstance(loop.iter, cst.Call) and isinstance(loop.iter.func, cst.Name) \
            and loop.iter.func.value == "range" and loop.iter.args:
        bounds = [b for b in (_count_of(arg.value, cls) for arg in loop.iter.args[:2]) if b is not None]
        if len(bounds) == len(loop.iter.args[:2]):
            return (bounds[-1] - bounds[0] if len(bounds) == 2 else bounds[0]) > DEEP_STACK
    return True


def _count_of(expr: cst.BaseExpression, cls: cst.ClassDef) -> float | None:
    """A literal, or ``self.x`` that ``__init__`` sets once from its parameter's literal default."""
    value = number(expr)
    if value is not None:
        return value
    attribute = dotted_name(expr)
    init = next((s for s in cls.body.body if isinstance(s, cst.FunctionDef) and s.name.value == "__init__"), None)
    if attribute is None or not attribute.startswith("self.") or init is None:
        return None
    stores = [n for n in descendants(cls) if isinstance(n, (cst.Assign, cst.AugAssign))
              and any(dotted_name(t) == attribute for t in (
                  [t.target for t in n.targets] if isinstance(n, cst.Assign) else [n.target]))]
    if len(stores) != 1 or not isinstance(stores[0], cst.Assign) or not isinstance(stores[0].value, cst.Name):
        return None
    param = next((p for p in init.params.params if p.name.value == stores[0].value.value), None)
    return number(param.default) if param is not None and param.default is not None else None


def _weight_tied(loop: cst.For | cst.While, assign: cst.Assign, call: cst.Call, carried: set[str]) -> bool:
    """An ungated recurrence: the loop calls one module of the project (stored on self, so the same
    weights on every pass) whose output reaches its own input on the next pass. The gradient then
    runs through the same Jacobian once per pass, as in a plain RNN."""
    # What holds an earlier pass's output at the top of the loop: not what the loop rebinds itself.
    live = carried - (names_in(loop.target) if isinstance(loop, cst.For) else set())
    for node in descendants(loop.body):
        if node is assign:
            break
        if isinstance(node, cst.Assign):  # before the call: fed from a state, or replaced by a fresh value
            targets = set().union(*(names_in(t.target) for t in node.targets))
            live = live | targets if names_in(node.value) & live else live - targets
        elif isinstance(node, cst.For):
            live -= names_in(node.target)  # an inner loop's target, bound afresh
    return any(names_in(arg.value) & live for arg in call.args)


def _holds_weights(cls: cst.ClassDef, facts: Facts | None) -> bool:
    """Whether the module's ``forward`` applies weights it keeps: a ``Parameter`` its ``__init__``
    stores on self (pygcn's ``self.weight``), or a module kept on self that it calls, unless that
    module is known to have none (dropout, an activation). A propagation with no weights is no
    recurrence however often it runs."""
    methods = {s.name.value: s for s in cls.body.body if isinstance(s, cst.FunctionDef)}
    forward, init = methods.get("forward"), methods.get("__init__")
    if forward is None:
        return False
    built: dict[str, str | None] = {}  # self.x -> the qualified class or function __init__ stores there
    for node in descendants(init) if init is not None else ():
        if isinstance(node, cst.Assign) and len(node.targets) == 1:
            target = dotted_name(node.targets[0].target)
            if target is not None and target.startswith("self."):
                value = node.value
                built[target] = facts.call_name(value) if facts is not None and isinstance(value, cst.Call) else None
    if any(built.get(name) in PARAMETER for name in names_in(forward)):
        return True
    for node in descendants(forward):
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and is_receiver(node.func.value) \
                and node.func.attr.value not in methods:
            row = ops.module_row(built.get(f"self.{node.func.attr.value}"))
            if row is None or row.kind not in ("activation", "dropout"):
                return True
    return False


def _inline_cell(body: cst.CSTNode, cls: cst.ClassDef, facts: Facts | None) -> tuple[cst.BinaryOperation, cst.ClassDef] | None:
    """The gated state update (GRU-style mix, or with ``facts`` an LSTM-style gated product) a loop
    body writes out itself."""
    mix = next((n for n in descendants(body) if isinstance(n, cst.BinaryOperation) and _gated_mix(n, body)), None) \
        or (_gated_product(body, facts) if facts is not None else None)
    return (mix, cls) if mix is not None else None


def fed_back_calls(owner: cst.CSTNode) -> list[tuple[cst.Call, str]]:
    """Calls made in a loop of ``owner`` whose result is fed back into the same call on the next
    pass (``out, h = net(x, h)``), each with a name of the state fed back."""
    found: list[tuple[cst.Call, str]] = []
    for loop in descendants(owner):
        if not isinstance(loop, (cst.For, cst.While)):
            continue
        # What each pass binds before the call: the loop's own target (`for g in graphs: g = net(g)`)
        # and earlier assignments in the body (`z = memory(ids); z = gnn(z)`) replace the state.
        rebound = names_in(loop.target) if isinstance(loop, cst.For) else set()
        for node in descendants(loop.body):
            if isinstance(node, cst.For):
                rebound |= names_in(node.target)  # an inner loop's target, bound before its body runs
            if not isinstance(node, cst.Assign):
                continue
            written = set().union(*(names_in(t.target) for t in node.targets))
            if isinstance(node.value, cst.Call) and node.value.args:
                fed = set().union(*(names_in(arg.value) for arg in node.value.args)) & written - rebound
                if fed:  # the message names the state the call takes first
                    first = next(name for arg in node.value.args for name in sorted(names_in(arg.value)) if name in fed)
                    found.append((node.value, first))
            rebound |= written
    return found


def _searches_lines(optimizer: str | None) -> bool:
    """A quasi-Newton optimizer (``LBFGS``): its line search bounds each step, and clipping inside
    its closure would corrupt the curvature pairs it keeps; no step of this rule."""
    return optimizer in ("torch.optim.LBFGS", "torch.optim.lbfgs.LBFGS")


def _torch_clip_detail(last: str) -> str:
    return "value" if "value" in last else "global"


def _from_optimizers_call(constructor: cst.BaseExpression | None) -> bool:
    """``opt = self.optimizers()`` (Lightning manual optimization)."""
    return isinstance(constructor, cst.Call) and isinstance(constructor.func, cst.Attribute) \
        and constructor.func.attr.value == "optimizers"


# One scan per file, shared by every training rule enabled on it: the first rule to see a node
# records it, the others skip it (the walker hands each node to all rules in turn). Only the file
# being linted is remembered (per thread), so nothing accumulates.


class TrainingRule(Rule):
    """Base of the rules that judge training steps: it feeds the shared scan; subclasses judge in
    ``finish`` (and may look at calls in ``on_call``, while the walk's facts are current)."""

    def __init__(self, context: FileContext, settings: dict[str, Any] | None = None) -> None:
        super().__init__(context, settings)
        self.scan = context.shared("training", lambda: TrainingScan(self.facts, context.module, context.line,
                                                                    context.path))
        if GraphFacts in type(self).requires:
            self.scan.graph = GraphFacts.of(context)  # fed by the engine's walk, read after it

    def _first(self, node: cst.CSTNode, phase: str) -> bool:
        key = (id(node), phase)
        if self.scan.last_seen == key:
            return False
        self.scan.last_seen = key
        return True

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self._first(node, "enter"):
            self.scan.enter_class(node)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        if self._first(node, "leave"):
            self.scan.leave_scope(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._first(node, "enter"):
            self.scan.enter_function(node)

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self._first(node, "leave"):
            self.scan.leave_scope(node)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if self._first(node, "enter"):
            self.scan.with_item(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        if self._first(node, "enter"):
            self.scan.assign(node)

    def visit_Call(self, node: cst.Call) -> None:
        if self._first(node, "enter"):
            self.scan.call(node)
        self.on_call(node)

    def on_call(self, node: cst.Call) -> None:
        """Subclasses look at calls here (the walk's facts are current)."""

    def at(self, node: cst.CSTNode) -> str:
        line = self.scan.line(node)
        return f"at line {line}" if line is not None else "here"


def iter_calls(node: cst.CSTNode) -> list[cst.Call]:
    """Every call inside ``node``, outermost first."""
    return [call for call in descendants(node) if type(call) is cst.Call]


__all__ = ["Event", "Step", "TrainingRule", "TrainingScan", "Unit", "iter_calls", "is_optimizer",
           "is_torch_optimizer", "is_keras_optimizer", "optimizer_kind", "keyword", "clip_keywords"]
