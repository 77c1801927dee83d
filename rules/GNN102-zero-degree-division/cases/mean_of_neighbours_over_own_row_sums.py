"""Mean aggregators over a dense batched adjacency, written by hand: the features summed over each
row's neighbours (a matrix product, or a broadcast product summed over the neighbour axis) divided
by the adjacency's own row sums. Whatever the input is called, being multiplied into features and
averaged over its own rows makes it an adjacency, and a padded or isolated node has a row sum of 0.
A clamp, self-loops added first, and a matrix scaled by its own row sums alone (no features
averaged: any matrix's rows) are quiet."""

import torch


def neighbour_mean(feats, mask, loops=False):
    if loops:
        mask = mask + torch.eye(mask.shape[-1]).unsqueeze(0)
    counts = torch.sum(mask, -1, keepdim=True)
    total = torch.sum(torch.mul(feats.unsqueeze(1), mask.unsqueeze(-1)), dim=2)
    return torch.div(total, counts)  # error: [zero-degree-division]


def neighbour_mean_by_product(feats, mask):
    counts = mask.sum(-1, keepdim=True)
    return torch.matmul(mask, feats) / counts  # error: [zero-degree-division]


def neighbour_mean_clamped(feats, mask):
    out = torch.matmul(mask, feats)
    return out / mask.sum(-1, keepdim=True).clamp(min=1)


def neighbour_mean_with_loops(feats, mask):
    mask = mask + torch.eye(mask.shape[-1]).unsqueeze(0)
    return torch.matmul(mask, feats) / mask.sum(-1, keepdim=True)


def row_shares(scores):
    return scores / scores.sum(1, keepdim=True)
