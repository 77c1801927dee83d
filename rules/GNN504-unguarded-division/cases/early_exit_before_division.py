# Modelled on skeleton-preprocessing and geometry helpers: a vector divided by its norm after the
# function (or every caller of it) has returned early for a zero vector is safe; the same helper
# called once without the test is the hazard.
import numpy as np


def unit(v):
    n = np.linalg.norm(v)
    if n == 0:
        return v
    return v / n


def direction(v):
    return v / np.linalg.norm(v)


def angle(a, b):
    if np.abs(a).sum() < 1e-6 or np.abs(b).sum() < 1e-6:
        return 0.0
    return np.arccos(np.clip(np.dot(direction(a), direction(b)), -1.0, 1.0))


def heading(v):
    return v / np.linalg.norm(v)  # warning: [unguarded-division]


def headings(vectors):
    out = []
    for v in vectors:
        if v is None:
            continue
        out.append(heading(v))
    return out


def rows_unit(x):
    for i in range(len(x)):
        if np.abs(x[i]).sum() == 0:
            continue
        x[i] = x[i] / np.linalg.norm(x[i])
    return x
