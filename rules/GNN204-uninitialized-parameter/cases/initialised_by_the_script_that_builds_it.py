# Modelled on research code whose layers allocate `torch.FloatTensor(i, o)` and leave the values to
# the training script: `model.apply(weights_init)` (a function that initialises the module it is
# handed) or a loop over `model.parameters()` sets every parameter before training. A script whose
# "init" function only looks at the modules sets nothing, and the layer it builds is reported.
import torch
import torch.nn as nn


class Dense(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.weight = nn.Parameter(torch.FloatTensor(i, o))

    def forward(self, x):
        return x @ self.weight


class Gate(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.Tensor(d, d))

    def forward(self, x):
        return torch.sigmoid(x @ self.weight)


class Pool(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d, 1))  # error: [uninitialized-parameter]

    def forward(self, x):
        return (x @ self.weight).sum()


def weights_init(m):
    if isinstance(m, (Dense, Gate)):
        nn.init.xavier_uniform_(m.weight)


def describe(m):
    print(type(m).__name__)


model = Dense(8, 8).to("cpu")
model.apply(weights_init)
gate = Gate(8)
for name, p in gate.named_parameters():
    nn.init.normal_(p, std=0.1)
pool = Pool(8)
pool.apply(describe)
