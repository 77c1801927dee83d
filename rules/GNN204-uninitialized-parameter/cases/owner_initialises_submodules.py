# A cell whose parameters are allocated empty is initialised by the model that builds it when
# that model reaches all of its parameters at once (a session-graph model looping over
# `self.parameters()` in its own reset); a model that only builds it leaves them empty.
import torch
from torch import nn


class GatedCell(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.shift_in = nn.Parameter(torch.Tensor(hidden))
        self.gate = nn.Parameter(torch.Tensor(3 * hidden, hidden))

    def forward(self, h):
        return torch.sigmoid((h + self.shift_in) @ self.gate.t())


class SessionModel(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.cell = GatedCell(hidden)
        self.init_all(hidden)

    def init_all(self, hidden):
        for p in self.parameters():
            p.data.uniform_(-hidden ** -0.5, hidden ** -0.5)


class PlainCell(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.scale = nn.Parameter(torch.Tensor(hidden, hidden))  # error: [uninitialized-parameter]

    def forward(self, h):
        return h @ self.scale


class Wrapper(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.cell = PlainCell(hidden)
        self.out = nn.Linear(hidden, 1)
