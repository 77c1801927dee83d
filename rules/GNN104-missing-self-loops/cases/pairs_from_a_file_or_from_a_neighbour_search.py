# A sparse matrix filled at index pairs is claimed to lack self-loops only where the pairs are a
# dataset's edges: read from a file (as Graph-Bert's loader does) or the coordinates of another
# graph. Pairs computed here, such as a k-nearest-neighbour search of the points against their
# own index (DGL's hilander builds its graph so), may join a point to itself: nothing is claimed.
import numpy as np
import scipy.sparse as sp


def inverse_row_sums(m):
    totals = np.array(m.sum(1))
    totals[totals <= 0] = 1
    return np.power(totals, -1).flatten()


def citation_graph(path, n):
    pairs = np.genfromtxt(path, dtype=np.int32)
    m = sp.coo_matrix((np.ones(pairs.shape[0]), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return sp.diags(inverse_row_sums(m)).dot(m)  # warning: [missing-self-loops]


def subsampled(graph, keep):
    coo = graph.tocoo()
    m = sp.coo_matrix((coo.data[keep], (coo.row[keep], coo.col[keep])), shape=coo.shape)
    return sp.diags(inverse_row_sums(m)).dot(m)  # warning: [missing-self-loops]


def knn_graph(neighbours, similarity, k):
    n = len(neighbours)
    src, slot = np.where(similarity >= 0)
    dst = neighbours[src, slot]
    m = sp.csr_matrix((similarity[src, slot], (src, dst)), shape=(n, n))
    return sp.diags(inverse_row_sums(m)).dot(m)


def knn_graph_renamed(ids, weights, k):
    count = len(ids)
    a, b = np.where(weights >= 0)
    c = ids[a, b]
    m = sp.csr_matrix((weights[a, b], (a, c)), shape=(count, count))
    return sp.diags(inverse_row_sums(m)).dot(m)
