# The shallow twin of deep_stack_through_alias.py: the class is picked into a local name
# (`Net = DenseGCNII`) and built with 4 layers (a command-line default), and its layer normalises
# the messages it sums through a helper of its module (`deg.pow(-0.5)`): neither a deep stack nor
# an unnormalised sum, so the missing clipping is info.
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
    optimizer.step()  # info: [missing-gradient-clipping]


def main(data):
    parser = argparse.ArgumentParser()
    parser.add_argument("--num_layers", type=int, default=4)
    args = parser.parse_args()
    Net = DenseGCNII
    model = Net(64, args.num_layers)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    train(model, data, optimizer)
