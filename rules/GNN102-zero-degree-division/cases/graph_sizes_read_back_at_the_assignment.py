# Modelled on PyG's GraphSizeNorm (nn/norm/graph_size_norm.py): the nodes of each graph are counted
# over the node-to-graph assignment, inverted, and read back only at that same assignment, so every
# count read includes the node reading it (>= 1) whatever the vector is called. Read back at any
# other index, or kept whole, an empty slot gives inf.
import torch
from torch_geometric.utils import degree


def size_norm(x, owner, count=None):
    if owner is None:
        owner = torch.zeros(x.size(0), dtype=torch.long)
    inv = degree(owner, count, dtype=x.dtype).pow(-0.5)
    return x * inv.index_select(0, owner).view(-1, 1)


def mean_scale(h, group):
    share = 1.0 / degree(group, dtype=h.dtype)
    return h * share[group].view(-1, 1)


def read_elsewhere(h, group, target):
    share = degree(group, dtype=h.dtype).pow(-1)  # error: [zero-degree-division]
    return h * share[target].view(-1, 1)


def kept_whole(h, group):
    share = degree(group, dtype=h.dtype).pow(-0.5)  # error: [zero-degree-division]
    return h * share[group].view(-1, 1), share
