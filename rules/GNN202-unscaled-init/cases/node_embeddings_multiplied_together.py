# Modelled on traffic models that learn an adjacency from two node-embedding matrices: the
# embeddings are only multiplied with each other (softmax(relu(E1 @ E2)) is the learnt graph),
# never into the input, so N(0, 1) is an embedding's usual scale, not a layer's unscaled fan-in.
# A weight drawn the same way that multiplies the input is still reported.
import torch
import torch.nn as nn
import torch.nn.functional as F


class AdaptiveGraph(nn.Module):
    def __init__(self, num_nodes, dim, hidden, device):
        super().__init__()
        self.source = nn.Parameter(torch.randn(num_nodes, dim).to(device), requires_grad=True)
        self.target = nn.Parameter(torch.randn(dim, num_nodes).to(device), requires_grad=True)
        self.both = nn.Parameter(torch.randn(num_nodes, dim))
        self.lift = nn.Parameter(torch.randn(hidden, hidden))  # warning: [unscaled-init]

    def forward(self, x):
        learnt = F.softmax(F.relu(torch.mm(self.source, self.target)), dim=1)
        symmetric = self.both @ self.both.T
        return (learnt + symmetric) @ x @ self.lift
