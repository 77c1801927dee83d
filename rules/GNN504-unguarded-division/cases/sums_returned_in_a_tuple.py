# Modelled on preprocessing code whose helper returns several statistics at once
# (`s, n = stats(x)`): the division reads a name unpacked from the helper's tuple, and only the
# helper shows that it is the row's own sum or norm. An all-zero row gives 0 / 0 as if written
# inline. A helper that guards the statistics it returns guards the division just as well.
import numpy as np


def stats(x):
    s = x.sum(axis=1, keepdims=True)
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return s, n


def stats_guarded(x):
    s = x.sum(axis=1, keepdims=True) + 1e-12
    n = np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    return s, n


def normalise(x):
    total, length = stats(x)
    by_sum = x / total  # warning: [unguarded-division]
    by_norm = x / length  # warning: [unguarded-division]
    return by_sum, by_norm


def normalise_guarded(x):
    total, length = stats_guarded(x)
    return x / total, x / length
