# Modelled on NumPy preprocessing that normalises feature rows with `np.divide(..., where=...)`:
# the division is carried out only where the test holds (`where=s != 0`, the other entries keep
# `out`), so an all-zero row stays 0 instead of becoming 0 / 0. The same call without `where=`
# divides every row.
import numpy as np


def row_normalise(x):
    s = np.sum(x, axis=1, keepdims=True)
    return np.divide(x, s)  # warning: [unguarded-division]


def row_normalise_where(x):
    s = np.sum(x, axis=1, keepdims=True)
    return np.divide(x, s, out=np.zeros_like(x), where=s != 0)
