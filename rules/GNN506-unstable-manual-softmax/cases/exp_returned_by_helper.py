# Modelled on attention code that computes the unnormalised weights in a helper
# (`def scores(q, k): return torch.exp(q @ k.t())`) and divides them by their row sums in the
# caller. The helper's `exp` is only a softmax through the caller's division, so the finding is
# at that division. A helper that subtracts the maximum first returns bounded weights: safe.
import torch


def exp_scores(q, k):
    return torch.exp(q @ k.t())


def shifted_exp_scores(q, k):
    s = q @ k.t()
    return torch.exp(s - s.max(dim=-1, keepdim=True).values)


def attend(q, k, v):
    w = exp_scores(q, k)
    w = w / w.sum(-1, keepdim=True)  # error: [unstable-manual-softmax]
    return w @ v


def attend_shifted(q, k, v):
    w = shifted_exp_scores(q, k)
    w = w / w.sum(-1, keepdim=True)
    return w @ v
