# Modelled on a GAT layer written over a dense adjacency: the attention logits of the edges go
# through `exp` with no max shift, are written into a zero matrix at the edges (`index_put_`, or
# an element store), and each row is divided by its sum (`F.normalize(p=1)` is exactly that):
# a softmax over each node's edges without the shift, so a logit above ~88 gives inf / inf = NaN.
# The finding is at the `exp` with no shift, however far below it the division is.
# The same layer with the max subtracted first is safe.
import torch
import torch.nn.functional as F


def edge_softmax(adj, el, er):
    nz = adj.nonzero().T
    scores = F.leaky_relu(el[nz[0]] + er[nz[1]], negative_slope=0.2)
    weights = torch.exp(scores)  # error: [unstable-manual-softmax]
    dense = torch.zeros(adj.size(0), adj.size(1), device=adj.device)
    dense.index_put_((nz[0], nz[1]), weights)
    return F.normalize(dense, p=1, dim=-1)


def edge_softmax_by_store(adj, el, er):
    row, col = adj.nonzero().T
    weights = torch.exp(el[row] + er[col])  # error: [unstable-manual-softmax]
    dense = torch.zeros(adj.size(0), adj.size(1))
    dense[row, col] = weights
    return F.normalize(dense, p=1, dim=1)


def edge_softmax_shifted(adj, el, er):
    nz = adj.nonzero().T
    scores = F.leaky_relu(el[nz[0]] + er[nz[1]], negative_slope=0.2)
    weights = torch.exp(scores - scores.max())
    dense = torch.zeros(adj.size(0), adj.size(1), device=adj.device)
    dense.index_put_((nz[0], nz[1]), weights)
    return F.normalize(dense, p=1, dim=-1)
