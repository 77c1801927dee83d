import torch


def with_filled_diagonal(n, p=0.05):
    a = (torch.rand(n, n) < p).float()
    a.fill_diagonal_(1.0)
    deg = a.sum(1)
    d = deg.rsqrt()
    return d[:, None] * a * d[None, :]


def with_identity_added(n, p=0.05):
    a = (torch.rand(n, n) < p).float()
    a = torch.maximum(a, a.T)
    a = a + torch.eye(n)
    deg = a.sum(1)
    return deg.rsqrt()
