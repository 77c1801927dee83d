# Modelled on pyg examples/gcn2_cora.py: 64 GCN2Conv layers, their number a constructor argument
# given where the model is made. Depth counts: a stack of more than 8 message-passing layers makes
# an unclipped step a risk. The same class built with 4 layers would be info.
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
parser.add_argument("--layers", type=int, default=64)
args = parser.parse_args()
model = Net(hidden_channels=64, num_layers=args.layers)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(data):
    optimizer.zero_grad()
    loss = model(data.x, data.x, data.edge_index).sum()
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
