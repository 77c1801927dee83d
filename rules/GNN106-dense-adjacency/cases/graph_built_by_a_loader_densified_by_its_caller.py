"""A loader builds a whole graph from an edge file and returns it sparse; the training setup, which
reads only a dataset name from its arguments, makes it dense: the graph's size comes from the file,
not from what the setup was given. A helper densifying a graph its caller hands it, and a loader's
dense feature matrix, are not reported."""

import networkx as nx
import numpy as np
import torch


def read_graph(name):
    g = nx.Graph()
    with open(f"data/{name}/edges.txt") as handle:
        for row in handle:
            u, v = row.split()
            g.add_edge(int(u), int(v))
    adj = nx.adjacency_matrix(g, sorted(g.nodes()))
    coo = adj.tocoo()
    indices = torch.tensor(np.vstack([coo.row, coo.col]), dtype=torch.long)
    return torch.sparse_coo_tensor(indices, torch.tensor(coo.data, dtype=torch.float), coo.shape)


def read_features(name):
    return torch.tensor(np.loadtxt(f"data/{name}/features.txt"), dtype=torch.float).to_sparse()


def prepare(options):
    graph = read_graph(options.dataset)
    n = graph.shape[0]
    dense = torch.eye(n) + graph.to_dense()  # info: [dense-adjacency]
    dense = dense / dense.sum(dim=1, keepdim=True)
    x = read_features(options.dataset).to_dense()
    return x, dense


def densify(graph):
    return graph.to_dense()
