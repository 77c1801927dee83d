"""PyTorch Geometric and its companions: ``torch_geometric``, ``torch_scatter``, ``torch_sparse``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import Draw, op

ROOTS = ("torch_geometric", "torch_scatter", "torch_sparse")

OPS = (
    op("torch_geometric.utils.degree", "", "non-negative", "degree"),
    op("torch_geometric.utils.softmax", "", "non-negative", "probability", "softmax"),
    op("torch_geometric.utils.one_hot", "", "non-negative"),
    op("torch_scatter.scatter_add torch_scatter.scatter_sum", "", "segment-sum"),
    op("torch_geometric.utils.add_self_loops torch_geometric.utils.add_remaining_self_loops", "", "self-loops"),
    op("torch_geometric.nn.conv.gcn_conv.gcn_norm", "", "self-loops", "normalises"),
    op("torch_sparse.matmul torch_sparse.spmm", "", "matrix-product", "sparse"),
    op("torch_sparse.fill_diag torch_sparse.set_diag", "", "self-loops"),
)

# Every function of these modules sets the values of the tensor passed to it.
INITIALISER_MODULES = ("torch_geometric.nn.inits.",)

DRAWS = (
    Draw("torch_geometric.nn.inits.zeros", "constant", value=0.0, initialiser=True),
    Draw("torch_geometric.nn.inits.ones", "constant", value=1.0, initialiser=True),
    Draw("torch_geometric.nn.inits.constant", "constant", value=(1, "fill_value"), initialiser=True),
)
