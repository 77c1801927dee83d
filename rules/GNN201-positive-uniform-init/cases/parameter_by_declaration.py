# A parameter is known by its declaration, not its name: `self.mix` is an `nn.Parameter`, so
# filling it from U(0, 1) in place draws all-positive weights; a tensor never wrapped in a
# Parameter (dropout noise) may be drawn from U(0, 1) under any name.
import torch
from torch import nn


class Mixer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.mix = nn.Parameter(torch.empty(c, c))
        self.mix.data.uniform_()  # error: [positive-uniform-init]

    def forward(self, x):
        weights = torch.empty(x.shape[0], 1).uniform_()
        return (x @ self.mix) * (weights > 0.1)
