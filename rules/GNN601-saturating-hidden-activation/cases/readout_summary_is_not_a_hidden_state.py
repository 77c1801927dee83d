# A sigmoid of a readout (a mean, sum or max of a layer's output over its rows, written inline or
# as a module whose forward only reduces its input) squashes a summary of the graph, as
# Deep Graph Infomax does before its discriminator: it is no hidden layer's activation, whatever
# module reads the summary next. A sigmoid of the layer's own output, per node, still is.
import torch
from torch import nn


class MeanOfRows(nn.Module):
    def forward(self, h, mask=None):
        if mask is None:
            return torch.mean(h, 0)
        return torch.sum(h * mask, 0) / torch.sum(mask)


class Scorer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.bil = nn.Bilinear(c, c, 1)

    def forward(self, s, h):
        return self.bil(h, s.expand_as(h))


class Infomax(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.enc = nn.Linear(c, c)
        self.pool = MeanOfRows()
        self.squash = nn.Sigmoid()
        self.score = Scorer(c)
        self.lin = nn.Linear(c, c)

    def forward(self, x, x_corrupt):
        h = self.enc(x)
        s = self.squash(self.pool(h))
        pos = self.score(s, h)
        t = torch.sigmoid(h.max(0)[0])
        neg = self.score(t, self.enc(x_corrupt))
        u = self.squash(self.enc(x))  # info: [saturating-hidden-activation]
        return pos, neg, self.lin(u)


class Joined(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.a = nn.Linear(c, c)
        self.b = nn.Linear(c, c)
        self.c = nn.Linear(c, c)

    def forward(self, x):
        h = torch.sum(torch.stack([self.a(x), self.b(x)]), 0)
        h = torch.tanh(h)  # info: [saturating-hidden-activation]
        return self.c(h)


class HeadsAveraged(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.att = nn.MultiheadAttention(c, 4)
        self.lin = nn.Linear(c, c)

    def forward(self, x):
        h = self.lin(x)
        h = torch.tanh(self.lin(h).mean(0))  # info: [saturating-hidden-activation]
        return self.lin(h)


class ProjectedSum(nn.Module):
    """Reduces, but applies a layer of its own first: it is that layer, not a readout."""

    def __init__(self, c):
        super().__init__()
        self.lin = nn.Linear(c, c)

    def forward(self, h):
        return torch.sum(self.lin(h), 1)


class Projected(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.enc = nn.Linear(c, c)
        self.proj = ProjectedSum(c)
        self.out = nn.Linear(c, c)

    def forward(self, x):
        h = self.enc(x)
        h = torch.tanh(self.proj(h))  # info: [saturating-hidden-activation]
        return self.out(h)
