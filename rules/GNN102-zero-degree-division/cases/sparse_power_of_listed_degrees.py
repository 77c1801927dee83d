# Modelled on AttentionWalk's transition matrix: the degrees of an adjacency built from an edge list are
# turned into a Python list, laid on a sparse diagonal and raised to -1/2 with the sparse matrix's own
# `.power`, with no zero guard; with the identity added first every degree is at least 1.
import numpy as np
from scipy import sparse


def transition(edges):
    rows = [e[0] for e in edges] + [e[1] for e in edges]
    cols = [e[1] for e in edges] + [e[0] for e in edges]
    n = max(max(rows), max(cols)) + 1
    a = sparse.coo_matrix(([1.0] * len(rows), (rows, cols)), shape=(n, n), dtype=np.float32)
    d = sparse.diags(a.sum(axis=0)[0].tolist(), [0])
    return d.power(-1 / 2).dot(a)  # error: [zero-degree-division]


def renormalized(edges):
    rows = [e[0] for e in edges] + [e[1] for e in edges]
    cols = [e[1] for e in edges] + [e[0] for e in edges]
    n = max(max(rows), max(cols)) + 1
    a = sparse.coo_matrix(([1.0] * len(rows), (rows, cols)), shape=(n, n), dtype=np.float32)
    a = a + sparse.eye(n)
    d = sparse.diags(a.sum(axis=0)[0].tolist(), [0])
    return d.power(-0.5).dot(a).dot(d.power(-0.5))
