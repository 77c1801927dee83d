"""Spektral: ``spektral.utils`` and ``spektral.layers.ops``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import module, op

ROOTS = ("spektral",)

OPS = (
    op("spektral.utils.gcn_filter spektral.utils.convolution.gcn_filter", "", "self-loops", "normalises"),
    op("spektral.utils.normalized_adjacency spektral.utils.convolution.normalized_adjacency", "", "normalises"),
    op("spektral.utils.degree_power spektral.utils.convolution.degree_power", "", "non-negative"),
    op("spektral.layers.ops.modal_dot spektral.layers.ops.matmul.modal_dot", "", "matrix-product", "sparse"),
)

# Layer classes (``spektral.layers``), by what they are to the architecture rules.
MODULES = (
    module("spektral.layers.GatedGraphConv", "recurrent"),
)
