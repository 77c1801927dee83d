# Modelled on GraphRNN's train.py: the epoch function is handed its models and their optimizers by
# `train()`, zeroes the models' gradients (not the optimizers'), and steps both optimizers unclipped.
# What `.step()` is called on is known from the callers: Adam, built in `train()`; what it updates is
# a GRU, so a spike is likely.
import torch
import torch.nn as nn
from torch import optim


class SequenceGRU(nn.Module):
    def __init__(self, width, hidden):
        super().__init__()
        self.rnn = nn.GRU(width, hidden, num_layers=4, batch_first=True)
        self.out = nn.Linear(hidden, width)

    def forward(self, x):
        h, _ = self.rnn(x)
        return self.out(h)


def train_epoch(rnn, head, loader, optimizer_rnn, optimizer_head):
    for x, y in loader:
        rnn.zero_grad()
        head.zero_grad()
        loss = nn.functional.binary_cross_entropy_with_logits(head(rnn(x)), y)
        loss.backward()
        # Two optimizers stepped after one backward() are one training step: one report.
        optimizer_head.step()  # warning: [missing-gradient-clipping]
        optimizer_rnn.step()


def train(rnn, head, loader, epochs):
    optimizer_rnn = optim.Adam(list(rnn.parameters()), lr=3e-3)
    optimizer_head = optim.Adam(list(head.parameters()), lr=3e-3)
    for _ in range(epochs):
        train_epoch(rnn, head, loader, optimizer_rnn, optimizer_head)


class Sampler:
    def step(self):
        pass


def walk(model, sampler, batch):
    # `sampler` is handed a plain object, not an optimizer: no training step here.
    model(batch).sum().backward()
    sampler.step()


walk(SequenceGRU(8, 16), Sampler(), torch.zeros(2, 3, 8))
