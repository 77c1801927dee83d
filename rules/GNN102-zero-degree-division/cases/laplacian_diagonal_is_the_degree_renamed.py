# The same Laplacian diagonals as laplacian_diagonal_is_the_degree.py with every local renamed.
import numpy as np
import scipy.sparse as sp
import torch
from torch_geometric.utils import get_laplacian, to_scipy_sparse_matrix


def enc_one(pairs, size):
    m = to_scipy_sparse_matrix(*get_laplacian(pairs, normalization=None, num_nodes=size)).todense()
    m = torch.as_tensor(m)
    t = torch.eye(m.shape[0]) * (m.diag() ** -1)  # error: [zero-degree-division]
    return t @ m.abs()


def enc_two(w):
    k = np.diag(np.asarray(w.sum(1)).flatten())
    q = k - w
    return np.diag(1.0 / np.diag(q))  # error: [zero-degree-division]


def enc_three(w):
    k = np.diag(np.asarray(w.sum(1)).flatten())
    q = k - w
    return np.diag(1.0 / np.maximum(np.diag(q), 1.0))


def enc_four(pairs, size):
    m = to_scipy_sparse_matrix(*get_laplacian(pairs, normalization="sym", num_nodes=size))
    return sp.diags(m.diagonal())


def enc_five(net):
    import networkx as nx
    z = nx.laplacian_matrix(net).toarray()
    return z.diagonal() ** -0.5  # error: [zero-degree-division]
