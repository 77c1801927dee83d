# Modelled on a self-gating GCN: one score vector of shape (fan_in, 1) per layer, kept in a
# ParameterList and drawn from U(-stdv, stdv) with stdv = 1 / sqrt(s.size(1)). The size read is the
# literal 1, so every score is drawn from U(-1, 1) whatever the fan-in, and `x @ scores[0]` starts
# large. Reading the fan-in dimension (size(0)) scales the draw.
import math

import torch
import torch.nn as nn
from torch.nn import Parameter


class Gates(nn.Module):
    def __init__(self, nfeat, nhid, layers):
        super().__init__()
        self.scores = nn.ParameterList()
        self.scores.append(Parameter(torch.FloatTensor(nfeat, 1)))
        for _ in range(layers):
            self.scores.append(Parameter(torch.FloatTensor(nhid, 1)))
        for s in self.scores:
            stdv = 1. / math.sqrt(s.size(1))
            s.data.uniform_(-stdv, stdv)  # warning: [unscaled-init]
        self.keys = nn.ParameterList([Parameter(torch.FloatTensor(nfeat, 1)), Parameter(torch.FloatTensor(nhid, 1))])
        for k in self.keys:
            stdv = 1. / math.sqrt(k.size(0))
            k.data.uniform_(-stdv, stdv)

    def forward(self, x, h):
        return torch.sigmoid(x @ self.scores[0]) * torch.sigmoid(h @ self.keys[1])
