# The deep_stack.py model built with 4 layers (a command-line default): no depth risk, info.
import argparse

import torch
from torch_geometric.nn import GCN2Conv


class Net(torch.nn.Module):
    def __init__(self, hidden_channels, num_layers, alpha=0.1):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        for layer in range(num_layers):
            self.convs.append(GCN2Conv(hidden_channels, alpha, layer=layer + 1))

    def forward(self, x, x_0, edge_index):
        for conv in self.convs:
            x = conv(x, x_0, edge_index).relu()
        return x


parser = argparse.ArgumentParser()
parser.add_argument("--layers", type=int, default=4)
args = parser.parse_args()
model = Net(hidden_channels=64, num_layers=args.layers)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(data):
    optimizer.zero_grad()
    loss = model(data.x, data.x, data.edge_index).sum()
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
