# The look-alike of hand_written_gru_decoder.py: the same gated mix `(1 - t) * x + t * h`, but as a
# highway layer applied once per forward pass, with no state carried from step to step: not a
# recurrent cell, so the missing clipping is info.
import torch
import torch.nn as nn


class Highway(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.transform = nn.Linear(width, width)
        self.gate = nn.Linear(width, width)

    def mix(self, x):
        t = torch.sigmoid(self.gate(x))
        return (1 - t) * x + t * torch.relu(self.transform(x))

    def forward(self, xs):
        outputs = []
        for x in xs:
            y = self.mix(x)
            outputs.append(y)
        return torch.stack(outputs)


model = Highway(16)
optimizer = torch.optim.Adam(model.parameters(), lr=5e-4)


def train(sequence, labels):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(sequence), labels)
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
