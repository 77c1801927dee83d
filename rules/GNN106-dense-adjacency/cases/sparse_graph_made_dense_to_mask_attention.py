"""A layer given a sparse graph makes it dense in its forward to mask attention scores: the pairs it
joins keep their scores, every other pair is pushed to a huge negative value before the softmax.
That is attention over the graph's edges, so the dense copy is the graph's adjacency by this use,
however the argument is named: O(n^2) memory on every forward. A dense copy that only selects
values (a zero fill, no softmax mask) and one made in a helper whose callers are unknown are quiet."""

import torch
import torch.nn as nn
import torch.nn.functional as F


class NodeAttention(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.a1 = nn.Parameter(torch.empty(dim, 1))
        self.a2 = nn.Parameter(torch.empty(dim, 1))
        nn.init.xavier_normal_(self.a1)
        nn.init.xavier_normal_(self.a2)

    def forward(self, h, g, adj):
        e = F.leaky_relu(torch.matmul(h, self.a1) + torch.matmul(g, self.a2).t(), 0.2)
        floor = -9e15 * torch.ones_like(e)
        if adj.is_sparse:
            mask = adj.to_dense()  # info: [dense-adjacency]
            scores = torch.where(mask > 0, e, floor)
        else:
            scores = torch.where(adj > 0, e, floor)
        return torch.matmul(F.softmax(scores, dim=1), g)


class Gate(nn.Module):
    def forward(self, x, links):
        picked = links.to_dense()
        return torch.where(picked > 0, x, torch.zeros_like(x))


def masked_scores(e, adj):
    mask = adj.to_dense()
    return torch.where(mask > 0, e, -9e15 * torch.ones_like(e))
