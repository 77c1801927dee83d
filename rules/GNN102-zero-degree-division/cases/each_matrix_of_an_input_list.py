# Several relations' adjacencies handed in as one list and normalized one by one: each element of the
# input is judged by its use in the loop, as a parameter is (scaled on both sides by the inverse
# root of its own row sums: an adjacency, whose row sums are degrees and can be zero).
import torch


def normalize_relations(adjs):
    out = []
    for a in adjs:
        d = a.sum(-1)
        dinv = d ** -0.5  # error: [zero-degree-division]
        out.append(dinv[:, None] * a * dinv[None, :])
    return out


def normalize_relations_patched(adjs):
    out = []
    for a in adjs:
        d = a.sum(-1)
        dinv = d ** -0.5
        dinv[torch.isinf(dinv)] = 0
        out.append(dinv[:, None] * a * dinv[None, :])
    return out


def row_shares(tables):
    # Each table divided by its own row sums: any matrix's rows, not a graph's.
    return [t / t.sum(1, keepdim=True).clamp(min=1e-12) for t in tables]
