# A script whose model class takes its depth as a constructor argument and builds it from a
# command-line option: run without flags, the option's default sets how many convolutions the
# loop appends, so the stack's depth is known where the script builds the model. The same class
# built with a literal depth of 3 stays under the limit; a class with a normalization between its
# convolutions, or whose convolutions' update network normalizes (PyG's MLP holds a BatchNorm
# by default), stays quiet at any depth.
import argparse

import torch
import torch.nn.functional as F
from torch_geometric.nn import MLP, GINConv, GraphConv, SAGEConv

cli = argparse.ArgumentParser()
cli.add_argument("--depth", type=int, default=7)
cli.add_argument("--width", type=int, default=32)
opts = cli.parse_args()


class Tower(torch.nn.Module):
    def __init__(self, n_in, width, depth):
        super().__init__()
        self.first = SAGEConv(n_in, width)
        self.rest = torch.nn.ModuleList()
        for _ in range(depth - 1):
            self.rest.append(SAGEConv(width, width))
        self.head = torch.nn.Linear(width, 2)

    def forward(self, x, edge_index):
        x = F.relu(self.first(x, edge_index))  # warning: [deep-propagation-stack]
        for conv in self.rest:
            x = F.relu(conv(x, edge_index))
        return self.head(x)


class NormedTower(torch.nn.Module):
    def __init__(self, n_in, width, depth):
        super().__init__()
        self.convs = torch.nn.ModuleList([GraphConv(n_in, width)])
        self.norms = torch.nn.ModuleList([torch.nn.BatchNorm1d(width)])
        for _ in range(depth - 1):
            self.convs.append(GraphConv(width, width))
            self.norms.append(torch.nn.BatchNorm1d(width))

    def forward(self, x, edge_index):
        for conv, norm in zip(self.convs, self.norms):
            x = F.relu(norm(conv(x, edge_index)))
        return x


class IsomorphismTower(torch.nn.Module):
    def __init__(self, n_in, width, depth):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        for _ in range(depth):
            update = MLP([n_in, width, width])
            self.convs.append(GINConv(update))
            n_in = width

    def forward(self, x, edge_index):
        for conv in self.convs:
            x = conv(x, edge_index).relu()
        return x


deep = Tower(16, opts.width, opts.depth)
shallow = Tower(16, opts.width, 3)
normed = NormedTower(16, opts.width, opts.depth)
gin = IsomorphismTower(16, opts.width, opts.depth)
