# The look-alike of deep_hand_written_layers.py: the same deep stack of hand-written layers, but each
# only multiplies the features by its weight (a dense product, no adjacency): no message passing, so
# no deep message-passing stack, and the missing clipping is info.
import argparse

import torch
import torch.nn as nn


class Dense(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(width, width))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, h):
        return torch.mm(h, self.weight)


class Deep(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.blocks = nn.ModuleList()
        for _ in range(depth):
            self.blocks.append(Dense(width))

    def forward(self, h):
        for block in self.blocks:
            h = torch.relu(block(h))
        return h


parser = argparse.ArgumentParser()
parser.add_argument("--depth", type=int, default=64)
args = parser.parse_args()
model = Deep(64, depth=args.depth)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(features, labels):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(features), labels)
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
