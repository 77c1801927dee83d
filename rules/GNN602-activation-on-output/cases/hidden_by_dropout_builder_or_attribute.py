# Three ways real models hide a ReLU on their output from a reader: dropout applied after it (the
# dropped values stay >= 0), an nn.Sequential built by a helper function and stored on the model,
# and the activation module kept in an attribute and applied to the output layer. The good
# variants end in a linear layer, or in the squashing their loss expects.
import torch
import torch.nn.functional as F
from torch import nn


def make_head(width, out):
    return nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, out), nn.ReLU())  # warning: [activation-on-output]


def make_linear_head(width, out):
    return nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, out))


def make_probability_head(width):
    return nn.Sequential(nn.Linear(width, width), nn.ReLU(), nn.Linear(width, 1), nn.Sigmoid())


class DroppedAfter(nn.Module):
    def __init__(self, d, c):
        super().__init__()
        self.hidden = nn.Linear(d, 64)
        self.out = nn.Linear(64, c)

    def forward(self, x):
        x = F.relu(self.hidden(x))
        x = F.relu(self.out(x))  # warning: [activation-on-output]
        x = F.dropout(x, p=0.5, training=self.training)
        return x


class DroppedBefore(nn.Module):
    def __init__(self, d, c):
        super().__init__()
        self.hidden = nn.Linear(d, 64)
        self.out = nn.Linear(64, c)

    def forward(self, x):
        x = F.relu(self.hidden(x))
        x = F.dropout(x, p=0.5, training=self.training)
        return self.out(x)


class Regressor(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.body = nn.Linear(d, 64)
        self.head = make_head(64, 1)

    def forward(self, x):
        return self.head(F.relu(self.body(x))).squeeze(-1)


class LinearRegressor(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.body = nn.Linear(d, 64)
        self.head = make_linear_head(64, 1)

    def forward(self, x):
        return self.head(F.relu(self.body(x))).squeeze(-1)


class Scorer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.head = make_probability_head(d)

    def forward(self, x):
        return self.head(x).squeeze(-1)


class SharedActivation(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin1 = nn.Linear(d, 32)
        self.lin2 = nn.Linear(32, 1)
        self.act = nn.ELU()

    def forward(self, x):
        h = self.act(self.lin1(x))
        return self.act(self.lin2(h))  # warning: [activation-on-output]


def train_classifier(x, y):
    a = DroppedAfter(8, 3)
    b = DroppedBefore(8, 3)
    return F.cross_entropy(a(x), y) + F.cross_entropy(b(x), y)


def train_regressors(x, y):
    criterion = nn.MSELoss()
    r = Regressor(8)
    lr = LinearRegressor(8)
    s = SharedActivation(8)
    return criterion(r(x), y) + criterion(lr(x), y) + criterion(s(x), y)


def train_scorer(x, y):
    scorer = Scorer(8)
    return nn.BCELoss()(scorer(x), y)
