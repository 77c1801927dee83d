# The read-out's last activation is a constructor parameter whose default is an activation class,
# built inside the head (`out_act()`): the default model ends in a ReLU and is regressed with a
# mean squared error. With an identity (or no activation) by default the output is raw.
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GCNConv


class Regressor(nn.Module):
    def __init__(self, c, hidden=64, out_act=nn.ReLU):
        super().__init__()
        self.conv = GCNConv(c, hidden)
        self.head = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1), out_act())  # warning: [activation-on-output]

    def forward(self, x, edge_index):
        return self.head(self.conv(x, edge_index))


class RawRegressor(nn.Module):
    def __init__(self, c, hidden=64, last=nn.Identity):
        super().__init__()
        self.gc = GCNConv(c, hidden)
        self.mlp = nn.Sequential(nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 1), last())

    def forward(self, x, edge_index):
        return self.mlp(self.gc(x, edge_index))


model = Regressor(3)
raw = RawRegressor(3)
opt = torch.optim.Adam([*model.parameters(), *raw.parameters()], lr=0.01)
for data in []:
    opt.zero_grad()
    loss = F.mse_loss(model(data.x, data.edge_index), data.y) + F.mse_loss(raw(data.x, data.edge_index), data.y)
    loss.backward()
    opt.step()
