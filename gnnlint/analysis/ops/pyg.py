"""PyTorch Geometric and its companions: ``torch_geometric``, ``torch_scatter``, ``torch_sparse``."""

from __future__ import annotations

from gnnlint.analysis.ops._rows import Draw, Segment, module, op

ROOTS = ("torch_geometric", "torch_scatter", "torch_sparse")

OPS = (
    op("torch_geometric.utils.degree", "", "non-negative", "degree"),
    op("torch_geometric.utils.softmax", "", "non-negative", "probability", "softmax"),
    op("torch_geometric.utils.one_hot", "", "non-negative"),
    op("torch_scatter.scatter_add torch_scatter.scatter_sum", "", "segment-sum",
       segment=Segment((0, "src"), (1, "index"))),
    op("torch_geometric.utils.add_self_loops torch_geometric.utils.add_remaining_self_loops", "", "self-loops"),
    op("torch_geometric.nn.conv.gcn_conv.gcn_norm", "", "self-loops", "normalises"),
    op("torch_sparse.matmul torch_sparse.spmm", "", "matrix-product", "sparse"),
    op("torch_sparse.fill_diag torch_sparse.set_diag", "", "self-loops"),
    op("torch_geometric.utils.dropout_edge torch_geometric.utils.dropout_adj torch_geometric.utils.dropout_node", "",
       "dropout"),
)

# Layer classes (``torch_geometric.nn``), by what they are to the architecture rules. GraphSizeNorm
# is no feature normalisation: it divides by the graph's size.
MODULES = (
    module("torch_geometric.nn.BatchNorm torch_geometric.nn.LayerNorm torch_geometric.nn.InstanceNorm "
           "torch_geometric.nn.GraphNorm torch_geometric.nn.PairNorm torch_geometric.nn.MessageNorm "
           "torch_geometric.nn.DiffGroupNorm torch_geometric.nn.MeanSubtractionNorm torch_geometric.nn.HeteroBatchNorm "
           "torch_geometric.nn.HeteroLayerNorm", "feature-norm"),
    module("torch_geometric.nn.GatedGraphConv", "recurrent"),
    module("torch_geometric.nn.GCN2Conv torch_geometric.nn.DeepGCNLayer torch_geometric.nn.GPSConv", "residual"),
    module("torch_geometric.nn.ResGatedGraphConv", "gated-conv"),
    module("torch_geometric.nn.JumpingKnowledge", "jumping-knowledge"),
    module("torch_geometric.nn.Sequential", "container"),
    module("torch_geometric.nn.Linear torch_geometric.nn.HeteroLinear", "dense"),
    module("torch_geometric.nn.MLP", "mlp", norm_unless_none="norm"),
)

# Every function of these modules sets the values of the tensor passed to it.
INITIALISER_MODULES = ("torch_geometric.nn.inits.",)

DRAWS = (
    Draw("torch_geometric.nn.inits.zeros", "constant", value=0.0, initialiser=True),
    Draw("torch_geometric.nn.inits.ones", "constant", value=1.0, initialiser=True),
    Draw("torch_geometric.nn.inits.constant", "constant", value=(1, "fill_value"), initialiser=True),
)
