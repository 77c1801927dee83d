# Modelled on a weighted GIN layer written as a MessagePassing subclass: it does not pass
# `aggr="add"` itself but sets it as the default of the keywords it hands its base
# (`kwargs.setdefault("aggr", "add")`), the way PyG's own GINConv does. The neighbours' messages are
# summed with no degree normalisation, so the unclipped step is a risk.
import torch
from torch_geometric.nn import MessagePassing, global_add_pool


class WeightedGin(MessagePassing):
    def __init__(self, mlp, **options):
        options.setdefault("aggr", "add")
        super().__init__(**options)
        self.mlp = mlp

    def forward(self, x, edge_index, edge_weight=None):
        return self.mlp(self.propagate(edge_index, x=x, edge_weight=edge_weight) + x)

    def message(self, x_j, edge_weight):
        return x_j if edge_weight is None else x_j * edge_weight.view(-1, 1)


class Encoder(torch.nn.Module):
    def __init__(self, width, depth=5):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for _ in range(depth):
            mlp = torch.nn.Sequential(torch.nn.Linear(width, width), torch.nn.ReLU(), torch.nn.Linear(width, width))
            self.layers.append(WeightedGin(mlp))

    def forward(self, x, edge_index, batch):
        for layer in self.layers:
            x = layer(x, edge_index).relu()
        return global_add_pool(x, batch)


encoder = Encoder(64)
optimizer = torch.optim.Adam(encoder.parameters(), lr=0.001)


def train(loader, contrast):
    for batch in loader:
        optimizer.zero_grad()
        loss = contrast(encoder(batch.x, batch.edge_index, batch.batch))
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
