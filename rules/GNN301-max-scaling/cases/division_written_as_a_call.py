# Max scaling however the division is written: `x.div(m)`, `torch.div(x, m)` and `np.divide(x, m)`
# divide exactly as `x / m` does, so an all-zero feature column still gives 0 / 0. A guarded maximum
# or a division with a rounding mode (integer bucketing, not a scale) is not max scaling.
import numpy as np
import torch


def scale(x):
    return x.div(x.max())  # warning: [max-scaling]


def scale_columns(x):
    return torch.div(x, x.max(dim=0).values)  # warning: [max-scaling]


def scale_array(a):
    return np.divide(a, a.max(0))  # warning: [max-scaling]


def scale_guarded(x):
    return x.div(x.max().clamp(min=1e-12))


def scale_array_guarded(a):
    return np.divide(a, a.max(0) + 1e-12)


def bucket(ids):
    return torch.div(ids, ids.max(), rounding_mode="floor")
