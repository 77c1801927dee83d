# A builder that returns its container straight away (`return nn.Sequential(...)`) builds the
# same stack as one that names it first: sigmoid between two linear layers is a hidden
# activation either way. The ReLU twin, and a sigmoid after the last layer, stay quiet.
import torch.nn as nn


def mlp(d, h, c):
    return nn.Sequential(nn.Linear(d, h), nn.Sigmoid(), nn.Linear(h, c))  # info: [saturating-hidden-activation]


def mlp_relu(d, h, c):
    return nn.Sequential(nn.Linear(d, h), nn.ReLU(), nn.Linear(h, c), nn.Sigmoid())
