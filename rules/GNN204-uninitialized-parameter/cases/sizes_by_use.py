# `torch.Tensor(x)` with one argument allocates x uninitialised entries when x is a size, and
# copies x when it is data. Which it is follows from how the constructor uses x, not its name:
# `k` is also a dimension of a module and of integer arithmetic, so it is a size; `v` is not.
import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, k, v):
        super().__init__()
        self.lin = nn.Linear(2 * k, k)
        self.gain = nn.Parameter(torch.Tensor(k))  # error: [uninitialized-parameter]
        self.table = nn.Parameter(torch.Tensor(v))

    def forward(self, x):
        return self.lin(x) * self.gain
