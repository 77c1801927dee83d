# The script builds one model class or another in the arms of an if/elif on a command-line option,
# then calls whichever it built with the graph it loaded: every arm's class may run its forward on
# that matrix, not only the last one written. The first arm's layer multiplies the raw 0/1 matrix
# into the features; the look-alike run below picks between the same classes but feeds the
# matrix with self-loops, divided by its row sums.
import argparse

import numpy as np
import scipy.sparse as sp
import torch
from torch import nn


class Propagate(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = nn.Linear(i, o)

    def forward(self, h, graph):
        return torch.spmm(graph, self.lin(h))


class Encoder(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.conv = Propagate(i, o)

    def forward(self, h, graph):
        return torch.relu(self.conv(h, graph))  # error: [unnormalized-adjacency]


class Features(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.lin = nn.Linear(i, o)

    def forward(self, h, graph):
        return self.lin(h)


def read(path):
    pairs = np.loadtxt(path, dtype=np.int64)
    n = int(pairs.max()) + 1
    m = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return torch.FloatTensor(np.array(m.todense()))


def averaged(m):
    m = m + torch.eye(m.shape[0])
    return m / m.sum(1, keepdim=True)


parser = argparse.ArgumentParser()
parser.add_argument("--model", default="gcn")
parser.add_argument("--edges", default="edges.txt")
args = parser.parse_args()
graph = read(args.edges)
h = torch.randn(graph.shape[0], 16)
if args.model == "gcn":
    net = Encoder(16, 7)
elif args.model == "mlp":
    net = Features(16, 7)
out = net(h, graph)

if args.model == "gcn":
    other = Encoder(16, 7)
else:
    other = Features(16, 7)
out = other(h, averaged(graph))
