# Modelled on regression models whose output activation is chosen by a string: the class is taken
# from torch's namespace by that name (`vars(module)[name]`, `getattr(nn, name)`), so the string
# the model holds decides what its output goes through. A construction that names another one
# (`Identity`) leaves that model's output raw; a string option's default is what a run without
# flags passes.
import argparse

import torch
import torch.nn as nn
import torch.nn.functional as F

parser = argparse.ArgumentParser()
parser.add_argument("--head", type=str, default="ELU")
args = parser.parse_args()


class ChosenHead(nn.Module):
    def __init__(self, nin, nout, head="LeakyReLU"):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.squash = vars(torch.nn.modules.activation)[head]()

    def forward(self, x):
        return self.squash(self.out(F.relu(self.hidden(x))))  # warning: [activation-on-output]


class FixedHead(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.squash = getattr(nn, "ReLU")()

    def forward(self, x):
        return self.squash(self.out(F.relu(self.hidden(x))))  # warning: [activation-on-output]


class RawHead(nn.Module):
    def __init__(self, nin, nout, head="ReLU"):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.squash = getattr(nn, head)()

    def forward(self, x):
        return self.squash(self.out(F.relu(self.hidden(x))))


class OptionHead(nn.Module):
    def __init__(self, nin, nout, head):
        super().__init__()
        self.hidden = nn.Linear(nin, 32)
        self.out = nn.Linear(32, nout)
        self.squash = nn.modules.activation.__dict__[head]()

    def forward(self, x):
        return self.squash(self.out(F.relu(self.hidden(x))))  # warning: [activation-on-output]


x = torch.randn(64, 8)
y = torch.randn(64, 1)
chosen = ChosenHead(8, 1)
F.mse_loss(chosen(x), y).backward()
fixed = FixedHead(8, 1)
F.mse_loss(fixed(x), y).backward()
raw = RawHead(8, 1, head="Identity")
F.mse_loss(raw(x), y).backward()
optioned = OptionHead(8, 1, head=args.head)
F.mse_loss(optioned(x), y).backward()
