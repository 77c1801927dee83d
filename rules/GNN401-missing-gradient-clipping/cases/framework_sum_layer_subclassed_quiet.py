# Look-alikes of framework_sum_layer_subclassed.py that do not add up unnormalised messages: a
# subclass of GCNConv (normalised by degree), one that chooses a mean in its own constructor, and
# one that replaces the aggregation itself with a max.
import torch
import torch.nn as nn
from torch_geometric.nn import GCNConv, GINConv
from torch_scatter import scatter_max


class WeightedGCN(GCNConv):
    def message(self, x_j, edge_weight=None):
        return x_j if edge_weight is None else edge_weight.view(-1, 1) * x_j


class MeanGIN(GINConv):
    def __init__(self, mlp):
        super().__init__(mlp, aggr="mean")


class MaxGIN(GINConv):
    def aggregate(self, inputs, index, ptr=None, dim_size=None):
        return scatter_max(inputs, index, dim=0, dim_size=dim_size)[0]


class Explained(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.convs = nn.ModuleList([WeightedGCN(width, width), MeanGIN(nn.Linear(width, width)),
                                    MaxGIN(nn.Linear(width, width))])


def train(batches):
    model = Explained(64)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, edge_index, y in batches:
        optimizer.zero_grad()
        loss = nn.functional.cross_entropy(model(x, edge_index), y)
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
