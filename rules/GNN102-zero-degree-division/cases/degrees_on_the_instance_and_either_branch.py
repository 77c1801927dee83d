# Modelled on GraphSAINT's samplers and norm helper: a degree kept on the instance in __init__ and
# inverted there into a scipy dia_matrix, and a degree that is the row sums unless the caller passes
# one (`x if c else y`): on the default branch nothing keeps it off zero.
import numpy as np
import scipy.sparse


class Sampler:
    def __init__(self, adj_train):
        self.deg = np.array(adj_train.sum(1)).flatten()
        self.norm = scipy.sparse.dia_matrix((1 / self.deg, 0), shape=adj_train.shape).dot(adj_train)  # error: [zero-degree-division]


class LoopedSampler:
    def __init__(self, adj_train):
        looped = adj_train + scipy.sparse.eye(adj_train.shape[0])
        self.deg = np.array(looped.sum(1)).flatten()
        self.norm = scipy.sparse.dia_matrix((1 / self.deg, 0), shape=looped.shape).dot(looped)


def row_normalize(adj, deg=None):
    d = adj.sum(1).flatten() if deg is None else deg
    return scipy.sparse.dia_matrix((1 / d, 0), shape=adj.shape).dot(adj)  # error: [zero-degree-division]


def row_normalize_clipped(adj, deg=None):
    d = adj.sum(1).flatten() if deg is None else deg
    d = np.maximum(d, 1)
    return scipy.sparse.dia_matrix((1 / d, 0), shape=adj.shape).dot(adj)
