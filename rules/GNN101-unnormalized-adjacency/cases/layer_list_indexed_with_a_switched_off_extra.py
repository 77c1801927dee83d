# Modelled on heterophily research code (ACM-GCN style): the layers sit in a ModuleList filled
# with append() and are called by index in forward; the training script passes a second, raw
# adjacency for an optional structure branch, set to None when a switch turns that branch off.
import numpy as np
import scipy.sparse as sp
import torch
import torch.nn as nn
import torch.nn.functional as F


class PlainLayer(nn.Module):
    def __init__(self, d_in, d_out, n):
        super().__init__()
        self.w = nn.Parameter(torch.empty(d_in, d_out))
        self.struct = nn.Parameter(torch.empty(n, d_out))
        nn.init.xavier_uniform_(self.w)
        nn.init.xavier_uniform_(self.struct)

    def forward(self, h, a_norm, a_extra):
        out = torch.spmm(a_norm, torch.mm(h, self.w))
        if a_extra is not None:
            out = out + F.relu(torch.mm(a_extra, self.struct))
        return out


class Stack(nn.Module):
    def __init__(self, d_in, d_hid, d_out, n):
        super().__init__()
        self.blocks = nn.ModuleList()
        self.blocks.append(PlainLayer(d_in, d_hid, n))
        self.blocks.append(PlainLayer(d_hid, d_out, n))

    def forward(self, h, a_norm, a_extra):
        h = F.relu(self.blocks[0](h, a_norm, a_extra))  # error: [unnormalized-adjacency]
        return self.blocks[1](h, a_norm, a_extra)  # error: [unnormalized-adjacency]


def row_normalize(m):
    sums = np.asarray(m.sum(1)).flatten()
    return sp.diags(1.0 / sums) @ m


class Options:
    structure = 0


opts = Options()
pairs = np.loadtxt("edges.txt", dtype=np.int64)
count = int(pairs.max()) + 1
raw = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(count, count))
a_norm = row_normalize(sp.identity(count) + raw)
a_norm = torch.FloatTensor(a_norm.todense())
raw = torch.FloatTensor(raw.todense())
if not opts.structure:
    raw = None
net = Stack(32, 16, 4, count)
logits = net(torch.randn(count, 32), a_norm, raw)
