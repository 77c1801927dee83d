# Modelled on weight-tied GCNs that unroll one layer: the layer (weights of its own, kept as a
# Parameter) is applied to its own output for a number of passes set at construction, with an
# activation around the call. The gradient runs through the same weights once per pass, as in a
# plain RNN. Quiet look-alikes: two passes of the same layer (a shallow stack, the constructor's default), a propagation whose
# only module is dropout (no weights to tie), and a fixed teleport weight handed to the step
# through a local copy (a contraction, not a gate computed on each pass).
import torch
import torch.nn as nn
import torch.nn.functional as F


class TiedConvolution(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(width, width))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, x, adjacency):
        return torch.sparse.mm(adjacency, x @ self.weight)


class DroppedPropagation(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.drop = nn.Dropout(p)

    def forward(self, x, adjacency):
        return torch.sparse.mm(adjacency, self.drop(x))


class Unrolled(nn.Module):
    def __init__(self, width, passes):
        super().__init__()
        self.layer = TiedConvolution(width)
        self.passes = passes

    def forward(self, x, adjacency):
        for _ in range(self.passes):
            x = F.relu(self.layer(x, adjacency))
        return x


class TwoPasses(nn.Module):
    def __init__(self, width, passes=2):
        super().__init__()
        self.layer = TiedConvolution(width)
        self.passes = passes

    def forward(self, x, adjacency):
        for _ in range(self.passes):
            x = F.relu(self.layer(x, adjacency))
        return x


class Diffusion(nn.Module):
    def __init__(self, width, passes):
        super().__init__()
        self.encode = nn.Linear(width, width)
        self.propagate = DroppedPropagation(0.5)
        self.passes = passes
        self.alpha = 0.1

    def step(self, h, start, adjacency, alpha):
        return (1 - alpha) * torch.sparse.mm(adjacency, h) + alpha * start

    def forward(self, x, adjacency):
        start = self.encode(x)
        h = start
        alpha = self.alpha
        for _ in range(self.passes):
            h = self.step(self.propagate(h, adjacency), start, adjacency, alpha)
        return h



def train_unrolled(x, adjacency, targets):
    model = Unrolled(16, 32)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = F.cross_entropy(model(x, adjacency), targets)
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]


def train_two_passes(x, adjacency, targets):
    model = TwoPasses(16)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = F.cross_entropy(model(x, adjacency), targets)
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]


def train_diffusion(x, adjacency, targets):
    model = Diffusion(16, 32)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = F.cross_entropy(model(x, adjacency), targets)
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
