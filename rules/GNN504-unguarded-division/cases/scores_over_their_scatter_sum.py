# Modelled on PyG-style layers that weight each edge by its share of the node's total through the
# generic `scatter` of torch_scatter / torch_geometric.utils, whose reduction is a sum unless another
# one is named. A node whose incoming weights are all 0 (ReLU'd scores, pruned edges) has total 0
# and its edges get 0 / 0 = NaN, as with `scatter_add`. A floor on the total guards it; a scatter
# that takes the maximum per node is no sum of the weights.
import torch
from torch_geometric.utils import scatter
from torch_scatter import scatter as ts_scatter


def edge_share(raw, dst, num_nodes):
    weight = torch.relu(raw)
    total = scatter(weight, dst, dim=0, dim_size=num_nodes)
    return weight / total.index_select(0, dst)  # warning: [unguarded-division]


def edge_share_named_sum(raw, dst, num_nodes):
    weight = torch.relu(raw)
    total = ts_scatter(weight, dst, 0, None, num_nodes, "sum")
    return weight / total[dst]  # warning: [unguarded-division]


def edge_share_floored(raw, dst, num_nodes):
    weight = torch.relu(raw)
    total = scatter(weight, dst, dim=0, dim_size=num_nodes, reduce="sum").clamp(min=1e-12)
    return weight / total.index_select(0, dst)


def edge_share_of_max(raw, dst, num_nodes):
    weight = torch.relu(raw)
    peak = scatter(weight, dst, dim=0, dim_size=num_nodes, reduce="max")
    return weight / (peak[dst] + 1e-12)
