# Modelled on DGFraud's HACUD loader (an NGCF-style get_data): one adjacency per metapath is filled at the
# index pairs a dataset lists and kept in a list built by `append`; each is copied into an empty square
# matrix by a slice assignment, then row-normalized by its own degree, once with the identity and once
# without it.
import numpy as np
import scipy.sparse as sp


class Loader:
    def __init__(self, pairs, n):
        self.n = n
        self.graphs = []
        for rows, cols in pairs:
            m = sp.dok_matrix((n, n), dtype=np.float32)
            m[rows, cols] = 1
            self.graphs.append(m)

    def operators(self):
        def row_normalized(a):
            d = np.power(np.array(a.sum(1)), -1).flatten()
            d[np.isinf(d)] = 0.0
            return sp.diags(d).dot(a).tocoo()

        looped, plain = [], []
        for k in range(len(self.graphs)):
            block = sp.dok_matrix((self.n, self.n), dtype=np.float32).tolil()
            block[:self.n, :self.n] = self.graphs[k].tolil()
            block = block.todok()
            looped.append(row_normalized(block + sp.eye(block.shape[0])))
            plain.append(row_normalized(block))  # warning: [missing-self-loops]
        return looped, plain
