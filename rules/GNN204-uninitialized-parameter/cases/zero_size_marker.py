# A parameter with a dimension of 0 holds no entries, so there is nothing left uninitialised:
# modules keep one as a marker whose `.device` / `.dtype` tells forward where to build tensors.
import torch
from torch import nn


class TimeEncoding(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.dim = dim
        self.marker = nn.Parameter(torch.empty(0, dtype=torch.float), requires_grad=False)
        self.none_yet = nn.Parameter(torch.empty((dim, 0)))
        self.scale = nn.Parameter(torch.empty(dim))  # error: [uninitialized-parameter]

    def forward(self, t):
        steps = torch.arange(self.dim, device=self.marker.device)
        return t[:, None] * steps * self.scale
