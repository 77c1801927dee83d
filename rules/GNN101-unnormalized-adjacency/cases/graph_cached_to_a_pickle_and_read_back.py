# Modelled on research code that prepares the graph once and pickles it, then trains from the
# pickle: the layer multiplies what the file holds, the unnormalized A + I that `prepare` wrote to
# the same path.
import os
import pickle

import numpy as np
import torch


def prepare(edges, n, cache_dir):
    a = np.zeros((n, n))
    for s, t in edges:
        a[s, t] = 1.0
        a[t, s] = 1.0
    with open(os.path.join(cache_dir, "graph_adj.pkl"), "wb") as f:
        pickle.dump(a + np.eye(n), f)


def load_graph(cache_dir):
    with open(os.path.join(cache_dir, "graph_adj.pkl"), "rb") as f:
        adj = pickle.load(f)
    return torch.tensor(adj, dtype=torch.float32)


class Propagate(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = torch.nn.Linear(d, d)

    def forward(self, x, adj):
        return torch.relu(adj @ self.lin(x))  # error: [unnormalized-adjacency]


model = Propagate(4)
out = model(torch.randn(3, 4), load_graph("cache"))  # error: [unnormalized-adjacency]
