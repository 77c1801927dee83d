"""DGL: ``dgl``, ``dgl.nn.functional`` and the methods of ``DGLGraph``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import op

ROOTS = ("dgl",)

OPS = (
    op("dgl.add_self_loop", "add_self_loop", "self-loops"),
    op("dgl.nn.functional.edge_softmax dgl.ops.edge_softmax", "", "non-negative", "probability", "softmax"),
    op("", "in_degrees out_degrees", "non-negative", "degree"),
    op("dgl.ops.u_mul_e_sum dgl.ops.copy_u_sum", "", "matrix-product", "sparse"),
)
