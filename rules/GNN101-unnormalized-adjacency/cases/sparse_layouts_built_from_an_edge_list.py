# A sparse matrix laid out from a graph's edges is the raw 0/1 adjacency when every stored value is
# one (or no value is given), whatever the layout or the conversion on the way: torch_sparse's
# SparseTensor turned into a torch COO tensor, a CSR tensor over a matrix's pointers and indices,
# TensorFlow's SparseTensor. With the weights a normaliser computed, or with weights nothing here
# tells, the values decide and nothing is claimed.
import numpy as np
import scipy.sparse as sp
import tensorflow as tf
import torch
from torch_geometric.nn.conv.gcn_conv import gcn_norm
from torch_sparse import SparseTensor


def coo_of_sparse_tensor(data, h):
    n = data.num_nodes
    a = SparseTensor(row=data.edge_index[0], col=data.edge_index[1], sparse_sizes=(n, n))
    a = a.to_torch_sparse_coo_tensor().to(torch.float64)
    return torch.sparse.mm(a, h)  # error: [unnormalized-adjacency]


def coo_of_normalized_sparse_tensor(data, h):
    n = data.num_nodes
    edge_index, weight = gcn_norm(data.edge_index, num_nodes=n)
    a = SparseTensor(row=edge_index[0], col=edge_index[1], value=weight, sparse_sizes=(n, n))
    return torch.sparse.mm(a.to_torch_sparse_coo_tensor(), h)


def csr_of_a_loaded_matrix(path, h):
    pairs = np.loadtxt(path, dtype=np.int64)
    m = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1]))).tocsr()
    a = torch.sparse_csr_tensor(torch.from_numpy(m.indptr), torch.from_numpy(m.indices),
                                torch.ones(m.nnz), size=m.shape)
    return a @ h  # error: [unnormalized-adjacency]


def tf_sparse_of_edges(data, h):
    n = data.num_nodes
    edges = np.stack([data.edge_index[0], data.edge_index[1]], axis=1)
    a = tf.sparse.SparseTensor(indices=edges, values=tf.ones(edges.shape[0]), dense_shape=[n, n])
    return tf.sparse.sparse_dense_matmul(a, h)  # error: [unnormalized-adjacency]


def coordinates_of_a_matrix_with_other_weights(path, weights, h):
    pairs = np.loadtxt(path, dtype=np.int64)
    m = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])))
    a = tf.sparse.SparseTensor(indices=np.stack([m.row, m.col], axis=1), values=weights, dense_shape=m.shape)
    return tf.sparse.sparse_dense_matmul(a, h)
