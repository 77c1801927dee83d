# Gaussian basis centres and widths kept as one-row embedding tables: rows are looked up, nothing
# is multiplied by them, so a positive draw ties no units. A linear layer drawn the same way does.
import torch
from torch import nn


def gaussian(x, mean, std):
    return torch.exp(-0.5 * ((x - mean) / std) ** 2)


class DistanceBasis(nn.Module):
    def __init__(self, k, edge_types):
        super().__init__()
        self.centres = nn.Embedding(1, k)
        self.widths = nn.Embedding(1, k)
        self.project = nn.Linear(k, k)
        nn.init.uniform_(self.centres.weight, 0, 3)
        nn.init.uniform_(self.widths.weight, 0, 3)
        nn.init.uniform_(self.project.weight, 0, 3)  # error: [positive-uniform-init]

    def forward(self, x):
        mean = self.centres.weight.view(-1)
        std = self.widths.weight.view(-1).abs() + 1e-5
        return self.project(gaussian(x.unsqueeze(-1), mean, std))


class RadialBasis(nn.Module):
    # centres read through a cast, and the output cast to their dtype: still only compared with x
    def __init__(self, k):
        super().__init__()
        self.centres = nn.Parameter(torch.empty(k))
        nn.init.uniform_(self.centres, 0, 3)

    def forward(self, x):
        centre = self.centres.float()
        return (-(x - centre).square()).exp().type_as(self.centres)
