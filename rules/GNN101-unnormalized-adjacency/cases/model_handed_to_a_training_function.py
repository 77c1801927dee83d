# The usual script: main() loads the graph and builds the model, then hands both to a training
# function that calls the model. Which class `net(...)` runs is told by what main() passes for
# `net`, so the graph main() built is judged where the layer multiplies it, and reported at the
# training function's call that hands it on. main() normalising first is quiet.
import numpy as np
import scipy.sparse as sp
import torch
from torch import nn


def read_graph(path):
    pairs = np.loadtxt(path, dtype=np.int64)
    n = int(pairs.max()) + 1
    return sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)), n


class Propagate(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.lin = nn.Linear(dim, dim)

    def forward(self, h, graph):
        return torch.sparse.mm(graph, self.lin(h))


def to_torch(matrix):
    matrix = matrix.tocoo()
    index = torch.tensor(np.vstack([matrix.row, matrix.col]), dtype=torch.long)
    return torch.sparse_coo_tensor(index, torch.tensor(matrix.data, dtype=torch.float32), matrix.shape)


def step(net, opt, h, graph):
    opt.zero_grad()
    net(h, graph).sum().backward()  # error: [unnormalized-adjacency]
    opt.step()


def normalized_step(net, opt, h, graph):
    opt.zero_grad()
    net(h, graph).sum().backward()
    opt.step()


def main():
    matrix, n = read_graph("edges.txt")
    net = Propagate(8)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    h = torch.randn(n, 8)
    for _ in range(100):
        step(net, opt, h, to_torch(matrix))


def main_normalized():
    matrix, n = read_graph("edges.txt")
    looped = matrix + sp.eye(n)
    inverse = sp.diags(1.0 / np.asarray(looped.sum(1)).flatten())
    net = Propagate(8)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    h = torch.randn(n, 8)
    for _ in range(100):
        normalized_step(net, opt, h, to_torch(inverse @ looped))
