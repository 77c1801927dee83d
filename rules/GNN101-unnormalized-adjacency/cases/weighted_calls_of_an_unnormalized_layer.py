# Modelled on dgl examples/pytorch/mvgrl/node/model.py: GraphConv(norm="none") on a diffusion
# graph whose edge weights (a normalized PPR matrix computed in another module) are passed at
# every call; the same layer called without weights, or with all-ones weights, sums raw messages.
import torch
from dgl.nn import GraphConv
from torch import nn


class TwoViews(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.diffusion = GraphConv(dim, dim, norm="none")

    def forward(self, diff_graph, h, weights):
        return self.diffusion(diff_graph, h, edge_weight=weights)


class RawSum(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv = GraphConv(dim, dim, norm="none")  # error: [unnormalized-adjacency]

    def forward(self, g, h):
        return self.conv(g, h)


class OnesWeighted(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.conv = GraphConv(dim, dim, norm="none")  # error: [unnormalized-adjacency]

    def forward(self, g, h):
        return self.conv(g, h, edge_weight=torch.ones(g.num_edges()))
