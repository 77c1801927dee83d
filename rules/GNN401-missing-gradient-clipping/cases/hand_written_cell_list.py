# Modelled on dgl examples/pytorch/evolveGCN (model.py): a GRU-style cell written as its own module,
# `(1 - u) * prev + u * cand`, kept in a ModuleList and applied across time steps with its output fed
# back in (the weights evolve): a recurrent cell, so an unclipped step is a risk.
import torch
import torch.nn as nn


class MatrixCell(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.u = nn.Linear(width, width)
        self.c = nn.Linear(width, width)

    def forward(self, prev, x):
        u = torch.sigmoid(self.u(x))
        cand = torch.tanh(self.c(prev))
        return (1 - u) * prev + u * cand


class Evolving(nn.Module):
    def __init__(self, width, layers):
        super().__init__()
        self.cells = nn.ModuleList()
        for _ in range(layers):
            self.cells.append(MatrixCell(width))
        self.start = nn.Parameter(torch.empty(width, width))
        nn.init.xavier_uniform_(self.start)

    def forward(self, snapshots):
        w = self.start
        for i in range(len(self.cells)):
            for x in snapshots:
                w = self.cells[i](w, x)
        return w


model = Evolving(16, 2)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train(snapshots, target):
    optimizer.zero_grad()
    loss = ((model(snapshots) - target) ** 2).mean()
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
