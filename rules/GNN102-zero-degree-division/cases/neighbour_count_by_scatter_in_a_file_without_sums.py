# A mean over neighbours whose count is a segment count of ones (torch_scatter), in a file that names
# no reduction otherwise: the file must still be read for neighbour counts.
import torch
from torch_scatter import scatter_add


def mean_over_neighbours(x, edge_index):
    row, col = edge_index
    out = scatter_add(x[col], row, dim=0, dim_size=x.size(0))
    cnt = scatter_add(torch.ones_like(row, dtype=x.dtype), row, dim=0, dim_size=x.size(0))
    return out / cnt.unsqueeze(-1)  # error: [zero-degree-division]


def mean_over_neighbours_clamped(x, edge_index):
    row, col = edge_index
    out = scatter_add(x[col], row, dim=0, dim_size=x.size(0))
    cnt = scatter_add(torch.ones_like(row, dtype=x.dtype), row, dim=0, dim_size=x.size(0))
    return out / cnt.clamp(min=1).unsqueeze(-1)
