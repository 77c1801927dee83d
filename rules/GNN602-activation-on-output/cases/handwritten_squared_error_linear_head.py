# The same autoencoder with a linear attribute decoder is fine; and a distance between two
# outputs of the model (a contrastive term) is no regression, whatever the embedding ends in.
import torch
import torch.nn.functional as F
from torch import nn


class LinearDecoder(nn.Module):
    def __init__(self, hidden, features):
        super().__init__()
        self.lin1 = nn.Linear(hidden, hidden)
        self.lin2 = nn.Linear(hidden, features)

    def forward(self, h):
        return self.lin2(F.relu(self.lin1(h)))


class Embedder(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.lin = nn.Linear(features, hidden)

    def forward(self, x):
        return F.relu(self.lin(x))


class AutoEncoder(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.enc = nn.Linear(features, hidden)
        self.attr = LinearDecoder(hidden, features)

    def forward(self, x):
        h = F.relu(self.enc(x))
        return h @ h.T, self.attr(h)


def reconstruction(x, x_hat):
    return torch.pow(x_hat - x, 2).sum(1).sqrt().mean()


def fit(x, x_aug, epochs):
    net = AutoEncoder(x.size(1), 64)
    emb = Embedder(x.size(1), 16)
    opt = torch.optim.Adam(list(net.parameters()) + list(emb.parameters()), lr=5e-3)
    for _ in range(epochs):
        opt.zero_grad()
        _, x_hat = net(x)
        loss = reconstruction(x, x_hat) + torch.norm(emb(x) - emb(x_aug))
        loss.backward()
        opt.step()
