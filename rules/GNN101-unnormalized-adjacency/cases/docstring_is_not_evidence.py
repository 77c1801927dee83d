"""A DGL model whose layers sum unnormalized messages; the word in this docstring is not normalization."""

from dgl.nn import GraphConv
from torch import nn


class Net(nn.Module):
    def __init__(self, avg_degree=4):
        super().__init__()
        self.conv = GraphConv(16, 16, norm="none")  # error: [unnormalized-adjacency]
