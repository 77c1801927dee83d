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


class MaskLearner(nn.Module):
    # A stretched sigmoid sample (hard-concrete gate) rescaled into itself, drawn once per layer in
    # a loop: a gate, not a state carried from one step to the next.
    def __init__(self, width, layers):
        super().__init__()
        self.scores = nn.ModuleList([nn.Linear(width, 1) for _ in range(layers)])

    def sample(self, logits, low=-0.1, high=1.1):
        s = torch.sigmoid(logits)
        s = s * (high - low) + low
        return s.clamp(0, 1)

    def fit(self, x, target, epochs=100):
        optimizer = torch.optim.Adam(self.parameters(), lr=0.01)
        for _ in range(epochs):
            optimizer.zero_grad()
            masks = []
            for score in self.scores:
                mask = score(x)
                mask = self.sample(mask)
                masks.append(mask)
            loss = ((torch.stack(masks).mean(0) - target) ** 2).mean()
            loss.backward()
            optimizer.step()  # info: [missing-gradient-clipping]
