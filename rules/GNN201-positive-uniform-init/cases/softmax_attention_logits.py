# Attention over a fixed number of periods, learnt as a vector that only ever goes through a
# softmax: a shift of every logit leaves the softmax unchanged, so U(0, 1) starts it near uniform.
# The same draw on a matrix that multiplies the input still ties its units.
import torch
import torch.nn.functional as F
from torch import nn


class PeriodAttention(nn.Module):
    def __init__(self, periods, in_dim, out_dim):
        super().__init__()
        self.scores = nn.Parameter(torch.empty(periods))
        self.mix = nn.Parameter(torch.empty(in_dim, out_dim))
        nn.init.uniform_(self.scores)
        nn.init.uniform_(self.mix)  # error: [positive-uniform-init]

    def forward(self, x):
        weights = F.softmax(self.scores, dim=0)
        return torch.einsum("p,pnd->nd", weights, x @ self.mix)
