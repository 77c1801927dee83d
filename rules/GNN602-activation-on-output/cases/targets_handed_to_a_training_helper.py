# Modelled on scripts that train through a helper `train(model, x, y)`: the targets are the
# helper's parameter, so what they can be is what the script hands it, as for the loss. Counts
# drawn as non-negative integers make a ReLU head a choice; standard-normal
# targets handed the same way cannot be reached below 0.
import torch
import torch.nn.functional as F
from torch import nn


class Counter(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.lin = nn.Linear(c, 1)

    def forward(self, x):
        return F.relu(self.lin(x)).squeeze(-1)


class Scorer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.lin = nn.Linear(c, 1)

    def forward(self, x):
        return F.relu(self.lin(x)).squeeze(-1)  # warning: [activation-on-output]


def train_counts(model, x, y):
    opt = torch.optim.Adam(model.parameters())
    loss_fn = nn.MSELoss()
    for _ in range(10):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()


def train_scores(model, x, y):
    opt = torch.optim.Adam(model.parameters())
    loss_fn = nn.MSELoss()
    for _ in range(10):
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()


x = torch.randn(64, 8)
counts = torch.randint(0, 10, (64,)).float()
train_counts(Counter(8), x, counts)

scores = torch.randn(64)
train_scores(Scorer(8), x, scores)
