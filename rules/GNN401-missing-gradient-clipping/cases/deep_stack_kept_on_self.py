# A depth kept on the model (`self.hops = hops`, 32 by the constructor's default) before the loop
# that builds the layers reads it back: 32 GCNConv layers.
import torch
from torch_geometric.nn import GCNConv


class Hops(torch.nn.Module):
    def __init__(self, width, hops=32):
        super().__init__()
        self.hops = hops
        self.convs = torch.nn.ModuleList([GCNConv(width, width) for _ in range(self.hops)])


def train(data):
    model = Hops(64)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.005)
    optimizer.zero_grad()
    model(data.x, data.edge_index).sum().backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
