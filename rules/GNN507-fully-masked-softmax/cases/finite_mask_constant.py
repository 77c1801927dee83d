# Modelled on dense GAT layers of clustering and heterogeneous-graph models that mask with the finite
# -9e15 (or -1e9 added as a bias) in float32: a node with no neighbour gets every score masked, but
# exp(s - max) is then 1 for each entry, so its row is uniform, not NaN. Only -inf (or a constant
# that overflows in the model's precision) turns a fully masked row into 0 / 0.
import torch
import torch.nn.functional as F


def dense_attention(e, adj, h):
    zero_vec = -9e15 * torch.ones_like(e)
    attention = torch.where(adj > 0, e, zero_vec)
    attention = F.softmax(attention, dim=1)
    return attention @ h


def additive_bias(e, adj, h):
    bias = -1e9 * (1.0 - adj)
    return torch.softmax(e + bias, dim=-1) @ h


def dtype_minimum(e, adj, h):
    e = e.masked_fill(adj == 0, torch.finfo(e.dtype).min)
    return torch.softmax(e, dim=-1) @ h


def infinite_mask(e, adj, h):
    e = e.masked_fill(adj == 0, float("-inf"))
    return torch.softmax(e, dim=-1) @ h  # warning: [fully-masked-softmax]
