# Modelled on contrastive GNN code (GRACE-style similarity matrices) that writes the cosine
# similarity by hand with matrix products: the row norms kept as columns (`keepdim=True`,
# `[:, None]`) and multiplied into an n x n matrix of norm products (`n @ n.T`, `torch.mm(n, n.t())`).
# An all-zero embedding row gives 0 / 0 = NaN. Clamped norms are safe; so is a division by
# `n @ n.T` of flat vectors, which is one number (a dot product), not the pairs of norms.
import torch


def similarity(z):
    n = z.norm(dim=1, keepdim=True)
    return torch.mm(z, z.t()) / torch.mm(n, n.t())  # warning: [unguarded-division]


def cross_similarity(a, b):
    na = torch.norm(a, dim=-1)[:, None]
    nb = torch.norm(b, dim=-1)[:, None]
    return (a @ b.T) / (na @ nb.T)  # warning: [unguarded-division]


def similarity_clamped(z):
    n = z.norm(dim=1, keepdim=True).clamp(min=1e-8)
    return torch.mm(z, z.t()) / torch.mm(n, n.t())


def scaled_by_dot_of_norms(z):
    n = z.norm(dim=1)
    return (z @ z.t()) / (n @ n.t())


def broadcast_similarity(a, b):
    # a column of norms times a row of norms (the second one transposed): the same n x m pairs
    den = a.norm(dim=1, keepdim=True) * b.norm(dim=1, keepdim=True).t()
    return (a @ b.t()) / den  # warning: [unguarded-division]


def broadcast_similarity_clamped(a, b):
    den = a.norm(dim=1, keepdim=True) * b.norm(dim=1, keepdim=True).t()
    return (a @ b.t()) / den.clamp(min=1e-8)
