# Modelled on dense GAT layers trained under autocast: the adjacency gets self-loops, so no row is
# fully masked, but -9e15 is far beyond float16's range (±65504). The program computes in float16
# because of what it calls (a CUDA autocast, whose default dtype is float16), whatever its names.
import torch
import torch.nn.functional as F
from torch import nn


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
        e = e.masked_fill(adj == 0, -9e15)  # warning: [fully-masked-softmax]
        return F.softmax(e, dim=1) @ h


scaler = torch.amp.GradScaler("cuda")


def train(net, x, adj, y, opt):
    with torch.autocast("cuda"):
        loss = F.cross_entropy(net(x, adj), y)
    scaler.scale(loss).backward()
    scaler.unscale_(opt)
    nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    scaler.step(opt)
    scaler.update()
