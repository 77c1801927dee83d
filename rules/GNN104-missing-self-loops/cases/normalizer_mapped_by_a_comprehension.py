# Modelled on KGAT's loader: one adjacency per relation, filled at the pairs a file lists, is kept in
# a list, and a nested helper row-normalizes each one inside a list comprehension. The comprehension's
# variable is each element of the list: the helper receives a graph without self-loops. The copy
# given the identity first is fine, and a later statement reading the same name sees its own binding.
import numpy as np
import scipy.sparse as sp


class Loader:
    def __init__(self, path, n):
        self.n = n
        self.adjs = []
        for rel in range(3):
            pairs = np.loadtxt(f"{path}/{rel}.txt", dtype=np.int64)
            self.adjs.append(sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)))

    def operators(self):
        def row_norm(m):
            inv = np.power(np.array(m.sum(1)), -1).flatten()
            inv[np.isinf(inv)] = 0.0
            return sp.diags(inv).dot(m).tocoo()

        plain = [row_norm(m) for m in self.adjs]  # warning: [missing-self-loops]
        looped = [row_norm(m + sp.eye(self.n)) for m in self.adjs]
        m = sp.eye(self.n)
        return plain, looped, row_norm(m)
