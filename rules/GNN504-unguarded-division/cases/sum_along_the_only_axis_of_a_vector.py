# Modelled on synthetic graph generators that pick the next attachment point with probabilities
# `w / w.sum(dim=0)`, where `w` stacks one scalar per node (a count, or 1 / (count + eps)): the
# sum along the only axis of a vector is the sum of every entry, 0 only for an all-zero tensor,
# like the global sums this rule leaves alone. Rows stacked from per-column sums still make a
# matrix, and dividing it by its own row sums stays flagged.
import torch


def attach_by_degree(edges, n):
    w = torch.stack([(edges[0] == v).float().sum() for v in range(n)], dim=0)
    total = w.sum(dim=0, keepdim=True)
    return w / total


def attach_by_inverse_degree(edges, n, eps=1e-30):
    w = torch.stack([1 / ((edges[0] == v).float().sum() + 1e-30) for v in range(n)], dim=0)
    return w / w.sum(dim=0, keepdim=True)


def profile_per_part(parts):
    rows = torch.stack([h.sum(dim=0) for h in parts], dim=0)
    return rows / rows.sum(dim=1, keepdim=True)  # warning: [unguarded-division]
