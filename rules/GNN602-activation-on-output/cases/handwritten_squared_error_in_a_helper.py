# Modelled on graph autoencoders for anomaly detection: the model returns the reconstructed
# structure and attributes as a tuple, and a helper written by hand scores the attribute
# reconstruction with a squared error. The attribute decoder ends in a ReLU, so standardised
# (negative) attributes cannot be reconstructed.
import torch
import torch.nn.functional as F
from torch import nn


class AttrDecoder(nn.Module):
    def __init__(self, hidden, features):
        super().__init__()
        self.lin1 = nn.Linear(hidden, hidden)
        self.lin2 = nn.Linear(hidden, features)

    def forward(self, h):
        h = F.relu(self.lin1(h))
        return F.relu(self.lin2(h))  # warning: [activation-on-output]


class AutoEncoder(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.enc = nn.Linear(features, hidden)
        self.attr = AttrDecoder(hidden, features)

    def forward(self, x):
        h = F.relu(self.enc(x))
        return h @ h.T, self.attr(h)


def reconstruction(adj, adj_hat, x, x_hat):
    attr_err = torch.sqrt(torch.sum(torch.pow(x_hat - x, 2), 1) + 1e-8)
    struct_err = ((adj_hat - adj) ** 2).sum(1)
    return (attr_err + struct_err).mean()


def fit(x, adj, epochs):
    net = AutoEncoder(x.size(1), 64)
    opt = torch.optim.Adam(net.parameters(), lr=5e-3)
    for _ in range(epochs):
        opt.zero_grad()
        adj_hat, x_hat = net(x)
        loss = reconstruction(adj, adj_hat, x, x_hat)
        loss.backward()
        opt.step()
