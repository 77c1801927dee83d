import torch
from torch_geometric.utils import to_dense_adj


def gcn_weights(adj):
    deg = adj.sum(1)
    deg_inv_sqrt = torch.nan_to_num(deg.pow(-0.5), posinf=0.0)  # error: [zero-degree-division]
    return deg_inv_sqrt[:, None] * adj * deg_inv_sqrt[None, :]


def mean_weights(edge_index):
    adj = to_dense_adj(edge_index)[0]
    deg = adj.sum(dim=1)
    return torch.nan_to_num(adj / deg[:, None], posinf=0.0)  # error: [zero-degree-division]
