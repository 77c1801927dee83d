# Modelled on training loops that fix a loss's options once with `functools.partial` and call the
# wrapper on the model's output: `partial(F.cross_entropy, reduction="sum")` still applies softmax,
# so a model that returns softmax probabilities is squashed twice. The same wrapper fed raw logits,
# and a partial of `F.nll_loss` fed log-probabilities, stay quiet.
import functools
from functools import partial

import torch.nn as nn
import torch.nn.functional as F


class ProbabilityNet(nn.Module):
    def __init__(self, nin, nclass):
        super().__init__()
        self.lin = nn.Linear(nin, nclass)

    def forward(self, x):
        return F.softmax(self.lin(x), dim=-1)


class LogitNet(nn.Module):
    def __init__(self, nin, nclass):
        super().__init__()
        self.lin = nn.Linear(nin, nclass)

    def forward(self, x):
        return self.lin(x)


def train_probabilities(x, y, optimizer):
    model = ProbabilityNet(8, 3)
    criterion = functools.partial(F.cross_entropy, reduction="sum")
    loss = criterion(model(x), y)  # error: [softmax-before-crossentropy]
    loss.backward()
    optimizer.step()


def train_inline(x, y, lin):
    criterion = partial(F.cross_entropy, label_smoothing=0.1)
    loss = criterion(F.softmax(lin(x), dim=1), y)  # error: [softmax-before-crossentropy]
    loss.backward()


def train_logits(x, y, optimizer):
    model = LogitNet(8, 3)
    criterion = functools.partial(F.cross_entropy, reduction="sum")
    loss = criterion(model(x), y)
    loss.backward()
    optimizer.step()


def train_log_probabilities(x, y, lin):
    criterion = partial(F.nll_loss, reduction="mean")
    loss = criterion(F.log_softmax(lin(x), dim=1), y)
    loss.backward()
