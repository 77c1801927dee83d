# Modelled on message-passing demos that step the optimizer with a closure (the form LBFGS needs,
# accepted by every torch optimizer): `backward()` runs inside the function handed to `step`, so the
# step follows it, and the GRU update makes the unclipped step a risk.
import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.message = nn.Linear(width, width)
        self.update = nn.GRUCell(width, width)

    def forward(self, h, adjacency):
        for _ in range(3):
            h = self.update(adjacency @ self.message(h), h)
        return h.mean(0)


model = Net(32)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train(loader):
    for h, adjacency, target in loader:
        def closure():
            optimizer.zero_grad()
            loss = nn.functional.mse_loss(model(h, adjacency), target)
            loss.backward()
            return loss

        optimizer.step(closure)  # warning: [missing-gradient-clipping]
