# Modelled on message-passing layers that zero their update projection in their own
# `reset_parameters`: calling that method from the constructor draws nothing else, so the zeroed
# matrix is the class's only weight and its units stay identical. A class that also resets a
# sub-module (`self.gate.reset_parameters()`, a random draw) zeroes one projection on purpose.
import torch
from torch import nn


class ZeroedEdgeLayer(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.update = nn.Linear(2 * c_in, c_out)
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.zeros_(self.update.weight)  # error: [constant-weight-init]
        nn.init.zeros_(self.update.bias)

    def forward(self, x_i, x_j):
        return self.update(torch.cat([x_i, x_j - x_i], dim=-1))


class ZeroedOutputLayer(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.gate = nn.Linear(c_in, c_in)
        self.update = nn.Linear(c_in, c_out)
        self.reset_parameters()

    def reset_parameters(self):
        self.gate.reset_parameters()
        nn.init.zeros_(self.update.weight)
        nn.init.zeros_(self.update.bias)

    def forward(self, x):
        return self.update(torch.relu(self.gate(x)))
