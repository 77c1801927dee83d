# The epoch function picks its per-batch function with a conditional expression
# (`run = fit_batch if training else score_batch`) and calls that name: either may run, so each is
# judged with what the epoch is handed. main() hands it the raw matrix, which the layer multiplies
# into the features in both. The look-alike epoch picks its pair the same way but is handed the
# matrix main_normalized() row-normalised with self-loops, and stays quiet.
import numpy as np
import scipy.sparse as sp
import torch
from torch import nn


def load_edges(path):
    pairs = np.loadtxt(path, dtype=np.int64)
    n = int(pairs.max()) + 1
    return sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n)), n


class Spread(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.lin = nn.Linear(dim, dim)

    def forward(self, h, graph):
        return torch.sparse.mm(graph, self.lin(h))


def as_tensor(matrix):
    matrix = matrix.tocoo()
    index = torch.tensor(np.vstack([matrix.row, matrix.col]), dtype=torch.long)
    return torch.sparse_coo_tensor(index, torch.tensor(matrix.data, dtype=torch.float32), matrix.shape)


def fit_batch(net, opt, h, graph):
    opt.zero_grad()
    loss = net(h, graph).sum()  # error: [unnormalized-adjacency]
    loss.backward()
    opt.step()
    return loss.item()


@torch.no_grad()
def score_batch(net, opt, h, graph):
    return net(h, graph).sum().item()  # error: [unnormalized-adjacency]


def epoch(net, opt, h, graph, training):
    run = fit_batch if training else score_batch
    return run(net, opt, h, graph)


def fit_normalized(net, opt, h, graph):
    opt.zero_grad()
    loss = net(h, graph).sum()
    loss.backward()
    opt.step()
    return loss.item()


@torch.no_grad()
def score_normalized(net, opt, h, graph):
    return net(h, graph).sum().item()


def normalized_epoch(net, opt, h, graph, training):
    run = fit_normalized if training else score_normalized
    return run(net, opt, h, graph)


def main():
    matrix, n = load_edges("edges.txt")
    net = Spread(8)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    h = torch.randn(n, 8)
    for _ in range(100):
        epoch(net, opt, h, as_tensor(matrix), True)
        epoch(net, None, h, as_tensor(matrix), False)


def main_normalized():
    matrix, n = load_edges("edges.txt")
    looped = matrix + sp.eye(n)
    inverse = sp.diags(1.0 / np.asarray(looped.sum(1)).flatten())
    net = Spread(8)
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    h = torch.randn(n, 8)
    for _ in range(100):
        normalized_epoch(net, opt, h, as_tensor(inverse @ looped), True)
        normalized_epoch(net, None, h, as_tensor(inverse @ looped), False)
