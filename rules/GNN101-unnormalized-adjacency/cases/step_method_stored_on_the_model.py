# The model chooses its propagation step once, in __init__, by storing one of its own methods in an
# attribute (`self.step = self.hop_once` or `self.hop_many`), and forward calls the attribute through
# a second stored method: either step may run, so each is judged with the graph the script passes.
# The raw 0/1 matrix built from an edge list reaches both; the look-alike model gets the matrix with
# self-loops, divided by its row sums.
import torch
from torch import nn
from torch_sparse import SparseTensor


class Smoother(nn.Module):
    def __init__(self, i, o, hops, many):
        super().__init__()
        self.lin = nn.Linear(i, o)
        self.hops = hops
        self.mix = self.mix_with_start
        if many:
            self.step = self.hop_many
        else:
            self.step = self.hop_once

    def forward(self, h, graph):
        start = self.lin(h)
        return self.mix(start, graph)

    def mix_with_start(self, start, graph):
        return 0.5 * start + 0.5 * self.step(start, graph)

    def hop_once(self, h, graph):
        return graph.matmul(h)  # error: [unnormalized-adjacency]

    def hop_many(self, h, graph):
        for _ in range(self.hops):
            h = graph.matmul(h)  # error: [unnormalized-adjacency]
        return h


def raw_run(edges, h, n):
    graph = SparseTensor(row=edges[0], col=edges[1], sparse_sizes=(n, n)).to_torch_sparse_coo_tensor()
    return Smoother(h.shape[1], 8, 3, True)(h, graph.to(h.device))


class Averaged(nn.Module):
    def __init__(self, i, o, many):
        super().__init__()
        self.lin = nn.Linear(i, o)
        if many:
            self.step = self.twice
        else:
            self.step = self.once

    def forward(self, h, graph):
        return self.step(self.lin(h), graph)

    def once(self, h, graph):
        return graph @ h

    def twice(self, h, graph):
        return graph @ (graph @ h)


def averaged_run(edges, h, n):
    m = SparseTensor(row=edges[0], col=edges[1], sparse_sizes=(n, n)).to_dense() + torch.eye(n)
    return Averaged(h.shape[1], 8, False)(h, m / m.sum(1, keepdim=True))
