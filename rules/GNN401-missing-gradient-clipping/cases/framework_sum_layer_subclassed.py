# Modelled on explanation models that subclass PyG's GINConv to weight each message by an edge mask:
# the subclass rewrites `forward` and `message` but keeps its base's constructor, so the layer still
# adds up its neighbours' messages. Its look-alikes are in
# framework_sum_layer_subclassed_quiet.py.
import torch
import torch.nn as nn
from torch_geometric.nn import GINConv


class MaskedGIN(GINConv):
    def forward(self, x, edge_index, mask=None):
        out = self.propagate(edge_index, x=(x, x), mask=mask)
        return self.nn(out + (1 + self.eps) * x)

    def message(self, x_j, mask=None):
        return x_j if mask is None else x_j * mask


class Explained(nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.convs = nn.ModuleList([MaskedGIN(nn.Linear(width, width)) for _ in range(depth)])


def train(batches):
    model = Explained(64, 3)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, edge_index, y in batches:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x, edge_index), y)
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
