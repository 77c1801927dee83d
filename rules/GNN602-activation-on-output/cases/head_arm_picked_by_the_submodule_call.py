# Modelled on distance-regression models whose read-out submodule clips its predictions with a ReLU
# "for inference" under `if not fit:` / `else:` arms of a keyword flag. The enclosing model calls
# the submodule without the flag, so the default decides the arm on every call, training too: the
# ReLU reaches the squared-error loss. A call that passes the flag (or hands on a value the code
# cannot read) runs the raw arm or is not known, and stays quiet.
import torch
import torch.nn.functional as F
from torch import nn


class PairHead(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.score = nn.Linear(dim, 1)

    def forward(self, h, valid, fit=False):
        raw = self.score(h).squeeze(-1)
        if fit:
            scores = raw * valid
        else:
            scores = F.relu(raw * valid)  # warning: [activation-on-output]
        return scores, valid


class DefaultArm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.embed = nn.Linear(dim, dim)
        self.head = PairHead(dim)

    def forward(self, x, valid, fit=False):
        h = self.embed(x)
        scores, kept = self.head(h, valid)  # `fit` left at False: the ReLU arm runs
        return scores, kept


class FlaggedHead(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.score = nn.Linear(dim, 1)

    def forward(self, h, valid, fit=False):
        raw = self.score(h).squeeze(-1)
        if fit:
            scores = raw * valid
        else:
            scores = F.relu(raw * valid)
        return scores, valid


class PassedArm(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.embed = nn.Linear(dim, dim)
        self.head = FlaggedHead(dim)

    def forward(self, x, valid):
        h = self.embed(x)
        scores, kept = self.head(h, valid, fit=True)  # the raw arm runs
        return scores, kept


def train(model, x, valid, target):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    optimizer.zero_grad()
    scores, kept = model(x, valid)
    loss = F.mse_loss(scores, target * kept)
    loss.backward()
    optimizer.step()


x, valid, target = torch.randn(32, 8), torch.ones(32), torch.randn(32)
train(DefaultArm(8), x, valid, target)
train(PassedArm(8), x, valid, target)
