# Modelled on benchmarking-gnns' Laplacian positional encodings: the in-degrees of a DGL graph converted
# to NumPy by the backend are still degrees; clipped to 1 first they cannot be 0.
import dgl
import numpy as np
import scipy.sparse as sp


def laplacian(g):
    a = g.adjacency_matrix_scipy(return_edge_ids=False).astype(float)
    n = sp.diags(dgl.backend.asnumpy(g.in_degrees()) ** -0.5, dtype=float)  # error: [zero-degree-division]
    return sp.eye(g.number_of_nodes()) - n * a * n


def laplacian_clipped(g):
    a = g.adjacency_matrix_scipy(return_edge_ids=False).astype(float)
    n = sp.diags(dgl.backend.asnumpy(g.in_degrees()).clip(1) ** -0.5, dtype=float)
    return sp.eye(g.number_of_nodes()) - n * a * n
