# Modelled on positional encodings computed from a graph's Laplacian: the diagonal of the
# unnormalised Laplacian D - A (PyG's get_laplacian with no normalization, then made a matrix; or
# D - A written out) is the degree, so inverting it divides by zero at an isolated node.
import numpy as np
import scipy.sparse as sp
import torch
from torch_geometric.utils import get_laplacian, to_scipy_sparse_matrix


def interaction_encoding(edge_index, num_nodes):
    lap = to_scipy_sparse_matrix(*get_laplacian(edge_index, normalization=None, num_nodes=num_nodes)).todense()
    lap = torch.as_tensor(lap)
    walk = torch.eye(lap.shape[0]) * (lap.diag() ** -1)  # error: [zero-degree-division]
    return walk @ lap.abs()


def spelt_out(a):
    d = np.diag(np.asarray(a.sum(1)).flatten())
    lap = d - a
    return np.diag(1.0 / np.diag(lap))  # error: [zero-degree-division]


def spelt_out_floored(a):
    d = np.diag(np.asarray(a.sum(1)).flatten())
    lap = d - a
    return np.diag(1.0 / np.maximum(np.diag(lap), 1.0))


def symmetric_encoding(edge_index, num_nodes):
    # The normalised Laplacian's diagonal is 1 (0 at an isolated node, never inverted here).
    lap = to_scipy_sparse_matrix(*get_laplacian(edge_index, normalization="sym", num_nodes=num_nodes))
    return sp.diags(lap.diagonal())


def from_networkx_graph(g):
    import networkx as nx
    lap = nx.laplacian_matrix(g).toarray()
    return lap.diagonal() ** -0.5  # error: [zero-degree-division]
