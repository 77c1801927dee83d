# Modelled on graph-attention layers that wrap a U(0, 1) draw as their weight: the draw is the
# hazard only when nothing in the class sets the weight's values again. An `xavier_uniform_` on
# the parameter's `.data` (here, or in a reset method the constructor calls) replaces the draw.
import torch
from torch import nn


class DrawnAttention(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.proj = nn.Parameter(torch.rand(c_in, c_out))  # error: [positive-uniform-init]
        self.score = nn.Parameter(torch.empty(2 * c_out, 1))
        nn.init.xavier_uniform_(self.score.data, gain=1.414)

    def forward(self, h):
        wh = h @ self.proj
        return torch.cat([wh, wh], dim=1) @ self.score


class ReinitialisedAttention(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.proj = nn.Parameter(torch.rand(c_in, c_out))
        self.score = nn.Parameter(torch.rand(2 * c_out, 1))
        self.reset()

    def reset(self):
        nn.init.xavier_uniform_(self.proj.data, gain=1.414)
        nn.init.xavier_uniform_(self.score, gain=1.414)

    def forward(self, h):
        wh = h @ self.proj
        return torch.cat([wh, wh], dim=1) @ self.score
