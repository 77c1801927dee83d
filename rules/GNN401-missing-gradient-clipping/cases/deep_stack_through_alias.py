# Modelled on a GCNII training script for a large citation graph: the class is picked into a local
# name (`Net = DenseGCNII`) before it is built, and the optimizer is handed to the epoch function.
# The alias stands for the class, so its depth (16 layers, a command-line default) is what counts;
# the layer normalises its sum through a helper of the module, so only the depth is a risk.
import argparse

import torch
from torch_geometric.nn import MessagePassing


def symmetric_weights(edge_index, num_nodes):
    row, col = edge_index
    deg = torch.zeros(num_nodes).scatter_add_(0, col, torch.ones(col.size(0)))
    scale = deg.pow(-0.5)
    return scale[row] * scale[col]


class DenseLayer(MessagePassing):
    def __init__(self, width):
        super().__init__(aggr="add")
        self.lin = torch.nn.Linear(width, width)

    def forward(self, x, edge_index):
        return self.lin(self.propagate(edge_index, x=x, w=symmetric_weights(edge_index, x.size(0))))

    def message(self, x_j, w):
        return w.view(-1, 1) * x_j


class DenseGCNII(torch.nn.Module):
    def __init__(self, width, num_layers):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        for _ in range(num_layers):
            self.convs.append(DenseLayer(width))

    def forward(self, x, edge_index):
        for conv in self.convs:
            x = conv(x, edge_index).relu() + x
        return x


def train(model, data, optimizer):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(data.x, data.edge_index), data.y)
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]


def main(data):
    parser = argparse.ArgumentParser()
    parser.add_argument("--num_layers", type=int, default=16)
    args = parser.parse_args()
    Net = DenseGCNII
    model = Net(64, args.num_layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    train(model, data, optimizer)
