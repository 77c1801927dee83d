# A parameter's role follows from its use, not its name: a table whose rows are picked by index is
# an embedding, N(0, 1) being its usual draw, whatever it is called; a matrix multiplied into the
# input is a weight, whatever it is called.
import torch
from torch import nn


class Encoder(nn.Module):
    def __init__(self, nodes, c):
        super().__init__()
        self.rows = nn.Parameter(torch.randn(nodes, c))
        self.emb = nn.Parameter(torch.randn(c, c))  # warning: [unscaled-init]

    def forward(self, index):
        return self.rows[index] @ self.emb
