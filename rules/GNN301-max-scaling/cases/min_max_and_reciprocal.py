# Modelled on trajectory-simulation loaders that min-max scale positions and velocities by the
# training set's global range, and on heat-kernel code that scales each row by the reciprocal of
# its maximum: a constant input has range 0 (0 / 0 = NaN), an all-zero row has maximum 0 (inf),
# and one outlier squashes every other value. Keeping only the columns whose range is positive,
# or an epsilon, is safe.
import numpy as np


def load(train, valid):
    lo = train.min()
    hi = train.max()
    train = (train - lo) * 2 / (hi - lo) - 1  # warning: [max-scaling]
    valid = (valid - lo) * 2 / (hi - lo) - 1  # warning: [max-scaling]
    return train, valid


def per_feature(train):
    hi = np.expand_dims(train.max(0).max(0), 0)
    lo = np.expand_dims(train.min(0).min(0), 0)
    return (train - lo) / (hi - lo)  # warning: [max-scaling]


def per_feature_eps(train):
    hi = train.max(0)
    lo = train.min(0)
    return (train - lo) / (hi - lo + 1e-8)


def useful_columns(train):
    hi = train.max(0)
    lo = train.min(0)
    spread = hi - lo
    keep = spread > 0
    spread = spread[keep]
    return (train[:, keep] - lo[keep]) / spread


def row_max_scaling(m):
    n = m.shape[0]
    factors = [1.0 / np.max(m[i, :]) for i in range(n)]  # warning: [max-scaling]
    return np.diag(factors).dot(m)


def scaled_unless_all_zero(mx):
    # the all-zero input is sent back before the division: the guard an epsilon would give
    top = np.absolute(mx).max()
    if top == 0:
        return mx
    return mx / top


def scaled_after_unrelated_check(mx, count):
    top = np.absolute(mx).max()
    if count == 0:
        return mx
    return mx / top  # warning: [max-scaling]
