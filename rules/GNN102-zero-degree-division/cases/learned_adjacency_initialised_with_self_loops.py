# Modelled on label-correlation GCNs (ML-GCN util.py gen_adj): the correlation matrix is built with the
# identity added, then kept as a learnable `nn.Parameter` and normalised by D^-1/2 in forward. Wrapping
# in a Parameter keeps what the matrix is: every row sum is at least 1. The same model built from a
# thresholded matrix without the identity has rows that may sum to 0.
import numpy as np
import torch
from torch import nn


def correlations(n, t, counts):
    c = np.array(counts, dtype=np.float64)
    c[c < t] = 0
    c[c >= t] = 1
    return c + np.identity(n)


def thresholded(n, t, counts):
    c = np.array(counts, dtype=np.float64)
    c[c < t] = 0
    c[c >= t] = 1
    return c


def sym_norm(m):
    d = torch.pow(m.sum(1).float(), -0.5)
    d = torch.diag(d)
    return torch.matmul(torch.matmul(m, d).t(), d)


def sym_norm_raw(m):
    d = torch.pow(m.sum(1).float(), -0.5)  # error: [zero-degree-division]
    d = torch.diag(d)
    return torch.matmul(torch.matmul(m, d).t(), d)


class LabelGraph(nn.Module):
    def __init__(self, n, t, counts):
        super().__init__()
        self.corr = nn.Parameter(torch.from_numpy(correlations(n, t, counts)).float())

    def forward(self, labels):
        return torch.matmul(sym_norm(self.corr).detach(), labels)


class RawLabelGraph(nn.Module):
    def __init__(self, n, t, counts):
        super().__init__()
        self.corr = nn.Parameter(torch.from_numpy(thresholded(n, t, counts)).float())

    def forward(self, labels):
        return torch.matmul(sym_norm_raw(self.corr).detach(), labels)


class Discriminator(nn.Module):
    # A learnable square weight, not a graph: multiplying features by it is no propagation.
    def __init__(self, hidden):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(hidden, hidden))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, z, summary):
        return torch.sum(z * torch.matmul(self.weight, summary), dim=1)
