# The look-alike of deep_stack_from_copied_options.py: the script parses a command line whose
# `--num_layers` defaults to 64, but the model is built from a settings object of its own (two layers
# for the small run), not from the parsed namespace. An attribute read on a value that does not hold
# the command line is not the option's default: the depth is 2, and the missing clipping is info.
import argparse
from types import SimpleNamespace

import torch
from torch_geometric.nn import GCNConv


class Stack(torch.nn.Module):
    def __init__(self, settings):
        super().__init__()
        self.num_layers = settings.num_layers
        self.convs = torch.nn.ModuleList()
        for _ in range(self.num_layers):
            self.convs.append(GCNConv(settings.dim_hidden, settings.dim_hidden))


parser = argparse.ArgumentParser()
parser.add_argument("--num_layers", type=int, default=64)
parser.add_argument("--dim_hidden", type=int, default=64)
args = parser.parse_args()  # read for the data paths, not the model
small = SimpleNamespace(num_layers=2, dim_hidden=16)


def train(data):
    model = Stack(small)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    optimizer.zero_grad()
    model(data.x, data.edge_index).sum().backward()
    optimizer.step()  # info: [missing-gradient-clipping]
