"""A dense n x n zeros matrix becomes an adjacency by what is written into it: edge weights at
(source, target) pairs in a pooling layer's forward, over every node of the batch. A matrix loaded
from a file and scaled by its own degree is a graph by that use, and its dense copy is reported
too. Per-molecule matrices filled in a loop and a small literal size are not
reported."""

import numpy as np
import scipy.io as sio
import scipy.sparse as sp
import torch


class StructurePool(torch.nn.Module):
    def forward(self, x, edge_index, weights):
        row, col = edge_index
        dense = torch.zeros((x.size(0), x.size(0)), device=x.device)  # info: [dense-adjacency]
        dense[row, col] = weights
        return dense.nonzero().t(), dense[dense > 0]


def scale_symmetric(m):
    m = sp.coo_matrix(m)
    d = np.power(np.array(m.sum(1)), -0.5).flatten()
    d[np.isinf(d)] = 0.0
    d = sp.diags(d)
    return m.dot(d).transpose().dot(d).tocoo()


def load_network(path):
    mat = sio.loadmat(path)
    net = mat["Network"]
    scaled = scale_symmetric(net + sp.eye(net.shape[0]))
    scaled = scaled.toarray()  # info: [dense-adjacency]
    return scaled, mat["Attributes"]


def molecule_adjacencies(molecules):
    matrices = []
    for atoms, bonds in molecules:
        n = len(atoms)
        a = np.zeros((n, n))
        for i, j in bonds:
            a[i, j] = 1
        matrices.append(a)
    return matrices


def toy_graph():
    a = np.zeros((5, 5))
    a[[0, 1], [1, 2]] = 1
    return a



class RandomWalkEncoding(torch.nn.Module):
    def forward(self, edge_index, weights, n):
        row, col = edge_index
        if n <= 2000:
            dense = torch.zeros((n, n))
            dense[row, col] = weights
            return dense
        return torch.sparse_coo_tensor(edge_index, weights, (n, n))


def class_compatibility(num_classes, h):
    m = np.zeros((num_classes, num_classes))
    for i in range(num_classes):
        for j in range(num_classes):
            m[i, j] = h if i == j else (1 - h) / (num_classes - 1)
    return m


def sensor_distances(path, num_sensors, rows):
    dist = np.zeros((num_sensors, num_sensors))
    dist[:] = np.inf
    for i, j, d in rows:
        dist[i, j] = d
    return dist
