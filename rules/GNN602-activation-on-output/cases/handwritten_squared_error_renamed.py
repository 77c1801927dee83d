# The bad case again with every local renamed: the finding follows the values, not the names.
import torch
import torch.nn.functional as F
from torch import nn


class Dec(nn.Module):
    def __init__(self, hidden, features):
        super().__init__()
        self.lin1 = nn.Linear(hidden, hidden)
        self.lin2 = nn.Linear(hidden, features)

    def forward(self, h):
        h = F.relu(self.lin1(h))
        return F.relu(self.lin2(h))  # warning: [activation-on-output]


class Ae(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.enc = nn.Linear(features, hidden)
        self.attr = Dec(hidden, features)

    def forward(self, x):
        h = F.relu(self.enc(x))
        return h @ h.T, self.attr(h)


def objective(adj, a_rec, x, recon):
    e1 = torch.sqrt(torch.sum(torch.pow(recon - x, 2), 1) + 1e-8)
    e2 = ((a_rec - adj) ** 2).sum(1)
    return (e1 + e2).mean()


def go(x, adj, epochs):
    m = Ae(x.size(1), 64)
    opt = torch.optim.Adam(m.parameters(), lr=5e-3)
    for _ in range(epochs):
        opt.zero_grad()
        a_rec, recon = m(x)
        loss = objective(adj, a_rec, x, recon)
        loss.backward()
        opt.step()
