# Modelled on graph-recovery heads that average a transformer's per-hop outputs by summing them in
# a loop and rescaling the sum in place (`h /= k`), then score every pair of nodes with a cosine
# similarity written by hand: a node whose averaged output is all zero gives 0 / 0 = NaN. The
# value rescaled in place traces back to a rescaling of itself; the analysis must follow it only
# so far. The same with an epsilon on the product of norms is safe.
import torch


def recover(outputs, hops):
    h = 0
    for i in range(hops):
        h += outputs[:, i, :]
    h /= float(hops)
    n = torch.norm(h, p=2, dim=1)
    dots = torch.mm(h, h.t())
    pairs = torch.ger(n, n)
    return dots / pairs  # warning: [unguarded-division]


def recover_eps(outputs, hops):
    h = 0
    for i in range(hops):
        h += outputs[:, i, :]
    h /= float(hops)
    n = torch.norm(h, p=2, dim=1)
    return torch.mm(h, h.t()) / (torch.ger(n, n) + 1e-8)
