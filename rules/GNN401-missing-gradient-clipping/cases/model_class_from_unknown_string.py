# Modelled on skeleton-recognition processors that load the model class from a dotted path
# (`import_class(arg.model)`): here the path is a required command-line option, so which class
# runs is unknown and the step is judged as any unclipped step (info), not by a guessed model.
import argparse
import importlib

import torch
import torch.nn as nn


def class_at(dotted):
    module_name, _, attr = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), attr)


class Recurrent(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.cell = nn.Linear(width, width)


parser = argparse.ArgumentParser()
parser.add_argument("--network", required=True)
options = parser.parse_args()
Network = class_at(options.network)
net = Network(32)
opt = torch.optim.SGD(net.parameters(), lr=0.01)


def fit(batches):
    for x, y in batches:
        opt.zero_grad()
        loss = nn.functional.mse_loss(net(x), y)
        loss.backward()
        opt.step()  # info: [missing-gradient-clipping]
