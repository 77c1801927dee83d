# Modelled on stellargraph's normalize_adj: self-loops are added only when a keyword switch is on (off
# by default); the inverse that follows is unguarded on the path where the switch is off.
import numpy as np
import scipy.sparse as sp


def left_normalize(a, with_loops=False):
    if with_loops:
        a = a + sp.diags(np.ones(a.shape[0]) - a.diagonal())
    q = sp.diags(np.float_power(np.array(a.sum(1)), -1).flatten(), 0)  # error: [zero-degree-division]
    return q.dot(a).tocsr()


def left_normalize_either_way(a, with_loops=False):
    if with_loops:
        a = a + sp.eye(a.shape[0])
    else:
        a = a.tolil()
        a.setdiag(1)
    q = sp.diags(np.float_power(np.array(a.sum(1)), -1).flatten(), 0)
    return q.dot(a).tocsr()


def left_normalize_clamped(a, floor_degrees=True):
    s = np.array(a.sum(1)).flatten()
    if floor_degrees:
        s = np.maximum(s, 1.0)
    q = sp.diags(np.float_power(s, -1), 0)  # error: [zero-degree-division]
    return q.dot(a).tocsr()
