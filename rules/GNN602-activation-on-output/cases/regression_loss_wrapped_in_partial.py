# Modelled on regression training loops that bind the loss's options with `functools.partial`:
# `partial(F.mse_loss, reduction="sum")` is still a squared error on the model's output, so a
# model that ends in ReLU cannot reach a negative target. A model with a linear read-out under the
# same wrapper, and a partial that binds the prediction itself (its positions shift), stay quiet.
import functools

import torch.nn as nn
import torch.nn.functional as F


class Regressor(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.lin = nn.Linear(nin, 1)

    def forward(self, x):
        return F.relu(self.lin(x))  # warning: [activation-on-output]


class LinearRegressor(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.lin = nn.Linear(nin, 1)

    def forward(self, x):
        return self.lin(x)


class BoundRegressor(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.lin = nn.Linear(nin, 1)

    def forward(self, x):
        return F.relu(self.lin(x))


def train(x, y, optimizer):
    model = Regressor(8)
    criterion = functools.partial(F.mse_loss, reduction="sum")
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()


def train_linear(x, y, optimizer):
    model = LinearRegressor(8)
    criterion = functools.partial(F.mse_loss, reduction="sum")
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()


def train_bound(x, y, optimizer):
    model = BoundRegressor(8)
    criterion = functools.partial(F.mse_loss, y)
    loss = criterion(model(x))
    loss.backward()
    optimizer.step()
