# Modelled on Cluster-GCN / GraphSAINT style scripts: a plain GCN trained with SGD, momentum 0.9
# and lr 0.1 from the command line's defaults. Momentum carries one exploding gradient on into the
# following updates, and at a rate of 0.1 that is enough to send the weights to NaN: no clipping
# in the step makes it a warning even though the model itself is harmless.
import argparse

import torch
import torch.nn.functional as F
from torch_geometric.nn import GCNConv


class Net(torch.nn.Module):
    def __init__(self, i, h, o):
        super().__init__()
        self.conv1 = GCNConv(i, h)
        self.conv2 = GCNConv(h, o)

    def forward(self, x, edge_index):
        return self.conv2(F.relu(self.conv1(x, edge_index)), edge_index)


def train(model, loader, optimizer):
    for data in loader:
        optimizer.zero_grad()
        loss = F.cross_entropy(model(data.x, data.edge_index), data.y)
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


def fit(model, loader, lr=0.2, epochs=10):
    # Nesterov momentum, the rate from the function's default.
    optimizer = torch.optim.SGD(model.parameters(), lr, momentum=0.9, nesterov=True)
    for _ in range(epochs):
        for data in loader:
            optimizer.zero_grad()
            F.cross_entropy(model(data.x, data.edge_index), data.y).backward()
            optimizer.step()  # warning: [missing-gradient-clipping]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--momentum", type=float, default=0.9)
    args = parser.parse_args()
    model = Net(16, 32, 4)
    train(model, [], torch.optim.SGD(model.parameters(), lr=args.lr, momentum=args.momentum))
    fit(model, [])
