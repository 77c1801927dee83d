# Modelled on NGCF's create_adj_mat: an empty (n, n) sparse matrix filled with the user-item blocks is
# row-normalized by its own degrees in a helper; the caller adds the identity to the result afterwards.
import numpy as np
import scipy.sparse as sp


def row_normalized(m):
    d = np.power(np.array(m.sum(1)), -1).flatten()
    d[np.isinf(d)] = 0.0
    return sp.diags(d).dot(m).tocoo()


def bipartite(r, n_users, n_items):
    a = sp.dok_matrix((n_users + n_items, n_users + n_items), dtype=np.float32)
    a = a.tolil()
    a[:n_users, n_users:] = r
    a[n_users:, :n_users] = r.T
    return a.todok()


def operators(r, n_users, n_items):
    a = bipartite(r, n_users, n_items)
    renormalized = row_normalized(a + sp.eye(a.shape[0]))
    mean = row_normalized(a)
    late = mean + sp.eye(mean.shape[0])  # warning: [missing-self-loops]
    return renormalized, late
