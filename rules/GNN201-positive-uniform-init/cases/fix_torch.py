import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 16)
        self.extra = nn.Parameter(torch.rand(16, 16))  # error: [positive-uniform-init]
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.uniform_(self.lin.weight, a=0.0, b=1.0)  # error: [positive-uniform-init]
        nn.init.uniform_(self.lin.bias)  # error: [positive-uniform-init]
        self.lin.weight.data.uniform_()  # error: [positive-uniform-init]
