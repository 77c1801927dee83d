# Modelled on graph contrastive losses that normalise the embeddings by hand before InfoNCE:
# `z / z.norm(dim=1, keepdim=True).clamp(min=eps)` (or `+ eps`) leaves every row with L2 norm at
# most 1, as `F.normalize` does, so the dot products are cosines in [-1, 1] and exp(1 / tau) stays
# finite. Rows divided along the wrong axis (columns of unit norm) or by another tensor's norm are
# not bounded: their exp overflows.
import torch


def nce_rows_normalised_by_hand(z1, z2, tau):
    z1 = z1 / z1.norm(dim=1, keepdim=True).clamp(min=1e-8)
    z2 = z2 / (z2.norm(dim=1, keepdim=True) + 1e-8)
    sim = torch.exp(z1 @ z2.T / tau)
    return -torch.log(sim.diag() / sim.sum(1)).mean()


def nce_columns_normalised_by_hand(z1, z2, tau):
    z1 = z1 / z1.norm(dim=0, keepdim=True).clamp(min=1e-8)
    z2 = z2 / z2.norm(dim=0, keepdim=True).clamp(min=1e-8)
    sim = torch.exp(z1 @ z2.T / tau)  # error: [unstable-manual-softmax]
    return -torch.log(sim.diag() / sim.sum(1)).mean()


def nce_divided_by_another_norm(z1, z2, h, tau):
    z1 = z1 / h.norm(dim=1, keepdim=True).clamp(min=1e-8)
    z2 = z2 / h.norm(dim=1, keepdim=True).clamp(min=1e-8)
    sim = torch.exp(z1 @ z2.T / tau)  # error: [unstable-manual-softmax]
    return sim / sim.sum(1, keepdim=True)
