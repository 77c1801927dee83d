# Look-alikes of sgd_momentum_high_rate.py that make no spike likely, so the missing clipping is
# advice: momentum 0.9 at the usual rate 0.01, lr 0.1 without momentum, and Adam at lr 0.1 (a rate
# GNN404 reports; momentum SGD's condition is not Adam's); lr 0.1 that a OneCycleLR replaces with its
# peak 0.01, and lr 0.1 that every param group replaces with 0.01 of its own.
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


def fit_one_cycle(model, loader):
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    cycle = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=0.01, total_steps=100)
    for data in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(data.x, data.edge_index), data.y).backward()
        optimizer.step()  # info: [missing-gradient-clipping]
        cycle.step()


def fit_groups(model, loader):
    groups = [{"params": model.conv1.parameters(), "lr": 0.01}, {"params": model.conv2.parameters(), "lr": 0.01}]
    optimizer = torch.optim.SGD(groups, lr=0.1, momentum=0.9)
    for data in loader:
        optimizer.zero_grad()
        F.cross_entropy(model(data.x, data.edge_index), data.y).backward()
        optimizer.step()  # info: [missing-gradient-clipping]


model = Net(16, 32, 4)
train(model, [], torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9))
fit_plain(model, [])
fit_adam(model, [])
fit_one_cycle(model, [])
fit_groups(model, [])
