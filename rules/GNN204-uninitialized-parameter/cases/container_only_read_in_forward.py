# Modelled on relational GCNs that keep one weight per relation in a ParameterList. A loop of
# forward over the list reads each weight (`x @ w for w in self.weights`); it sets nothing, so
# allocated with torch.Tensor the weights stay whatever memory held. A loop of __init__ that
# initialises each entry, or a loop in forward that does, sets them.
import torch
import torch.nn as nn


class RelationalGCN(nn.Module):
    def __init__(self, relations, width):
        super().__init__()
        self.weights = nn.ParameterList(
            [nn.Parameter(torch.Tensor(width, width)) for _ in range(relations)])  # error: [uninitialized-parameter]

    def forward(self, x):
        return sum(x @ w for w in self.weights)


class InitialisedGCN(nn.Module):
    def __init__(self, relations, width):
        super().__init__()
        self.weights = nn.ParameterList(
            [nn.Parameter(torch.Tensor(width, width)) for _ in range(relations)])
        for w in self.weights:
            nn.init.xavier_uniform_(w)

    def forward(self, x):
        return sum(x @ w for w in self.weights)


class LazilyInitialisedGCN(nn.Module):
    def __init__(self, relations, width):
        super().__init__()
        self.weights = nn.ParameterList(
            [nn.Parameter(torch.Tensor(width, width)) for _ in range(relations)])
        self.ready = False

    def forward(self, x):
        if not self.ready:
            for w in self.weights:
                nn.init.xavier_uniform_(w)
            self.ready = True
        return sum(x @ w for w in self.weights)
