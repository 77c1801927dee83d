"""Filling a model's constructor and choosing how to call it, without importing a framework."""

from __future__ import annotations

import inspect
import re
from typing import Any

FEATURES = 8
HIDDEN = 16
CLASSES = 4

# Constructor argument names seen in PyG, Spektral and DGL examples and tutorials.
_IN = re.compile(r"^(in_?(channels|features|feats|dim|size|c)|n_?in|nin|nfeat|n_?feat(ure)?s?|num_?(node_)?feat(ure)?s?"
                 r"|input_?(dim|size|channels|features|feats)|feat(ure)?_?dim|dim_?in|d_?in|f_?in|n_?input)$", re.I)
_HIDDEN = re.compile(r"^(hidden(_?(channels|features|feats|dim|size|units))?|n_?hid\d*|nhid\d*|hid(_?dim)?\d*"
                     r"|num_?hidden|n_?hidden|h_?feats|dim_?h(idden)?|units|channels|width|hid_?\w*)$", re.I)
_OUT = re.compile(r"^(out_?(channels|features|feats|dim|size|c|l)?|n_?out|nout|n_?class(es)?|nclass|num_?class(es)?"
                  r"|output_?(dim|size|channels|features|feats)|num_?outputs?|n_?labels?|num_?labels|dim_?out"
                  r"|d_?out|f_?out|n_?targets?|num_?targets)$", re.I)
_OTHER: dict[str, Any] = {
    "num_layers": 2, "n_layers": 2, "layers": 2, "depth": 2, "num_conv_layers": 2,
    "dropout": 0.5, "p": 0.5, "dropout_rate": 0.5, "drop_rate": 0.5,
    "heads": 2, "num_heads": 2, "n_heads": 2, "k": 2, "K": 2, "alpha": 0.1, "num_nodes": 64, "n_nodes": 64,
}
# Names a forward() gives its graph argument: edge_index-style or adjacency-style.
EDGE_NAMES = {"edge_index", "edges", "ei", "edge_list", "adj_t"}
ADJ_NAMES = {"adj", "a", "adjacency", "adj_matrix", "adj_mat", "adjacency_matrix", "graph_adj", "A", "adj_norm",
             "norm_adj", "a_hat", "A_hat", "support"}
WEIGHT_NAMES = {"edge_weight", "edge_weights", "edge_attr", "ew", "weights", "edge_w"}
DATA_NAMES = {"data", "batch", "graph", "g", "inputs", "input", "sample", "pyg_data"}
GRAPH_ARG_NAMES = EDGE_NAMES | ADJ_NAMES | WEIGHT_NAMES


class CannotSynthesise(Exception):
    """The model's constructor or call signature is not one the probe can fill."""


def fill_constructor(cls: type) -> tuple[dict[str, Any], list[str], int]:
    """Keyword arguments for ``cls(...)``, a description of what was chosen, and the feature count.

    Defaults are kept; required arguments are filled by their usual names; anything else is refused.
    """
    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]  # type: ignore[misc]
    except (TypeError, ValueError):
        params = []
    kwargs: dict[str, Any] = {}
    chosen: list[str] = []
    features = None
    for param in params:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        name = param.name
        if param.default is not param.empty:
            if _IN.match(name) and isinstance(param.default, int) and features is None:
                features = param.default
            continue
        if _IN.match(name):
            value = features = FEATURES
        elif _OUT.match(name):
            value = CLASSES
        elif _HIDDEN.match(name):
            value = HIDDEN
        elif name in _OTHER:
            value = _OTHER[name]
        else:
            raise CannotSynthesise(f"constructor argument `{name}` of {cls.__name__} has no default and no "
                                   "usual name to fill it from; declare a `gnnlint_probe()` function")
        kwargs[name] = value
        chosen.append(f"{name}={value!r}")
    return kwargs, chosen, features if features is not None else FEATURES


def call_plan(forward: Any) -> tuple[str, list[str]]:
    """How to call a torch ``forward``: ("data", []) for ``forward(data)``, or ("args", names) where
    names are the required parameters after ``x`` ("edge_index", "adj", "edge_weight", "batch")."""
    try:
        params = [p for p in inspect.signature(forward).parameters.values() if p.name != "self"]
    except (TypeError, ValueError) as error:
        raise CannotSynthesise(f"cannot read the forward signature: {error}") from None
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in positional if p.default is p.empty]
    if len(required) == 1 and required[0].name in DATA_NAMES:
        return "data", []
    if len(positional) >= 2 and positional[1].name in EDGE_NAMES | ADJ_NAMES:
        plan = []
        for param in positional[1:]:
            if param.name in EDGE_NAMES:
                plan.append("edge_index")
            elif param.name in ADJ_NAMES:
                plan.append("adj")
            elif param.name in WEIGHT_NAMES and param.default is param.empty:
                plan.append("edge_weight")
            elif param.name == "batch" and param.default is param.empty:
                plan.append("batch")
            elif param.default is param.empty:
                raise CannotSynthesise(f"forward argument `{param.name}` is not one the probe can generate")
            else:
                break
        return "args", plan
    raise CannotSynthesise("forward does not take (x, edge_index[, edge_weight]) or (data)")


def graph_args(forward: Any) -> bool:
    """Whether a layer's forward takes a graph argument after its first (a message-passing layer)."""
    try:
        names = [p for p in inspect.signature(forward).parameters if p != "self"]
    except (TypeError, ValueError):
        return False
    return any(name in GRAPH_ARG_NAMES for name in names[1:3])
