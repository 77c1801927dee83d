# Modelled on kernel and prototype code that turns distances into soft assignments: the exponent
# is a negated distance (`torch.cdist`, `torch.norm`), a negated sum of squares or a Gaussian
# kernel. None of them is ever positive, so `exp` stays in (0, 1] and cannot overflow, whether it
# is taken in place or not: no max shift is needed. A ReLU of the scores is non-negative too, but
# unbounded above, and its `exp` overflows like any unshifted score.
import numpy as np
import torch


def soft_assign_relu(scores):
    s = torch.relu(scores)
    s.exp_()  # error: [unstable-manual-softmax]
    return s / s.sum(dim=1, keepdim=True)


def soft_assign_distance(x, centres):
    d = torch.exp(-torch.cdist(x, centres))
    return d / d.sum(dim=1, keepdim=True)


def soft_assign_distance_in_place(x, centres):
    d = -torch.cdist(x, centres)
    d.exp_()
    return d / d.sum(dim=1, keepdim=True)


def soft_assign_sum_of_squares(x):
    d = -(x ** 2).sum(1)
    d.exp_()
    return d / d.sum()


def soft_assign_norm(x, centres, tau):
    d = -torch.norm(x[:, None] - centres[None], dim=-1) / tau
    d = d.exp()
    return d / d.sum(dim=1, keepdim=True)


def soft_assign_numpy(x, centres):
    w = np.exp(-np.linalg.norm(x[:, None] - centres[None], axis=-1))
    return w / w.sum(axis=1, keepdims=True)
