# Look-alikes of sgd_momentum_high_rate.py that make no spike likely, so the missing clipping is
# advice: momentum 0.9 at the usual rate 0.01, lr 0.1 without momentum, and Adam at lr 0.1 (a rate
# GNN404 reports; momentum SGD's condition is not Adam's).
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
        optimizer.step()  # info: [missing-gradient-clipping]


def fit_plain(model, loader, options=dict(lr=0.1, momentum=0)):
    optimizer = torch.optim.SGD(model.parameters(), **options)
    for data in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(data.x, data.edge_index), data.y).backward()
        optimizer.step()  # info: [missing-gradient-clipping]


def fit_adam(model, loader):
    optimizer = torch.optim.Adam(model.parameters(), lr=0.1)  # warning: [high-learning-rate]
    for data in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(data.x, data.edge_index), data.y).backward()
        optimizer.step()  # info: [missing-gradient-clipping]


model = Net(16, 32, 4)
train(model, [], torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9))
fit_plain(model, [])
fit_adam(model, [])
