# Modelled on nnzhan/Graph-WaveNet model.py: the draw is moved to the device before it is wrapped
# in a Parameter. `.to(device)` keeps the values, so the two unit-scale factors of the adaptive
# adjacency are still drawn with std 1 and their product has std sqrt(10) before the softmax.
import torch
import torch.nn as nn
import torch.nn.functional as F


class AdaptiveAdjacency(nn.Module):
    def __init__(self, num_nodes, device):
        super().__init__()
        self.source = nn.Parameter(torch.randn(num_nodes, 10).to(device), requires_grad=True).to(device)  # warning: [unscaled-init]
        self.target = nn.Parameter(torch.randn(10, num_nodes).cuda())  # warning: [unscaled-init]
        scale = (1.0 / 10) ** 0.5
        self.scaled = nn.Parameter(torch.randn(10, num_nodes).to(device) * scale)

    def forward(self, x):
        adjacency = F.softmax(F.relu(torch.mm(self.source, self.target)), dim=1)
        return adjacency @ x + torch.mm(self.source, self.scaled).sum()
