# A per-eigenvalue filter (a vector that scales the spectrum entry by entry) drawn just around 1
# starts as the identity filter on purpose; a weight matrix drawn from U(0.9, 1.1), or a bias
# drawn from U(0, 1), still starts every unit correlated.
import torch
from torch import nn


class SpectralFilter(nn.Module):
    def __init__(self, nodes, in_dim, out_dim):
        super().__init__()
        self.filter = nn.Parameter(torch.Tensor(nodes, 1))
        self.mix = nn.Parameter(torch.Tensor(in_dim, out_dim))
        self.shift = nn.Parameter(torch.Tensor(out_dim))
        nn.init.uniform_(self.filter, 0.9, 1.1)
        nn.init.uniform_(self.mix, 0.9, 1.1)  # error: [positive-uniform-init]
        nn.init.uniform_(self.shift, 0.0, 1.0)  # error: [positive-uniform-init]

    def forward(self, basis, inverse, x):
        spectral = basis @ torch.diag(self.filter.view(-1)) @ inverse
        return spectral @ (x @ self.mix) + self.shift


class FramingFilter(nn.Module):
    """The filter is allocated on the device when there is one: moving a tensor keeps its shape."""

    def __init__(self, nodes, in_dim, out_dim):
        super().__init__()
        if torch.cuda.is_available():
            self.gain = nn.Parameter(torch.Tensor(nodes, 1).cuda())
            self.mix = nn.Parameter(torch.Tensor(in_dim, out_dim).to("cuda"))
        else:
            self.gain = nn.Parameter(torch.Tensor(nodes, 1))
            self.mix = nn.Parameter(torch.Tensor(in_dim, out_dim))
        nn.init.uniform_(self.gain, 0.9, 1.1)
        nn.init.uniform_(self.mix, 0.9, 1.1)  # error: [positive-uniform-init]

    def forward(self, frames, x):
        return self.gain * (frames @ (x @ self.mix))
