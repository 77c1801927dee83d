# Modelled on the mask-entropy regularisers of GNN explainers: an edge mask in [0, 1] is squashed
# affinely into [b, a + b] before its entropy is taken, `m * a + b` with constants the code names
# (`s = 0.99`, then `a = 2 * s - 1`, `b = 1 - s`). With b > 0 neither `log(m)` nor `log(1 - m)`
# reaches log(0). The constants are folded from their values, whatever they are called: a squash
# whose offset folds to a negative number (or the raw mask) is the hazard.
import torch


def mask_entropy(mask):
    m = mask.sigmoid()
    ent = -m * torch.log(m) - (1 - m) * torch.log(1 - m)  # error: [unguarded-log]
    return ent.mean()


def squashed_mask_entropy(mask):
    s = 0.99
    m = mask.sigmoid() * (2 * s - 1.0) + (1.0 - s)
    ent = -m * torch.log(m) - (1 - m) * torch.log(1 - m)
    return ent.mean()


def squashed_mask_entropy_named(mask):
    width = 0.98
    low = (1.0 - width) / 2
    m = low + width * mask.sigmoid()
    return -(m * torch.log(m)).mean()


def shifted_the_wrong_way(mask):
    s = 1.01
    m = mask.sigmoid() * (2 * s - 1.0) + (1.0 - s)
    return -(m * torch.log(m)).mean()  # error: [unguarded-log]
