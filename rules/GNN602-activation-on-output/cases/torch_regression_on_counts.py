# Modelled on count-regression demos: a ReLU head fitted with `F.mse_loss` to targets drawn as
# non-negative integers is a choice (the targets are never below 0), while the same head fitted to
# standardised targets cannot reach the negative half of them.
import torch
import torch.nn.functional as F
from torch import nn


class Head(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.hidden = nn.Linear(c, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return F.relu(self.out(F.relu(self.hidden(x)))).squeeze(-1)


class StandardisedHead(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.hidden = nn.Linear(c, 32)
        self.out = nn.Linear(32, 1)

    def forward(self, x):
        return F.relu(self.out(F.relu(self.hidden(x)))).squeeze(-1)  # warning: [activation-on-output]


x = torch.randn(64, 8)
counts = torch.randint(0, 10, (64,)).float()
counter = Head(8)
loss = F.mse_loss(counter(x), counts)

scores = torch.randn(64)
scores = (scores - scores.mean()) / scores.std()
regressor = StandardisedHead(8)
loss = F.mse_loss(regressor(x), scores)
