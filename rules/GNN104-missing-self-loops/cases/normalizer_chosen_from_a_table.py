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


def drop_edges(graph, keep, kind):
    # The kept pairs are entries of an existing graph: its edges, as a dataset gives them.
    coo = graph.tocoo()
    chosen = np.random.permutation(coo.nnz)[:int(coo.nnz * keep)]
    m = sp.coo_matrix((coo.data[chosen], (coo.row[chosen], coo.col[chosen])), shape=coo.shape)
    return normalize_sampled(m, kind)
