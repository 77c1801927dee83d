# Modelled on GCNII's model.py and train.py: a hand-written graph convolution (a sparse product of
# the adjacency with the features is message passing, whatever the class is called) stacked as many
# times as a command-line option says, 64 by default: a deep stack, so an unclipped step is a risk.
import argparse

import torch
import torch.nn as nn


class Propagate(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(width, width))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, h, adj):
        return torch.mm(torch.spmm(adj, h), self.weight)


class Deep(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.blocks = nn.ModuleList()
        for _ in range(depth):
            self.blocks.append(Propagate(width))

    def forward(self, h, adj):
        for block in self.blocks:
            h = torch.relu(block(h, adj))
        return h


parser = argparse.ArgumentParser()
parser.add_argument("--depth", type=int, default=64)
args = parser.parse_args()
model = Deep(64, depth=args.depth)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(features, adj, labels):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(features, adj), labels)
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
