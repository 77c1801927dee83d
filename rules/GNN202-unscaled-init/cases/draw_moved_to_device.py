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


# The same draw in one arm of an `if` whose other arm stores an SVD-based start: the other arm runs
# instead of this one, never after it, so it does not reset the unit-scale draw.
class AdaptiveAdjacencyWithWarmStart(nn.Module):
    def __init__(self, num_nodes, device, warm_start=None):
        super().__init__()
        if warm_start is None:
            self.source = nn.Parameter(torch.randn(num_nodes, 10).to(device))  # warning: [unscaled-init]
        else:
            u, s, v = torch.svd(warm_start)
            self.source = nn.Parameter(torch.mm(u[:, :10], torch.diag(s[:10] ** 0.5)))
        self.target = nn.Parameter(torch.randn(10, num_nodes))
        self.target = nn.Parameter(torch.empty(10, num_nodes).uniform_(-0.1, 0.1))

    def forward(self, x):
        return F.softmax(F.relu(torch.mm(self.source, self.target)), dim=1) @ x
