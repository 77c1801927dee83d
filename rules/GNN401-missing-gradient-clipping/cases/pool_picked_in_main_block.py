# A script's `if __name__ == "__main__":` block rebinds the module-level string that picks the
# model's pooling arm: the call inside the block sees the block's own value (the gated, recurrent
# arm), not the module-level one.

import torch
import torch.nn as nn


class GatedPool(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.gate = nn.Linear(2 * width, width)
        self.cand = nn.Linear(2 * width, width)

    def cell(self, x, state):
        both = torch.cat([x, state], -1)
        z = torch.sigmoid(self.gate(both))
        return (1 - z) * torch.tanh(self.cand(both)) + z * state

    def forward(self, neighbours):
        state = torch.zeros_like(neighbours[0])
        for x in neighbours:
            state = self.cell(x, state)
        return state


class MeanPool(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.out = nn.Linear(width, width)

    def forward(self, neighbours):
        return self.out(neighbours.mean(0))


class TemporalModel(nn.Module):
    def __init__(self, width, agg_method="mean"):
        super().__init__()
        if agg_method == "mean":
            self.pool = MeanPool(width)
        elif agg_method == "gated":
            self.pool = GatedPool(width)
        else:
            raise ValueError(agg_method)

    def forward(self, neighbours):
        return self.pool(neighbours)


METHOD = "mean"

if __name__ == "__main__":
    METHOD = "gated"
    model = TemporalModel(32, agg_method=METHOD)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
    for neighbours, target in []:
        optimizer.zero_grad()
        loss = ((model(neighbours) - target) ** 2).mean()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
