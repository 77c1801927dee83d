# Modelled on NRI's RNNDecoder (modules.py): a GRU-style cell written by hand, `(1 - z) * c + z * h`,
# unrolled over the time steps with its state fed back in: a recurrent cell, so an unclipped step
# is a risk whatever the cell is called.
import torch
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.gate_in = nn.Linear(width, width)
        self.gate_state = nn.Linear(width, width)
        self.cand_in = nn.Linear(width, width)
        self.cand_state = nn.Linear(width, width)

    def one_step(self, x, state):
        z = torch.sigmoid(self.gate_in(x) + self.gate_state(state))
        c = torch.tanh(self.cand_in(x) + self.cand_state(state))
        state = (1 - z) * c + z * state
        return x + state, state

    def forward(self, xs):
        state = torch.zeros_like(xs[0])
        outputs = []
        for x in xs:
            out, state = self.one_step(x, state)
            outputs.append(out)
        return torch.stack(outputs)


model = Decoder(16)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)


def train(sequence, target):
    optimizer.zero_grad()
    loss = ((model(sequence) - target) ** 2).mean()
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
