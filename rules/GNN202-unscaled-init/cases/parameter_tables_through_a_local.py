# Modelled on dgl examples/pytorch/GATNE-T/src/main.py: embedding tables held as plain Parameters,
# drawn from U(-1, 1) in reset_parameters and read in forward by row, directly or through a local
# (`table = self.rows` then `table[index]`). Their rows are looked up, not multiplied by an input;
# a parameter multiplied into the looked-up rows is a weight.
import torch
from torch import nn
from torch.nn import Parameter


class Embedder(nn.Module):
    def __init__(self, nodes, dim):
        super().__init__()
        self.rows = Parameter(torch.FloatTensor(nodes, dim))
        self.typed_rows = Parameter(torch.FloatTensor(nodes, dim))
        self.mix = Parameter(torch.FloatTensor(dim, dim))
        self.reset_parameters()

    def reset_parameters(self):
        self.rows.data.uniform_(-1.0, 1.0)
        self.typed_rows.data.uniform_(-1.0, 1.0)
        self.mix.data.uniform_(-1.0, 1.0)  # warning: [unscaled-init]

    def forward(self, index):
        table = self.rows
        table = table[index] + self.typed_rows[index]
        return table @ self.mix
