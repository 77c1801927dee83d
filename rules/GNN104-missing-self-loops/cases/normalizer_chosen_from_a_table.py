# Modelled on DropEdge's normalization.py: normalizers picked from a dict by a configuration string and
# applied to a sampled (edge-dropped) adjacency. Which entry runs is not known, so each entry is judged
# in its own body with what the caller passes; the call itself is not reported.
import numpy as np
import scipy.sparse as sp


def symmetric(m):
    m = sp.coo_matrix(m)
    s = np.array(m.sum(1))
    r = np.power(s, -0.5).flatten()
    r[np.isinf(r)] = 0.0
    q = sp.diags(r)
    return q.dot(m).dot(q).tocoo()  # warning: [missing-self-loops]


def renormalized(m):
    m = m + sp.eye(m.shape[0])
    s = np.array(m.sum(1))
    q = sp.diags(np.power(s, -0.5).flatten())
    return q.dot(m).dot(q).tocoo()


def laplacian(m):
    s = np.array(m.sum(1))
    r = np.power(s, -0.5).flatten()
    r[np.isinf(r)] = 0.0
    q = sp.diags(r)
    return sp.eye(m.shape[0]) - q.dot(m).dot(q)


def normalizer(kind):
    table = {"sym": symmetric, "renorm": renormalized, "lap": laplacian}
    return table.get(kind, lambda m: m)


def normalize_sampled(m, kind):
    return normalizer(kind)(m)


def drop_edges(edges, n, keep, kind):
    chosen = edges[np.random.rand(len(edges)) < keep]
    m = sp.coo_matrix((np.ones(len(chosen)), (chosen[:, 0], chosen[:, 1])), shape=(n, n))
    return normalize_sampled(m, kind)
