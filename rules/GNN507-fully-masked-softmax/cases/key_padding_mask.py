# Modelled on the multi-head attention of text-and-graph generators (an encoder attending over
# padded entity sequences): the mask marks padded key positions and is broadcast along the query
# rows (`pad[:, None, None, :]`), the same for every query. A row is fully masked only if a whole
# sequence is padding, which the batching never produces: this is not a graph neighbourhood. A
# per-pair mask over nodes (`adj == 0`) masks the row of an isolated node completely.
import math

import torch


def multi_head(q, k, v, pad):
    scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(q.size(-1))
    scores = scores.masked_fill(pad[:, None, None, :], -1e8)
    return torch.matmul(torch.softmax(scores, -1), v)


def single_head(q, k, v, pad):
    scores = torch.bmm(q, k.transpose(1, 2))
    scores = scores.masked_fill(pad.unsqueeze(-2), float("-inf"))
    return torch.bmm(torch.softmax(scores, -1), v)


def graph_attention(h, adj, a):
    e = torch.matmul(h, a) @ h.T
    e = e.masked_fill(adj == 0, float("-inf"))
    return torch.softmax(e, -1) @ h  # warning: [fully-masked-softmax]
