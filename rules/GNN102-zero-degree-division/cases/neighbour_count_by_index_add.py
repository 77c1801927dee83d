# Modelled on hand-written GraphSAGE mean aggregators: neighbour counts summed with `index_add_`
# over ones. Dividing every node's sum by its count fails for a node no edge reaches; a zeroed
# count, or the count read back at the edges it was counted over, is safe.
import torch


def mean_neighbours(x, edge_index):
    src, dst = edge_index
    total = torch.zeros_like(x).index_add_(0, dst, x[src])
    count = torch.zeros(x.size(0)).index_add_(0, dst, torch.ones(dst.size(0)))
    return total / count.unsqueeze(-1)  # error: [zero-degree-division]


def mean_neighbours_guarded(x, edge_index):
    src, dst = edge_index
    total = torch.zeros_like(x).index_add_(0, dst, x[src])
    count = torch.zeros(x.size(0)).index_add_(0, dst, torch.ones(dst.size(0)))
    count[count == 0] = 1
    return total / count.unsqueeze(-1)


def edge_weights(x, edge_index):
    src, dst = edge_index
    count = x.new_zeros(x.size(0)).index_add_(0, dst, torch.ones_like(dst, dtype=x.dtype))
    return 1.0 / count[dst]
