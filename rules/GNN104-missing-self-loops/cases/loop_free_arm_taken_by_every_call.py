# Modelled on meta-path graph models whose normalizer strips the diagonal and puts the identity
# back only when asked (`def norm(self, h, add=False)`), and whose every call leaves `add` at its
# default: the arm that adds the loops never runs, so the row-normalized operator has none. The
# look-alike's calls all pass `add=True`; there the loop-free arm never runs.
import torch
from torch import nn


class MetaPathLayer(nn.Module):
    def norm(self, h, add=False):
        h = h.t()
        if add == False:
            h = h * ((torch.eye(h.shape[0]) == 0).float())
        else:
            h = h * ((torch.eye(h.shape[0]) == 0).float()) + torch.eye(h.shape[0])
        deg_inv = torch.sum(h, dim=1).pow(-1)
        deg_inv[deg_inv == float("inf")] = 0
        h = torch.mm(torch.diag(deg_inv), h)  # warning: [missing-self-loops]
        return h.t()

    def forward(self, graphs, x):
        return [self.norm(g) @ x for g in graphs]


class LoopedMetaPathLayer(nn.Module):
    def norm(self, h, add=False):
        h = h.t()
        if add == False:
            h = h * ((torch.eye(h.shape[0]) == 0).float())
        else:
            h = h * ((torch.eye(h.shape[0]) == 0).float()) + torch.eye(h.shape[0])
        deg_inv = torch.sum(h, dim=1).pow(-1)
        deg_inv[deg_inv == float("inf")] = 0
        h = torch.mm(torch.diag(deg_inv), h)
        return h.t()

    def forward(self, graphs, x):
        return [self.norm(g, add=True) @ x for g in graphs]
