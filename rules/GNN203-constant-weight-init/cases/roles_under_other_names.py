# The layer of roles_not_names.py with its names swapped around: what each parameter is follows from
# its shape and its use, so a matrix called like a shift is still a weight, and a vector called like
# a layer is still a bias. A module that checks itself in a function named like a pytest test is not a
# test file: a constant weight there is as constant as anywhere.
import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.shift = nn.Parameter(torch.empty(c_in, c_out))
        self.lin_weight = nn.Parameter(torch.empty(c_out))
        self.out = Readout(c_out)
        nn.init.zeros_(self.lin_weight)
        nn.init.zeros_(self.shift)  # error: [constant-weight-init]

    def forward(self, x):
        return self.out(x @ self.shift + self.lin_weight)


class Readout(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.theta = nn.Parameter(torch.empty(c))
        self.kernel = nn.Parameter(torch.empty(c, 1))
        nn.init.ones_(self.theta)
        nn.init.xavier_uniform_(self.kernel)

    def forward(self, h):
        return (h * self.theta) @ self.kernel


def test_layer_output():
    layer = nn.Linear(4, 4)
    nn.init.constant_(layer.weight, 0.5)  # error: [constant-weight-init]
    nn.init.zeros_(layer.bias)
    return layer(torch.ones(1, 4))
