# Modelled on benchmark scripts that train each model of a written-out tuple in turn
# (`for Net in (GCN, GIN): model = Net(...)`): the loop variable is each class, so a class among
# them that ends in ReLU feeds the regression loss. A loop over classes with linear read-outs, and
# a loop over a tuple holding something not known to be a model class (then what the loop builds
# is not known, even for the class beside it), stay quiet.
import torch.nn as nn
import torch.nn.functional as F


class RectifiedNet(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.lin = nn.Linear(nin, 1)

    def forward(self, x):
        return F.relu(self.lin(x))  # warning: [activation-on-output]


class LinearNet(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.lin = nn.Linear(nin, 1)

    def forward(self, x):
        return self.lin(x)


class OtherLinearNet(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.hidden = nn.Linear(nin, nin)
        self.out = nn.Linear(nin, 1)

    def forward(self, x):
        return self.out(F.relu(self.hidden(x)))


class UnseenNet(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.lin = nn.Linear(nin, 1)

    def forward(self, x):
        return F.relu(self.lin(x))


def benchmark(x, y, make_optimizer):
    for Net in (LinearNet, RectifiedNet):
        model = Net(8)
        optimizer = make_optimizer(model)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()


def benchmark_linear(x, y, make_optimizer):
    for Net in [LinearNet, OtherLinearNet]:
        model = Net(8)
        optimizer = make_optimizer(model)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()


def benchmark_factories(x, y, make_optimizer, factory):
    for build in (factory, UnseenNet):
        model = build(8)
        optimizer = make_optimizer(model)
        loss = F.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
