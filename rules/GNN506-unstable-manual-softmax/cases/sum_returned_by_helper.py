# Modelled on attention code that keeps the normaliser in a one-line helper
# (`def row_total(w): return w.sum(-1, keepdim=True)`) and divides the exp'd scores by it: read
# through the helper, the denominator is the sum of the same unshifted `exp`, a softmax by hand.
# Scores shifted by their row maximum first are safe whichever way the sum is written.
import torch


def row_total(w):
    return w.sum(dim=-1, keepdim=True)


def attend(q, k, v):
    w = torch.exp(q @ k.t())  # error: [unstable-manual-softmax]
    return (w / row_total(w)) @ v


def attend_shifted(q, k, v):
    s = q @ k.t()
    w = torch.exp(s - s.max(dim=-1, keepdim=True).values)
    return (w / row_total(w)) @ v
