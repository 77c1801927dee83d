# Modelled on embedding code that keeps its row norm in a one-line helper: the division reads
# `x / l2(x)`, and only the helper shows that the denominator is the row's own norm. An all-zero
# row (an isolated node's embedding, a featureless node) gives 0 / 0 as if written inline. A helper
# whose return is clamped, or that adds an epsilon, guards the division just as inline code would.
import torch


def l2(v):
    return v.norm(p=2, dim=1, keepdim=True)


def l2_clamped(v, tiny=1e-12):
    length = v.norm(p=2, dim=1, keepdim=True)
    return length.clamp(min=tiny)


def totals(m):
    return m.sum(dim=-1, keepdim=True)


def totals_smoothed(m, tiny=1e-8):
    return m.sum(dim=-1, keepdim=True) + tiny


class Projector(torch.nn.Module):
    def row_length(self, h):
        return torch.norm(h, dim=-1, keepdim=True)

    def forward(self, h):
        h = h / self.row_length(h)  # warning: [unguarded-division]
        return h


def embed(x, w):
    z = x @ w
    z = z / l2(z)  # warning: [unguarded-division]
    z = z / l2_clamped(z)
    return z


def transition(adj):
    first = adj / totals(adj)  # warning: [unguarded-division]
    second = adj / totals_smoothed(adj)
    return first, second
