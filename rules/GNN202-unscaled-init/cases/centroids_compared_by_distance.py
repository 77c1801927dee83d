# Modelled on PyG's MemPool: cluster centroids drawn from U(-1, 1) are only compared with the
# inputs by distance (`torch.cdist`), as a kernel's centres are: points among the inputs, not
# weights multiplied into them, so their scale is not a fan-in question.
import torch
from torch import nn
from torch.nn import Parameter


class ClusterMemory(nn.Module):
    def __init__(self, channels, clusters):
        super().__init__()
        self.keys = Parameter(torch.empty(clusters, channels))
        self.mix = Parameter(torch.empty(channels, channels))
        torch.nn.init.uniform_(self.keys.data, -1.0, 1.0)
        torch.nn.init.uniform_(self.mix.data, -1.0, 1.0)  # warning: [unscaled-init]

    def forward(self, x):
        distance = torch.cdist(self.keys, x, p=2) ** 2
        assignment = torch.softmax(-distance, dim=0)
        return (assignment @ x) @ self.mix
