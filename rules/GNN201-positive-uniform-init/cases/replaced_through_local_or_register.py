# Modelled on GAT ports that draw a parameter from U(0, 1), then replace it with Glorot: whether the
# drawn parameter reaches its attribute directly, through a local, or by `register_parameter`,
# the class sets that attribute's values again. Without the replacement each draw stays U(0, 1).
import torch
from torch import nn


class ViaLocal(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        w = nn.Parameter(torch.rand(a, b))
        self.W = w
        nn.init.xavier_uniform_(self.W.data, gain=1.414)

    def forward(self, h):
        return h @ self.W


class Registered(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        self.register_parameter("W", nn.Parameter(torch.rand(a, b)))
        nn.init.xavier_uniform_(self.W.data, gain=1.414)

    def forward(self, h):
        return h @ self.W


class ViaLocalKept(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        w = nn.Parameter(torch.rand(a, b))  # error: [positive-uniform-init]
        self.W = w

    def forward(self, h):
        return h @ self.W


class RegisteredKept(nn.Module):
    def __init__(self, a, b):
        super().__init__()
        self.register_parameter("W", nn.Parameter(torch.rand(a, b)))  # error: [positive-uniform-init]

    def forward(self, h):
        return h @ self.W
