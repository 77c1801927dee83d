# Modelled on point-cloud EdgeConv re-implementations: a MessagePassing subclass calls
# `super().__init__()` with no aggregation, so PyG's default `aggr="add"` sums the messages of its
# `message` hook, unnormalised; two such layers trained with no clipping make a spike likely.
import torch
from torch_geometric.nn import MessagePassing


class EdgeLayer(MessagePassing):
    def __init__(self, width, out):
        super().__init__()
        self.lin = torch.nn.Linear(2 * width, out)

    def forward(self, x, edge_index):
        return self.propagate(edge_index, x=x)

    def message(self, x_i, x_j):
        return self.lin(torch.cat([x_i, x_j - x_i], dim=-1))


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = EdgeLayer(3, 64)
        self.conv2 = EdgeLayer(64, 10)

    def forward(self, x, edge_index):
        return self.conv2(self.conv1(x, edge_index).relu(), edge_index)


def train(loader):
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    for data in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(data.x, data.edge_index), data.y)
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
