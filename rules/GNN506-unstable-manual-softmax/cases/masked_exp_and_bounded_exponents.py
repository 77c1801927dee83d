# Modelled on softmax aggregators over a dense adjacency: `exp` of the raw features is multiplied
# by the adjacency (a mask), summed over the neighbours and divided: masking does not bound the
# exponent, and inf * 1 / inf is NaN. Reported at the `exp`, whichever way the product is written.
# Safe look-alikes: the exponent shifted by a segment maximum in one statement and exponentiated in
# the next (`out = out.exp()` reuses the name), and `exp` of values already in [0, 1] (a softmax's
# or a sigmoid's output, `tanh`, scaled by a moderate constant or a temperature), which cannot overflow.
import torch
import torch.nn.functional as F
from torch_scatter import scatter_add, scatter_max


def aggregate_softmax(X, adj):
    X_exp = torch.exp(X)  # error: [unstable-manual-softmax]
    X_exp = torch.mul(X_exp, adj.unsqueeze(-1))
    X_sum = torch.sum(X_exp, dim=2, keepdim=True)
    return torch.sum(torch.div(X_exp, X_sum) * X, dim=2)


def aggregate_softmax_operator(h, mask):
    weights = h.exp() * mask  # error: [unstable-manual-softmax]
    return weights / weights.sum(dim=1, keepdim=True)


def segment_softmax(src, index, num_nodes):
    out = src - scatter_max(src, index, dim=0, dim_size=num_nodes)[0][index]
    out = out.exp()
    out = out / (scatter_add(out, index, dim=0, dim_size=num_nodes)[index] + 1e-16)
    return out


def sharpened(scores):
    probs = F.softmax(scores, dim=1)
    weights = torch.exp(probs / 0.5)
    return weights / weights.sum(dim=1, keepdim=True)


def tempered(scores, temperature):
    probs = torch.sigmoid(scores)
    weights = torch.exp(probs / temperature)
    return weights / weights.sum(dim=1, keepdim=True)


def gated(logits):
    gate = torch.tanh(logits)
    weights = torch.exp(2.0 * gate)
    return weights / weights.sum(-1, keepdim=True)
