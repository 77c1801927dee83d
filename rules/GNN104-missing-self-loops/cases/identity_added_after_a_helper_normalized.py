# Modelled on NGCF: a data class returns the plain, renormalized and row-normalized adjacencies; the
# script picks the row-normalized one (no self-loops) and adds the identity only afterwards.
import numpy as np
import scipy.sparse as sp


class Interactions:
    def __init__(self, pairs, n_users, n_items):
        self.pairs, self.n_users, self.n_items = pairs, n_users, n_items

    def matrices(self):
        n = self.n_users + self.n_items
        rows, cols = self.pairs[:, 0], self.n_users + self.pairs[:, 1]
        a = sp.coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
        a = a + a.T

        def row_normalize(m):
            r = np.power(np.array(m.sum(1)), -1).flatten()
            r[np.isinf(r)] = 0.0
            return sp.diags(r).dot(m)

        return a, row_normalize(a + sp.eye(n)), row_normalize(a)  # warning: [missing-self-loops]


source = Interactions(np.load("pairs.npy"), 100, 200)
plain, renormalized, row_only = source.matrices()
operator = row_only + sp.eye(row_only.shape[0])  # warning: [missing-self-loops]
good = renormalized
