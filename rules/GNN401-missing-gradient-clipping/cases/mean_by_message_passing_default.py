# Look-alikes of sum_by_message_passing_default.py that sum nothing unnormalised: one layer hands
# its base `aggr="mean"` positionally (the first parameter of MessagePassing.__init__), one by
# keyword through `super(Class, self)`, one
# normalises the messages by degree as PyG's GCN tutorial does, one replaces `aggregate` with a max,
# one hands its base no aggr but stores its own on the instance (PyG 1.x: `self.aggr = "mean"`).
import torch
from torch_geometric.nn import MessagePassing
from torch_geometric.utils import degree
from torch_scatter import scatter_max


class MeanLayer(MessagePassing):
    def __init__(self, width, out):
        super().__init__("mean")
        self.lin = torch.nn.Linear(width, out)

    def forward(self, x, edge_index):
        return self.propagate(edge_index, x=self.lin(x))

    def message(self, x_j):
        return x_j


class KeywordMeanLayer(MessagePassing):
    def __init__(self, width, out):
        super(KeywordMeanLayer, self).__init__(aggr="mean")
        self.lin = torch.nn.Linear(width, out)

    def forward(self, x, edge_index):
        return self.propagate(edge_index, x=self.lin(x))

    def message(self, x_j):
        return x_j


class NormalisedLayer(MessagePassing):
    def __init__(self, width, out):
        super().__init__()
        self.lin = torch.nn.Linear(width, out)

    def forward(self, x, edge_index):
        row, col = edge_index
        deg = degree(col, x.size(0), dtype=x.dtype).clamp(min=1)
        norm = deg.pow(-0.5)[row] * deg.pow(-0.5)[col]
        return self.propagate(edge_index, x=self.lin(x), norm=norm)

    def message(self, x_j, norm):
        return norm.view(-1, 1) * x_j


class MaxLayer(MessagePassing):
    def __init__(self, width, out):
        super().__init__()
        self.lin = torch.nn.Linear(width, out)

    def forward(self, x, edge_index):
        return self.propagate(edge_index, x=self.lin(x))

    def message(self, x_j):
        return x_j

    def aggregate(self, inputs, index, dim_size=None):
        return scatter_max(inputs, index, dim=0, dim_size=dim_size)[0]


class StoredMeanLayer(MessagePassing):
    def __init__(self, width, out):
        super(StoredMeanLayer, self).__init__()
        self.aggr = "mean"
        self.lin = torch.nn.Linear(width, out)

    def forward(self, x, edge_index):
        return self.propagate(edge_index, x=self.lin(x))

    def message(self, x_j):
        return x_j


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = torch.nn.ModuleList([MeanLayer(3, 64), KeywordMeanLayer(64, 64),
                                           NormalisedLayer(64, 64), StoredMeanLayer(64, 64),
                                           MaxLayer(64, 10)])

    def forward(self, x, edge_index):
        for layer in self.layers:
            x = layer(x, edge_index)
        return x


def train(loader):
    model = Net()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001)
    for data in loader:
        optimizer.zero_grad()
        loss = torch.nn.functional.cross_entropy(model(data.x, data.edge_index), data.y)
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
