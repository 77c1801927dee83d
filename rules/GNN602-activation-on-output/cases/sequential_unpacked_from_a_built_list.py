# Modelled on regression heads that collect their layers in a Python list (hidden blocks added in
# a loop) and unpack it into `nn.Sequential(*layers)`: when the list ends in a ReLU, so does the
# prediction that the squared error compares with targets that may be negative. A list that ends
# in a linear read-out, and one whose last activation depends on a flag, are not flagged.
import torch.nn.functional as F
from torch import nn


class RectifiedRegressor(nn.Module):
    def __init__(self, d, h, n_blocks):
        super().__init__()
        blocks = [nn.Linear(d, h), nn.ReLU()]
        for _ in range(n_blocks):
            blocks += [nn.Dropout(0.1), nn.Linear(h, h)]
        blocks.append(nn.Linear(h, 1))
        blocks.append(nn.ReLU())  # warning: [activation-on-output]
        self.body = nn.Sequential(*blocks)

    def forward(self, x):
        return self.body(x)


class LinearReadout(nn.Module):
    def __init__(self, d, h, n_blocks):
        super().__init__()
        blocks = []
        for _ in range(n_blocks):
            blocks.append(nn.Linear(d, h))
            blocks.append(nn.ReLU())
            d = h
        blocks.append(nn.Linear(h, 1))
        self.body = nn.Sequential(*blocks)

    def forward(self, x):
        return self.body(x)


class FlaggedActivation(nn.Module):
    def __init__(self, d, positive):
        super().__init__()
        blocks = [nn.Linear(d, 1)]
        if positive:
            blocks.append(nn.ReLU())
        self.body = nn.Sequential(*blocks)

    def forward(self, x):
        return self.body(x)


def fit(x, y):
    rectified = RectifiedRegressor(8, 32, 2)
    loss = F.mse_loss(rectified(x).squeeze(-1), y)
    linear = LinearReadout(8, 32, 2)
    loss = loss + F.mse_loss(linear(x).squeeze(-1), y)
    flagged = FlaggedActivation(8, False)
    return loss + F.mse_loss(flagged(x).squeeze(-1), y)
