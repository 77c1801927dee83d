# The regression head is picked from a table of classes by `.get` on an option, or with a literal
# key. An option may pick any entry, so the head ending in ReLU feeds the MSE loss; a literal key
# picks its one entry, and the table whose ReLU head is never picked stays quiet.
import argparse

import torch.nn as nn
import torch.nn.functional as F


class ReluHead(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.lin = nn.Linear(n, 1)

    def forward(self, h):
        return F.relu(self.lin(h))  # warning: [activation-on-output]


class LinearHead(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.lin = nn.Linear(n, 1)

    def forward(self, h):
        return self.lin(h)


class ClampedHead(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.lin = nn.Linear(n, 1)

    def forward(self, h):
        return F.relu(self.lin(h))


HEADS = {"relu": ReluHead, "linear": LinearHead}
OTHER_HEADS = {"relu": ClampedHead, "linear": LinearHead}


def fit(model, batches):
    for h, y in batches:
        F.mse_loss(model(h).squeeze(-1), y).backward()


parser = argparse.ArgumentParser()
parser.add_argument("--head", default="linear")
args = parser.parse_args()
fit(HEADS.get(args.head)(16), [])
fit(OTHER_HEADS["linear"](16), [])
