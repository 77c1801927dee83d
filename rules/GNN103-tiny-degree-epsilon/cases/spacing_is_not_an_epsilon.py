# Modelled on mdeff/cnn_graph lib/graph.py: the degree of a weight matrix read through `.A` (a NumPy
# matrix as an array), "guarded" by np.spacing(0), the gap above zero (about 5e-324 in float64):
# an isolated node's coefficient is still astronomically large.
import numpy as np
import scipy.sparse


def laplacian(W):
    d = W.sum(axis=0)
    d += np.spacing(np.array(0, W.dtype))
    d = 1 / np.sqrt(d)  # warning: [tiny-degree-epsilon]
    D = scipy.sparse.diags(d.A.squeeze(), 0)
    return scipy.sparse.identity(d.size) - D * W * D


def laplacian_with_epsilon(W):
    d = W.sum(axis=0)
    d += 1e-3
    d = 1 / np.sqrt(d)
    D = scipy.sparse.diags(d.A.squeeze(), 0)
    return scipy.sparse.identity(d.size) - D * W * D
