# Modelled on GCNII's PyG/cora/cora.py: the depth is a top-level constant taken from a command-line
# default (128), the layer class is reached through a top-level alias, and it derives from PyG's
# MessagePassing: a 128-layer message-passing stack trained with no clipping.
import argparse

import torch
from torch_geometric.nn import MessagePassing

parser = argparse.ArgumentParser()
parser.add_argument("--layer", type=int, default=128)
args = parser.parse_args()
n_blocks = args.layer


class Mixing(MessagePassing):
    def __init__(self, width):
        super().__init__(aggr="mean")
        self.lin = torch.nn.Linear(width, width)

    def forward(self, x, edge_index):
        return self.lin(self.propagate(edge_index, x=x))


Block = Mixing


class Stack(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = torch.nn.ModuleList()
        for _ in range(n_blocks):
            self.blocks.append(Block(64))

    def forward(self, x, edge_index):
        for block in self.blocks:
            x = block(x, edge_index).relu()
        return x


model = Stack()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(data):
    optimizer.zero_grad()
    loss = model(data.x, data.edge_index).mean()
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
