import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = nn.Linear(16, 16)
        self.extra = nn.Parameter(nn.init.xavier_uniform_(torch.empty(16, 16)))  # error: [positive-uniform-init]
        self.reset_parameters()

    def reset_parameters(self):
        nn.init.xavier_uniform_(self.lin.weight)  # error: [positive-uniform-init]
        nn.init.uniform_(self.lin.bias)  # error: [positive-uniform-init]
        nn.init.xavier_uniform_(self.lin.weight.data)  # error: [positive-uniform-init]
