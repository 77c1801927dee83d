# Modelled on graph-regression scripts that pick the model class from a table by a command-line
# option (`MODELS[args.model](...)`, or the class looked up first and built after): every class of
# the table may be the one trained, so each one ending in a ReLU feeds it to the MSE loss. A
# table of classes whose outputs are all linear is fine.
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch_geometric.nn import GCNConv, GINConv, global_add_pool


class GCN(nn.Module):
    def __init__(self, nin, nh):
        super().__init__()
        self.conv = GCNConv(nin, nh)
        self.lin = nn.Linear(nh, 1)

    def forward(self, x, edge_index, batch):
        h = global_add_pool(F.relu(self.conv(x, edge_index)), batch)
        return F.relu(self.lin(h))  # warning: [activation-on-output]


class GIN(nn.Module):
    def __init__(self, nin, nh):
        super().__init__()
        self.conv = GINConv(nn.Linear(nin, nh))
        self.lin = nn.Linear(nh, 1)

    def forward(self, x, edge_index, batch):
        h = global_add_pool(F.relu(self.conv(x, edge_index)), batch)
        return self.lin(h)


class LinearGCN(nn.Module):
    def __init__(self, nin, nh):
        super().__init__()
        self.conv = GCNConv(nin, nh)
        self.lin = nn.Linear(nh, 1)

    def forward(self, x, edge_index, batch):
        return self.lin(global_add_pool(F.relu(self.conv(x, edge_index)), batch))


MODELS = {"gcn": GCN, "gin": GIN}
LINEAR_MODELS = {"gcn": LinearGCN, "gin": GIN}


def fit(model, loader):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    for data in loader:
        loss = F.mse_loss(model(data.x, data.edge_index, data.batch).squeeze(-1), data.y)
        loss.backward()
        opt.step()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default="gin")
    args = parser.parse_args()
    fit(MODELS[args.model](9, 64), [])
    linear_class = LINEAR_MODELS[args.model]
    fit(linear_class(9, 64), [])
