# Modelled on dgl examples/pytorch/dgmg/utils.py: a recurrent cell's parameters are split by their
# number of dimensions; matrices get an orthogonal init and only vectors (biases) reach N(0, 1).
import torch.nn as nn
from torch.nn import init


def init_cell(m):
    if isinstance(m, nn.GRUCell):
        for p in m.parameters():
            if len(p.shape) >= 2:
                init.orthogonal_(p.data)
            else:
                init.normal_(p.data)


def init_by_dim(m):
    for p in m.parameters():
        if p.dim() == 1:
            init.normal_(p)
        elif p.ndim > 2:
            init.normal_(p)  # warning: [unscaled-init]
        else:
            init.normal_(p)  # warning: [unscaled-init]


def init_matrices_badly(m):
    for p in m.parameters():
        if p.dim() > 1:
            init.normal_(p.data)  # warning: [unscaled-init]
        else:
            init.zeros_(p.data)
