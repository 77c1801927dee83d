# A training script in the shape of many paper repositories: the dataset option picks a loader
# (both read an edge list), an off-by-default option oversamples the graph through a project
# helper, the model option picks a class, and both the model and
# the graph are moved to the device before a module-level training function reads them. With the
# default options the raw 0/1 matrix built from the edge list reaches the layer unnormalized. The
# look-alike, graph_averaged_on_every_path_of_options.py, takes the same paths but averages the
# matrix on each of them, so it stays quiet.
import argparse

import numpy as np
import scipy.sparse as sp
import torch
from torch import nn


class Spread(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = nn.Linear(i, o)

    def forward(self, h, graph):
        return torch.spmm(graph, self.lin(h))


class Encoder(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = Spread(i, o)

    def forward(self, h, graph):
        return torch.relu(self.conv(h, graph))  # error: [unnormalized-adjacency]


class Pointwise(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = nn.Linear(i, o)

    def forward(self, h, graph):
        return self.lin(h)


def from_edges(path):
    pairs = np.loadtxt(path, dtype=np.int64)
    n = int(pairs.max()) + 1
    m = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    h = torch.randn(n, 16)
    return h, torch.FloatTensor(np.array(m.todense()))


def from_pairs(path):
    pairs = np.load(path)
    n = int(pairs.max()) + 1
    m = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    h = torch.randn(n, 16)
    return h, torch.FloatTensor(np.array(m.todense()))


def oversample(h, graph, extra):
    rows = torch.cat([graph, graph[extra]], 0)
    return torch.cat([h, h[extra]], 0), torch.cat([rows, rows[:, extra]], 1)


parser = argparse.ArgumentParser()
parser.add_argument("--dataset", default="edges")
parser.add_argument("--setting", default="none")
parser.add_argument("--model", default="gcn")
args = parser.parse_args()


def train(steps):
    optimizer = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(steps):
        optimizer.zero_grad()
        net(h, graph).sum().backward()
        optimizer.step()


if __name__ == "__main__":
    if args.dataset == "edges":
        h, graph = from_edges("edges.txt")
    elif args.dataset == "npy":
        h, graph = from_pairs("pairs.npy")
    if args.setting == "oversample":
        h, graph = oversample(h, graph, torch.arange(10))
    if args.model == "gcn":
        net = Encoder(16, 7)
    elif args.model == "mlp":
        net = Pointwise(16, 7)
    net = net.to("cpu")
    graph = graph.to("cpu")
    train(100)
