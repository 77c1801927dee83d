# The same prepare-then-train code, normalizing A + I before it is pickled: the file holds
# D^-1/2 (A + I) D^-1/2, and nothing is reported.
import os
import pickle

import numpy as np
import torch


def prepare(edges, n, cache_dir):
    a = np.zeros((n, n))
    for s, t in edges:
        a[s, t] = 1.0
        a[t, s] = 1.0
    d = np.diag((a + np.eye(n)).sum(1) ** -0.5)
    with open(os.path.join(cache_dir, "normalized_graph.pkl"), "wb") as f:
        pickle.dump(d @ (a + np.eye(n)) @ d, f)


def load_graph(cache_dir):
    with open(os.path.join(cache_dir, "normalized_graph.pkl"), "rb") as f:
        adj = pickle.load(f)
    return torch.tensor(adj, dtype=torch.float32)


class Propagate(torch.nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = torch.nn.Linear(d, d)

    def forward(self, x, adj):
        return torch.relu(adj @ self.lin(x))


model = Propagate(4)
out = model(torch.randn(3, 4), load_graph("cache"))
