# Modelled on graph-algorithm label generators (PageRank by power iteration): a matrix divided by
# its row sums and then multiplied into itself is a random walk's transition matrix; its zero rows
# are nodes without edges, which zero-degree-division (GNN102) judges, so this rule stays out. The
# same row normalisation of profiles compared with each other (`p @ p.T`, a similarity) is this
# rule's hazard.
import numpy as np


def stationary(a, steps=32):
    p = np.array(a, dtype=float)
    p /= p.sum(axis=1)[:, np.newaxis]
    for _ in range(steps):
        p = np.matmul(p, p)
    return p[0]


def overlap(counts):
    p = np.array(counts, dtype=float)
    p /= p.sum(axis=1)[:, np.newaxis]  # warning: [unguarded-division]
    return np.matmul(p, p.T)
