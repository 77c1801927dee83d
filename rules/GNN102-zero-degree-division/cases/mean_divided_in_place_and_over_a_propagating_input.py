# A mean over neighbours written by hand, in the spellings public code uses: the division made in
# place (`h /= deg`, `h.div_(deg)`, `deg **= -0.5`), and over an input matrix that the function
# itself propagates features with (`adj @ x` then divided by `adj`'s own row sums: a neighbour count).
import torch
from torch_geometric.utils import to_dense_adj


def mean_in_place(edge_index, x):
    adj = to_dense_adj(edge_index)[0]
    h = adj @ x
    deg = adj.sum(1, keepdim=True)
    h /= deg  # error: [zero-degree-division]
    return h


def inverse_root_in_place(edge_index):
    adj = to_dense_adj(edge_index)[0]
    deg = adj.sum(1)
    deg **= -0.5  # error: [zero-degree-division]
    return deg


def mean_in_place_patched(edge_index, x):
    adj = to_dense_adj(edge_index)[0]
    h = adj @ x
    h.div_(adj.sum(1, keepdim=True))
    h.nan_to_num_(0.0)
    return h


def mean_over_an_input(adj, x):
    h = torch.mm(adj, x)
    h /= adj.sum(1, keepdim=True)  # error: [zero-degree-division]
    return h


def mean_over_an_input_chained(adj, x):
    return adj.mm(x).div(adj.sum(1, keepdim=True))  # error: [zero-degree-division]


def mean_over_an_input_clamped(adj, x):
    h = adj @ x
    return h / adj.sum(1, keepdim=True).clamp(min=1)


def rows_of_any_matrix(m, x):
    # Features multiplied by the matrix from the other side: no propagation by `m`, no neighbour count.
    h = x @ m
    return h / m.sum(1, keepdim=True)
