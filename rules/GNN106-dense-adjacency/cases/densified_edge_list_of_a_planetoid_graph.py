"""A citation graph loaded whole and turned into a dense n x n matrix, then normalised densely:
what the dense matrix is used for later does not change its memory. Per-graph conversions of a
molecule dataset (one small graph each), input to an eigendecomposition, a dense copy nobody
reads, and a helper densifying whatever graph it is given are not reported."""

import networkx as nx
import numpy as np
import scipy.io as sio
import scipy.sparse as sp
import torch
from torch_geometric.datasets import Planetoid


def load_citation_graph(root):
    data = Planetoid(root, "PubMed")[0]
    n = data.x.shape[0]
    adj = torch.sparse_coo_tensor(
        data.edge_index, torch.ones(data.edge_index.shape[1]), (n, n)
    ).to_dense()  # info: [dense-adjacency]
    adj = adj + torch.eye(n)
    return data.x, adj / adj.sum(dim=1, keepdim=True)


def load_network(path):
    mat = sio.loadmat(path)
    edges = mat["edges"]
    n = int(edges.max()) + 1
    adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    deg = sp.diags(1.0 / (np.asarray(adj.sum(axis=1)).ravel() + 1.0))
    return (deg @ (adj + sp.eye(n))).A  # info: [dense-adjacency]


def molecule_matrices(graphs):
    return [nx.to_numpy_array(g) for g in graphs]


def spectrum(path):
    edges = np.loadtxt(path, dtype=int)
    n = int(edges.max()) + 1
    adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    return np.linalg.eigh(np.asarray(adj.toarray()))


def propagate_and_keep_a_picture(path, x):
    edges = np.loadtxt(path, dtype=int)
    n = int(edges.max()) + 1
    adj = sp.coo_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(n, n))
    picture = adj.toarray()
    return adj @ x


def densify(edge_index, num_nodes):
    return torch.sparse_coo_tensor(edge_index, torch.ones(edge_index.shape[1]), (num_nodes, num_nodes)).to_dense()
