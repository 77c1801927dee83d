# Modelled on ANEMONE's run script: a matrix read from a .mat file (nothing says what it holds until it
# is used) goes through a helper that scales it by its own inverse square-root degree, a symmetric
# normalizer by that use, and the identity is added to the result afterwards. The look-alikes add the
# identity first, or add it to rows scaled by their sum (any matrix's row normalization, not a graph's).
import numpy as np
import scipy.io as sio
import scipy.sparse as sp


def symmetric(m):
    m = sp.coo_matrix(m)
    s = np.array(m.sum(1))
    r = np.power(s, -0.5).flatten()
    r[np.isinf(r)] = 0.0
    d = sp.diags(r)
    return m.dot(d).transpose().dot(d).tocoo()


def row_shares(m):
    return m / np.maximum(m.sum(1), 1.0)


def load(name):
    data = sio.loadmat(name + ".mat")
    return sp.csr_matrix(data["net"]), data["X"]


def late(name):
    g, x = load(name)
    g = symmetric(g)  # warning: [missing-self-loops]
    g = (g + sp.eye(g.shape[0])).todense()
    return g, x


def early(name):
    g, x = load(name)
    g = symmetric(g + sp.eye(g.shape[0]))
    return g.todense(), x


def shares_plus_identity(name):
    g, x = load(name)
    s = row_shares(x)
    return s + np.eye(s.shape[0])
