# The look-alike of deep_nested_blocks.py: the model holds one of two 5-layer encoders, chosen by a
# flag, and a second 5-layer network beside it that scores the same input (as DiffPool's pooling
# and embedding networks do). Blocks built once each are alternatives or run side by side, so
# only the deepest counts: 5 layers, not 10 or 15, and the missing clipping is info.
import torch
from torch_geometric.nn import GCNConv


class Encoder(torch.nn.Module):
    def __init__(self, width, layers):
        super().__init__()
        self.convs = torch.nn.ModuleList()
        for _ in range(layers):
            self.convs.append(GCNConv(width, width))


class Model(torch.nn.Module):
    def __init__(self, width, layers=5, residual=False):
        super().__init__()
        if residual:
            self.encoder = Encoder(width, layers)
        else:
            self.encoder = Encoder(width, layers)
        self.scorer = Encoder(width, layers)


model = Model(64)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)


def train(batches):
    for x, edge_index, target in batches:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x, edge_index), target).backward()
        optimizer.step()  # info: [missing-gradient-clipping]
