# Modelled on dgl examples/pytorch/ogb/deepwalk/model.py: a log-sigmoid lookup table over a constant
# grid of logits in [-6, 6]; its smallest sigmoid is about 2.5e-3, never 0. The log of a model's
# sigmoid output is the hazard.
import torch

logsigmoid_table = torch.log(torch.sigmoid(torch.arange(-6.01, 6.01, 0.01)))


def loss(model, x):
    return -torch.log(torch.sigmoid(model(x))).mean()  # error: [unguarded-log]
