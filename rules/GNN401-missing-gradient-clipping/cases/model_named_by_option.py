# Modelled on D-VAE's train.py: the model class is picked by `eval(args.model)`, and the option's
# default names a class whose encoder is a GRU cell. The default is what a plain run trains.
import argparse

import torch
import torch.nn as nn


class SequenceVAE(nn.Module):
    def __init__(self, size, hidden):
        super().__init__()
        self.encoder = nn.GRUCell(size, hidden)
        self.out = nn.Linear(hidden, size)


class FlatVAE(nn.Module):
    def __init__(self, size, hidden):
        super().__init__()
        self.encoder = nn.Linear(size, hidden)
        self.out = nn.Linear(hidden, size)


parser = argparse.ArgumentParser()
parser.add_argument("--model", default="SequenceVAE")
args = parser.parse_args()
model = eval(args.model)(16, 64)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)


def train(batches):
    for batch in batches:
        optimizer.zero_grad()
        loss = model.out(model.encoder(batch)).pow(2).mean()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
