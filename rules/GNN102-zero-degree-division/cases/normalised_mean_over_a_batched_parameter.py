# Modelled on dense DGN/PNA-style aggregators over a batched adjacency that is only a parameter here:
# D^-1/2 A D^-1/2 with the inverse square-root degree laid on a batch of identities. Self-loops come
# only with the switch, off by default, so a row with no neighbour (an isolated or padded node)
# gets an infinite scale.
import torch


def symmetric_mean(h, a, loops=False, device="cpu"):
    (b, n, _, _) = h.shape
    if loops:
        a = a + torch.eye(n, device=device).unsqueeze(0)
    r = torch.mul(torch.pow(torch.sum(a, -1, keepdim=True), -0.5),  # error: [zero-degree-division]
                  torch.eye(n, device=device).unsqueeze(0).repeat(b, 1, 1))
    a = torch.matmul(torch.matmul(r, a), r)
    return torch.sum(torch.mul(h, a.unsqueeze(-1)), dim=2)


def symmetric_mean_with_loops(h, a, device="cpu"):
    (b, n, _, _) = h.shape
    a = a + torch.eye(n, device=device).unsqueeze(0)  # every row counts itself
    r = torch.mul(torch.pow(torch.sum(a, -1, keepdim=True), -0.5),
                  torch.eye(n, device=device).unsqueeze(0).repeat(b, 1, 1))
    a = torch.matmul(torch.matmul(r, a), r)
    return torch.sum(torch.mul(h, a.unsqueeze(-1)), dim=2)


def symmetric_mean_clamped(h, a, device="cpu"):
    (b, n, _, _) = h.shape
    r = torch.mul(torch.pow(torch.sum(a, -1, keepdim=True).clamp(min=1), -0.5),
                  torch.eye(n, device=device).unsqueeze(0).repeat(b, 1, 1))
    a = torch.matmul(torch.matmul(r, a), r)
    return torch.sum(torch.mul(h, a.unsqueeze(-1)), dim=2)


AGGREGATE = {"sym": symmetric_mean, "looped": symmetric_mean_with_loops, "clamped": symmetric_mean_clamped}
