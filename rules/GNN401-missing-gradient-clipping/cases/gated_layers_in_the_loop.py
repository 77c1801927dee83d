# The look-alike of hand_written_cell_in_the_loop.py: the loop gates each layer's output into the
# state too, but runs a different layer on every pass (`self.layers[k]`): a gated residual stack
# of four layers, not a cell unrolled with shared weights, so the missing clipping is info.
import torch
import torch.nn as nn


class GatedStack(nn.Module):
    def __init__(self, width, depth=4):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])
        self.gates = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])

    def forward(self, h):
        for k in range(len(self.layers)):
            update = self.layers[k](h)
            g = torch.sigmoid(self.gates[k](h))
            h = g * h + (1 - g) * torch.relu(update)
        return h


model = GatedStack(32)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train(loader):
    for x, target in loader:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x), target)
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
