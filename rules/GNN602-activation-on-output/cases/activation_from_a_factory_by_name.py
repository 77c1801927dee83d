# Modelled on models that build their output activation with a factory of their own, chosen by a
# string: an if-chain comparing the (lower-cased) name, or a table from names to layers. The name
# the model holds picks the branch, so the head applies the layer that branch returns. A name that
# picks the identity, or that nobody fixes, leaves the output raw. A factory that first finds the
# name's canonical spelling among literal names (a filter comprehension ignoring case) and then
# takes that class from torch's namespace is followed the same way.
import torch
import torch.nn as nn
import torch.nn.functional as F

HEADS = {"relu": nn.ReLU, "elu": nn.ELU, "none": nn.Identity}
SPELLINGS = {"ReLU", "LeakyReLU", "ELU", "Identity"}


def make_act(kind):
    if callable(kind):
        return kind
    kind = kind.lower()
    if kind in ("leaky", "leakyrelu"):
        layer = nn.LeakyReLU(0.1)
    elif kind == "tanh":
        layer = nn.Tanh()
    elif kind == "linear":
        layer = nn.Identity()
    else:
        raise ValueError(kind)
    return layer


def canonical_act(name):
    found = [s for s in SPELLINGS if name.lower() == s.lower()]
    assert len(found) == 1, name
    name = found[0]
    return vars(torch.nn.modules.activation)[name]()


class SpelledHead(nn.Module):
    def __init__(self, nin, nout, head="elu"):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.head = canonical_act(head)

    def forward(self, x):
        return self.head(self.out(F.relu(self.hidden(x))))  # warning: [activation-on-output]


class FactoryHead(nn.Module):
    def __init__(self, nin, nout, head="LeakyReLU"):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.head = make_act(head)

    def forward(self, x):
        return self.head(self.out(F.relu(self.hidden(x))))  # warning: [activation-on-output]


class TableHead(nn.Module):
    def __init__(self, nin, nout, head="elu"):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.head = HEADS[head]()

    def forward(self, x):
        return self.head(self.out(F.relu(self.hidden(x))))  # warning: [activation-on-output]


class LinearHead(nn.Module):
    def __init__(self, nin, nout, head="linear"):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.head = make_act(head)

    def forward(self, x):
        return self.head(self.out(F.relu(self.hidden(x))))


class OpenHead(nn.Module):
    def __init__(self, nin, nout, head):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.head = HEADS[head]()

    def forward(self, x):
        return self.head(self.out(F.relu(self.hidden(x))))


x = torch.randn(64, 8)
y = torch.randn(64, 1)
factory = FactoryHead(8, 1)
F.mse_loss(factory(x), y).backward()
table = TableHead(8, 1)
F.mse_loss(table(x), y).backward()
linear = LinearHead(8, 1)
F.mse_loss(linear(x), y).backward()
opened = OpenHead(8, 1, head=input())
F.mse_loss(opened(x), y).backward()
spelled = SpelledHead(8, 1)
F.mse_loss(spelled(x), y).backward()
identity = SpelledHead(8, 1, head="identity")
F.mse_loss(identity(x), y).backward()
