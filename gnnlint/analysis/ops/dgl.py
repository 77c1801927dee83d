"""DGL: ``dgl``, ``dgl.nn.functional`` and the methods of ``DGLGraph``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import module, op

ROOTS = ("dgl",)

OPS = (
    op("dgl.add_self_loop", "add_self_loop", "self-loops"),
    op("dgl.nn.functional.edge_softmax dgl.ops.edge_softmax", "", "non-negative", "probability", "softmax"),
    op("", "in_degrees out_degrees", "non-negative", "degree"),
    op("dgl.ops.u_mul_e_sum dgl.ops.copy_u_sum", "", "matrix-product", "sparse"),
    op("dgl.function.e_div_v dgl.function.e_div_u", "", "edge-over-node"),
    op("dgl.function.copy_e dgl.function.copy_edge", "", "copies-edge"),
    op("dgl.function.sum", "", "sums-messages"),
)

# Layer classes (``dgl.nn``), by what they are to the architecture rules. EdgeWeightNorm normalises
# the edge weights, not the features.
MODULES = (
    module("dgl.nn.GatedGraphConv", "recurrent"),
    module("dgl.nn.GCN2Conv", "residual"),
    module("dgl.nn.JumpingKnowledge", "jumping-knowledge"),
    module("dgl.nn.Sequential", "container"),
)
