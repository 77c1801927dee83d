# Modelled on GNNGuard's GIN defence (defense/gin.py): one learnable scalar drawn from U(0, 1)
# mixes two edge-weight vectors as `g * a + (1 - g) * b`. A parameter of one element has no units
# that read the same input, so starting it positive correlates nothing; a vector or a matrix
# drawn the same way still does.
import torch
from torch import nn
from torch.nn import Parameter


class EdgeMixer(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.gate = Parameter(torch.rand(1))
        self.temperature = Parameter(torch.empty(1, 1))
        nn.init.uniform_(self.temperature)
        self.scale = Parameter(torch.rand(channels))  # error: [positive-uniform-init]
        self.proj = Parameter(torch.rand(channels, channels))  # error: [positive-uniform-init]

    def forward(self, x, first, second):
        weights = self.gate * first + (1 - self.gate) * second
        return (x @ self.proj) * self.scale / self.temperature, weights


class RenamedMixer(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.w = Parameter(torch.rand(1, 1))
        self.k = nn.Parameter(torch.empty(n, 1))
        self.k.data.uniform_()  # error: [positive-uniform-init]

    def forward(self, u, p, q):
        return self.w * p + (1 - self.w) * q + u @ self.k
