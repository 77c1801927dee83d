# Modelled on a deep-GCN benchmark: the model copies every parsed command-line option onto itself
# (`setattr(self, k, v)` over `vars(args)`) and stacks `self.num_layers` GCNConv layers, 64 by the
# option's default.
import argparse

import torch
from torch_geometric.nn import GCNConv


class Stack(torch.nn.Module):
    def __init__(self, args):
        super().__init__()
        for key, value in vars(args).items():
            setattr(self, key, value)
        self.convs = torch.nn.ModuleList()
        for _ in range(self.num_layers):
            self.convs.append(GCNConv(self.dim_hidden, self.dim_hidden))


parser = argparse.ArgumentParser()
parser.add_argument("--num_layers", type=int, default=64)
parser.add_argument("--dim_hidden", type=int, default=64)
args = parser.parse_args()


def train(data):
    model = Stack(args)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    optimizer.zero_grad()
    model(data.x, data.edge_index).sum().backward()
    optimizer.step()  # warning: [missing-gradient-clipping]

