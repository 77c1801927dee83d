# Two scalar mixing weights allocated on the device and stored in one tuple assignment; the
# reset_parameters the constructor calls only resets a sub-module, so both keep whatever memory
# held. Moving an allocation to a device sets no values; the same pair filled right away is fine.
import torch
from torch import nn
from torch.nn import Parameter


class Mixer(nn.Module):
    def __init__(self, d, device):
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.alpha, self.beta = (
            Parameter(torch.FloatTensor(1, 1).to(device)),  # error: [uninitialized-parameter]
            Parameter(torch.FloatTensor(1, 1).to(device)),  # error: [uninitialized-parameter]
        )
        self.reset_parameters()

    def reset_parameters(self):
        self.lin.reset_parameters()

    def forward(self, x):
        return self.alpha * self.lin(x) + self.beta * x


class FilledMixer(nn.Module):
    def __init__(self, d, device):
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.alpha, self.beta = Parameter(torch.FloatTensor(1, 1).cuda()), Parameter(torch.FloatTensor(1, 1))
        self.alpha.data.fill_(0.5)
        nn.init.constant_(self.beta, 0.5)

    def forward(self, x):
        return self.alpha * self.lin(x) + self.beta * x
