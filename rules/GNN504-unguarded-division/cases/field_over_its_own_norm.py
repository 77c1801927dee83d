# Modelled on equivariant point-cloud toy models that move nodes along their edge directions: the
# relative position stored on each edge (`g.edata["d"]`) is divided by its own norm, read from the
# same field in the same expression, with no epsilon: two nodes at the same position give a zero
# vector and 0 / 0 = NaN. Reading one field twice is one value, like a name used twice; another
# field in the denominator is a different value and is not this pattern.
import torch


def move(g, step):
    direction = g.edata["d"] / torch.norm(g.edata["d"], dim=2, keepdim=True)  # warning: [unguarded-division]
    scaled = g.edata["d"] / torch.norm(g.edata["w"], dim=2, keepdim=True)
    safe = g.edata["d"] / (torch.norm(g.edata["d"], dim=2, keepdim=True) + 1e-8)
    g.edata["update"] = step * direction + scaled + safe
    return g
