# Modelled on layers whose reset_parameters() initialises several weights in one loop over a
# literal list or tuple of them (`for w in [self.weight, self.att]:`), or maps a helper over one.
# A class whose forward only loops over the same literal to read the weights leaves them as
# torch.empty left them.
import torch
import torch.nn as nn


class TwoWeights(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d, d))
        self.att = nn.Parameter(torch.empty(d, d))
        self.bias = nn.Parameter(torch.empty(d))
        self.reset_parameters()

    def reset_parameters(self):
        for w in [self.weight, self.att]:
            nn.init.kaiming_uniform_(w, a=5 ** 0.5)
        for b in (self.bias,):
            nn.init.zeros_(b)

    def forward(self, x):
        return x @ self.weight @ self.att + self.bias


class ReadOnly(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d, d))  # error: [uninitialized-parameter]
        self.att = nn.Parameter(torch.empty(d, d))  # error: [uninitialized-parameter]

    def forward(self, x):
        for w in [self.weight, self.att]:
            x = x @ w
        return x


def glorot(tensor):
    stdv = (6.0 / (tensor.size(-2) + tensor.size(-1))) ** 0.5
    tensor.data.uniform_(-stdv, stdv)


class MappedHelper(nn.Module):
    """The helper mapped over a literal list of the weights (`list(map(glorot, [...]))`)."""

    def __init__(self, d):
        super().__init__()
        self.weight = nn.Parameter(torch.Tensor(d, d))
        self.root = nn.Parameter(torch.Tensor(d, d))
        self.reset_parameters()

    def reset_parameters(self):
        list(map(glorot, [self.weight, self.root]))

    def forward(self, x):
        return x @ self.weight + x @ self.root
