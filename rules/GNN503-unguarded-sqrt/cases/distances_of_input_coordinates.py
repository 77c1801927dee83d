# Modelled on point-cloud message passing (a local spatial encoding in `message`): the distance
# between two input coordinates is a root of a sum of squares that is 0 for a point and itself,
# but the coordinates come from the data loader, pass unchanged through `forward` and
# `propagate(pos=...)`, and nothing asks for their gradient: the root is never differentiated.
# The same root of learned features (the output of a Linear) is on the gradient path.
import torch
from torch_geometric.loader import DataLoader
from torch_geometric.nn import MessagePassing


class LocalEncoding(MessagePassing):
    def __init__(self, channels):
        super().__init__(aggr="max")
        self.lin = torch.nn.Linear(channels + 1, channels)

    def forward(self, edge_index, h, coords):
        return self.propagate(edge_index, h=h, coords=coords)

    def message(self, h_j, coords_i, coords_j):
        rel = coords_j - coords_i
        dist = torch.sqrt((rel * rel).sum(1, keepdim=True))
        return self.lin(torch.cat([h_j, dist], dim=1))


class FeatureDistance(MessagePassing):
    def __init__(self, channels):
        super().__init__(aggr="mean")
        self.lin = torch.nn.Linear(channels, channels)

    def forward(self, edge_index, h):
        return self.propagate(edge_index, h=self.lin(h))

    def message(self, h_i, h_j):
        diff = h_j - h_i
        return torch.sqrt((diff * diff).sum(1, keepdim=True))  # warning: [unguarded-sqrt]


class Net(torch.nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.encode = LocalEncoding(channels)
        self.compare = FeatureDistance(channels)

    def forward(self, h, coords, edge_index):
        h = self.encode(edge_index, h, coords)
        return self.compare(edge_index, h)


model = Net(16).to("cuda")
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(dataset):
    for batch in DataLoader(dataset, batch_size=32):
        optimizer.zero_grad()
        out = model(batch.x, batch.pos, batch.edge_index)
        out.mean().backward()
        optimizer.step()
