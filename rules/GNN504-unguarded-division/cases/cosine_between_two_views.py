# Modelled on graph contrastive losses that compare two augmented views by a cosine similarity
# written by hand: the dot products of every pair of rows (`einsum("ik,jk->ij", a, b)`) over the
# outer product of the two views' row norms (`einsum("i,j->ij", na, nb)`). A zero embedding
# (a dead projection head, an empty graph) gives 0 / 0 = NaN in the loss. `F.normalize` first, or a
# clamp on the norms' product, guards it.
import torch
import torch.nn.functional as F


def contrast(x, x_aug, temperature=0.2):
    x_abs = x.norm(dim=1)
    x_aug_abs = x_aug.norm(dim=1)
    sim = torch.einsum("ik,jk->ij", x, x_aug) / torch.einsum("i,j->ij", x_abs, x_aug_abs)  # warning: [unguarded-division]
    return torch.exp(sim / temperature)


def contrast_renamed(left, right, tau=0.5):
    ln = torch.norm(left, dim=1)
    rn = torch.norm(right, dim=1)
    dots = torch.einsum("ad,bd->ab", left, right)
    scale = torch.outer(ln, rn)
    return torch.exp(dots / scale / tau)  # warning: [unguarded-division]


def contrast_normalized(x, x_aug, temperature=0.2):
    x, x_aug = F.normalize(x, dim=1), F.normalize(x_aug, dim=1)
    return torch.exp(torch.einsum("ik,jk->ij", x, x_aug) / temperature)


def contrast_clamped(x, x_aug, temperature=0.2):
    norms = torch.einsum("i,j->ij", x.norm(dim=1), x_aug.norm(dim=1)).clamp(min=1e-8)
    return torch.exp(torch.einsum("ik,jk->ij", x, x_aug) / norms / temperature)
