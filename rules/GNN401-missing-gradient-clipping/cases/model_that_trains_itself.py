# Modelled on models that carry their own training loop (DeepRobust's defences, GCond's models):
# `fit` builds the optimizer over `self.parameters()`, so the model it trains is its own class,
# whatever the file builds. Here that class unrolls a gated cell written by hand over a sequence:
# a recurrent network, so the unclipped step is a risk. The plain one beside it stays info.
import torch
import torch.nn as nn


class Tracker(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.gate = nn.Linear(2 * width, width)
        self.cand = nn.Linear(2 * width, width)

    def advance(self, x, h):
        both = torch.cat([x, h], dim=-1)
        z = torch.sigmoid(self.gate(both))
        c = torch.tanh(self.cand(both))
        h = (1 - z) * h + z * c
        return h

    def forward(self, xs):
        h = torch.zeros_like(xs[0])
        for x in xs:
            h = self.advance(x, h)
        return h

    def fit(self, xs, target, epochs=100):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.01)
        for _ in range(epochs):
            optimizer.zero_grad()
            loss = ((self.forward(xs) - target) ** 2).mean()
            loss.backward()
            optimizer.step()  # warning: [missing-gradient-clipping]


class Dense(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.layer = nn.Linear(width, width)

    def fit(self, x, target, epochs=100):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.01)
        for _ in range(epochs):
            optimizer.zero_grad()
            loss = ((self.layer(x) - target) ** 2).mean()
            loss.backward()
            optimizer.step()  # info: [missing-gradient-clipping]
