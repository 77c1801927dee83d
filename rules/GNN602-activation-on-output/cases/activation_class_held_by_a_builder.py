# Modelled on regression heads built by a module-level helper that holds its activation class in a
# local or a parameter default (`act = nn.ReLU`, `def head(d, act=nn.ReLU)`) and calls it for each
# layer, the last one included. A helper whose callers choose the activation is not judged by its
# default, and one that ends in its linear layer is fine.
import torch
import torch.nn as nn

ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh}


def relu_head(d):
    act = ACTIVATIONS["relu"]
    return nn.Sequential(nn.Linear(d, 64), act(), nn.Linear(64, 1), act())  # warning: [activation-on-output]


def default_head(d, act=nn.ELU):
    return nn.Sequential(nn.Linear(d, 64), act(), nn.Linear(64, 1), act())  # warning: [activation-on-output]


def chosen_head(d, act=nn.ReLU):
    return nn.Sequential(nn.Linear(d, 64), act(), nn.Linear(64, 1), act())


def linear_head(d, act=nn.ReLU):
    return nn.Sequential(nn.Linear(d, 64), act(), nn.Linear(64, 1))


class Regressor(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.a = relu_head(d)
        self.b = default_head(d)
        self.c = chosen_head(d, act=nn.Identity)
        self.d = linear_head(d)

    def forward(self, x):
        return self.a(x) + self.b(x) + self.c(x) + self.d(x)


class RegressorA(Regressor):
    def forward(self, x):
        return self.a(x)


class RegressorB(Regressor):
    def forward(self, x):
        return self.b(x)


class RegressorC(Regressor):
    def forward(self, x):
        return self.c(x)


class RegressorD(Regressor):
    def forward(self, x):
        return self.d(x)


def train(x, y):
    loss = nn.MSELoss()
    total = loss(RegressorA(8)(x), y) + loss(RegressorB(8)(x), y)
    total = total + loss(RegressorC(8)(x), y) + loss(RegressorD(8)(x), y)
    total.backward()
