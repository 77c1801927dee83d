# Modelled on segment-softmax helpers that receive the per-segment maximum from their caller:
# `exp(x - m)` with `m` a parameter is shifted by whatever the caller passes, which nothing here
# shows to be unbounded, whatever the parameter is called. An exponent with no shift at all is
# the hazard.
import torch


def normalise_shifted(scores, m, index, n):
    e = torch.exp(scores - m)
    total = torch.zeros(n).scatter_add_(0, index, e)
    return e / total[index]


def normalise_shifted_renamed(scores, q, index, n):
    e = torch.exp(scores - q)
    total = torch.zeros(n).scatter_add_(0, index, e)
    return e / total[index]


def attention(scores):
    e = torch.exp(scores)  # error: [unstable-manual-softmax]
    return e / e.sum(-1, keepdim=True)
