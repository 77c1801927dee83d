# What a parameter is follows from how it was made and used, not from what it is called. A vector
# (one dimension, or only ever added to the output) set to zero is a bias under any name; a matrix
# multiplied into the input is a weight even when it is called `bias`.
import torch
from torch import nn


class Layer(nn.Module):
    def __init__(self, nodes, c_in, c_out):
        super().__init__()
        self.proj = nn.Parameter(torch.empty(c_in, c_out))
        self.offset = nn.Parameter(torch.empty(c_out))
        self.per_node = nn.Parameter(torch.empty(nodes, c_out))
        self.bias = nn.Parameter(torch.empty(c_out, c_out))
        nn.init.zeros_(self.offset)
        nn.init.zeros_(self.per_node)
        nn.init.zeros_(self.proj)  # error: [constant-weight-init]
        nn.init.zeros_(self.bias)  # error: [constant-weight-init]

    def forward(self, x):
        return (x @ self.proj + self.offset + self.per_node) @ self.bias
