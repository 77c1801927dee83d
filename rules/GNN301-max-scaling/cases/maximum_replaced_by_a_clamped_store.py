# Modelled on a positional-encoding helper: one branch divides eigenvectors by their
# column-wise absolute maximum, but every branch's denominator is replaced by a clamped copy
# before the single division at the end. The value divided by is the clamped one: no finding.
# Without the clamp the same division is a max-scaling hazard.
import torch


def normalise_vectors(vectors, kind="max", eps=1e-12):
    if kind == "l2":
        scale = vectors.norm(p=2, dim=0, keepdim=True)
    else:
        scale = torch.max(vectors.abs(), dim=0, keepdim=True).values
    scale = scale.clamp_min(eps).expand_as(vectors)
    return vectors / scale


def normalise_vectors_unclamped(vectors, kind="max"):
    if kind == "l2":
        scale = vectors.norm(p=2, dim=0, keepdim=True)
    else:
        scale = torch.max(vectors.abs(), dim=0, keepdim=True).values
    return vectors / scale  # warning: [max-scaling]
