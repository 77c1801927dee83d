# Modelled on a contrastive pre-training script (SimGRACE-style): the encoder is built first and
# held in a variable, then handed to a small wrapper whose parameters the optimizer updates. The
# wrapper registers the encoder as a submodule, so the step trains the encoder's recurrent cell too.
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


class Contrast(nn.Module):
    def __init__(self, encoder):
        super().__init__()
        self.encoder = encoder
        self.proj = nn.Linear(32, 32)

    def forward(self, xs):
        return self.proj(self.encoder(xs))


def train(model, optimizer, batches):
    for first, second in batches:
        loss = -torch.cosine_similarity(model(first), model(second)).mean()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


def main():
    encoder = Encoder(32)
    model = Contrast(encoder)
    train(model, torch.optim.Adam(model.parameters(), lr=1e-3), [])
