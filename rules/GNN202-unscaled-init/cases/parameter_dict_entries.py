# Modelled on dgl examples/pytorch/gcmc/model.py: one weight per relation, stored in a ParameterDict
# and drawn from N(0, 1). The class that re-draws every matrix with Xavier in reset_parameters()
# (called from __init__, over self.parameters()) is fine; the one that never does keeps std 1.
import torch
import torch.nn as nn


class RelationWeights(nn.Module):
    def __init__(self, kinds, n_in, n_out):
        super().__init__()
        self.per_kind = nn.ParameterDict()
        for kind in kinds:
            self.per_kind[kind] = nn.Parameter(torch.randn(n_in, n_out))
        self.reset_parameters()

    def reset_parameters(self):
        for p in self.parameters():
            if p.dim() > 1:
                nn.init.xavier_uniform_(p)


class RawRelationWeights(nn.Module):
    def __init__(self, kinds, n_in, n_out):
        super().__init__()
        self.per_kind = nn.ParameterDict()
        for kind in kinds:
            self.per_kind[kind] = nn.Parameter(torch.randn(n_in, n_out))  # warning: [unscaled-init]

    def forward(self, kind, x):
        return x @ self.per_kind[kind]
