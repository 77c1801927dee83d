# The look-alike of recurrent_encoder_wrapped_by_variable.py: the recurrent encoder is built and
# held in a variable, but the optimizer only updates a linear probe built from a plain width; the
# encoder's parameters are never stepped, so its recurrence is no reason to clip this step.
import torch
import torch.nn as nn


class Encoder(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.gate = nn.Linear(2 * width, width)
        self.cand = nn.Linear(2 * width, width)

    def cell(self, x, state):
        both = torch.cat([x, state], -1)
        z = torch.sigmoid(self.gate(both))
        return (1 - z) * torch.tanh(self.cand(both)) + z * state

    def forward(self, xs):
        state = torch.zeros_like(xs[0])
        for x in xs:
            state = self.cell(x, state)
        return state


class Probe(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.out = nn.Linear(width, 2)

    def forward(self, h):
        return self.out(h)


def train(encoder, probe, optimizer, batches):
    for xs, y in batches:
        with torch.no_grad():
            h = encoder(xs)
        loss = nn.functional.cross_entropy(probe(h), y)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]


def main():
    width = 32
    encoder = Encoder(width)
    probe = Probe(width)
    train(encoder, probe, torch.optim.Adam(probe.parameters(), lr=1e-3), [])
