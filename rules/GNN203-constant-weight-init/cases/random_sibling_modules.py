# Modelled on residual blocks that zero the last projection of their branch (ReZero, a zeroed
# update in a gated message-passing layer): the layers feeding it are random, from their library
# constructor (`nn.Linear`'s default init) or from `self.apply(init_fn)` with an `init_fn` that
# draws, so its units still get different gradients. Zeroing every sub-module leaves none random.
import torch
from torch import nn


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)


def init_zero(m):
    if isinstance(m, nn.Linear):
        nn.init.zeros_(m.bias)


class GatedZeroOut(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate = nn.Linear(c, c)
        self.update = nn.Linear(c, c)
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.zeros_(self.update.weight)
        nn.init.zeros_(self.update.bias)

    def forward(self, x):
        return x + self.update(torch.relu(self.gate(x)))


class AppliedInit(nn.Module):
    def __init__(self, encoder, c):
        super().__init__()
        self.encoder = encoder
        self.out = nn.Linear(c, c)
        self.reset_parameters()

    def reset_parameters(self):
        self.apply(init_weights)
        nn.init.zeros_(self.out.weight)

    def forward(self, x):
        return x + self.out(self.encoder(x))


class AppliedNoDraw(nn.Module):
    def __init__(self, encoder, c):
        super().__init__()
        self.encoder = encoder
        self.out = nn.Linear(c, c)
        self.apply(init_zero)
        nn.init.zeros_(self.out.weight)  # error: [constant-weight-init]

    def forward(self, x):
        return x + self.out(self.encoder(x))


class EverySiblingZeroed(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.gate = nn.Linear(c, c)
        self.update = nn.Linear(c, c)
        nn.init.zeros_(self.gate.weight)  # error: [constant-weight-init]
        nn.init.zeros_(self.update.weight)  # error: [constant-weight-init]

    def forward(self, x):
        return self.update(torch.relu(self.gate(x)))
