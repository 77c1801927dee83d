# The layer of mask_constant_in_half_precision.py in a program that trains in bfloat16 and keeps only
# its feature cache in float16: a numpy float16 array is storage (it is cast before the model sees it),
# and the word float16 in a help string or a comment runs nothing. bfloat16 reaches ±3e38, so -9e15
# fits; with self-loops no row is fully masked.
import argparse

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--cache", default="features.npy", help="features stored as float16 to halve the file")


class DenseAttention(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.proj = nn.Linear(c_in, c_out)
        self.score = nn.Linear(2 * c_out, 1)

    def forward(self, x, adj):
        h = self.proj(x)
        n = h.size(0)
        pairs = torch.cat([h.repeat_interleave(n, 0), h.repeat(n, 1)], dim=-1)
        e = F.leaky_relu(self.score(pairs).view(n, n))
        adj = adj + torch.eye(n, device=adj.device)
        e = e.masked_fill(adj == 0, -9e15)
        return F.softmax(e, dim=1) @ h


def load(path, n, c):
    cached = np.memmap(path, dtype=np.float16, mode="r", shape=(n, c))
    return torch.from_numpy(cached[:]).to(torch.float)


def train(net, x, adj, y, opt):
    with torch.autocast("cuda", dtype=torch.bfloat16):
        loss = F.cross_entropy(net(x, adj), y)
    loss.backward()
    opt.step()
