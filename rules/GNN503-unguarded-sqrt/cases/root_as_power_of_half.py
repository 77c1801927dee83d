# Modelled on scale-normalisation layers and embedding distances in GNN code: the root is written
# as a power of one half (`.pow(0.5)`, `** 0.5`) or as a method on the mean of row sums of squares,
# and it is still 0 for a zero vector with an infinite derivative there. The same roots with the
# epsilon inside, or through the library norm, stay quiet.
import torch
import torch.nn as nn


class ScaleNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.lin = nn.Linear(channels, channels)

    def forward(self, x):
        h = self.lin(x)
        h = h - h.mean(dim=0)
        scale = h.pow(2).sum(1).mean().sqrt()  # warning: [unguarded-sqrt]
        return h / (scale + 1e-6)


class GuardedScaleNorm(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.lin = nn.Linear(channels, channels)

    def forward(self, x):
        h = self.lin(x)
        h = h - h.mean(dim=0)
        scale = (1e-6 + h.pow(2).sum(1).mean()).sqrt()
        return h / scale


class PairDistance(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.lin = nn.Linear(channels, channels)

    def forward(self, x, edge_index):
        h = self.lin(x)
        diff = h[edge_index[0]] - h[edge_index[1]]
        near = diff.pow(2).sum(-1).pow(0.5)  # warning: [unguarded-sqrt]
        far = (diff ** 2).sum(dim=-1) ** 0.5  # warning: [unguarded-sqrt]
        safe = (diff.pow(2).sum(-1) + 1e-8) ** 0.5
        library = torch.linalg.vector_norm(diff, dim=-1)
        return near + far + safe + library


model = nn.Sequential(ScaleNorm(8))
pairs = PairDistance(8)
opt = torch.optim.Adam(list(model.parameters()) + list(pairs.parameters()))
x = torch.randn(10, 8)
loss = model(x).sum() + pairs(x, torch.tensor([[0, 1], [1, 2]])).sum() + GuardedScaleNorm(8)(x).sum()
loss.backward()
opt.step()
