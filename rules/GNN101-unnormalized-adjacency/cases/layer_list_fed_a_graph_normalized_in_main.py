# Modelled on OGB's link-prediction examples (examples/linkproppred/*/gnn.py): GCNConv layers with
# normalize=False kept in a ModuleList and called in a loop; main() scales the sparse adjacency by
# its own degrees, stores it on the data object and hands that to a training function that calls
# the model. The layer is judged by what reaches its calls, not by what the module mentions.
import torch
import torch.nn.functional as F
from torch_geometric.nn import GCNConv


class Encoder(torch.nn.Module):
    def __init__(self, dim, depth):
        super().__init__()
        self.layers = torch.nn.ModuleList()
        for _ in range(depth):
            self.layers.append(GCNConv(dim, dim, normalize=False))

    def forward(self, h, graph):
        for layer in self.layers[:-1]:
            h = F.relu(layer(h, graph))
        return self.layers[-1](h, graph)


class RawEncoder(torch.nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.stack = torch.nn.ModuleList([GCNConv(dim, dim, normalize=False)])  # error: [unnormalized-adjacency]

    def forward(self, h, graph):
        for layer in self.stack:
            h = layer(h, graph)
        return h


def fit_step(net, batch, opt):
    opt.zero_grad()
    loss = net(batch.x, batch.adj_t).sum()
    loss.backward()
    opt.step()


def raw_step(net, batch):
    return net(batch.x, batch.adj_t)


def main(batch, other):
    net = Encoder(16, 3)
    opt = torch.optim.Adam(net.parameters())
    sparse = batch.adj_t.set_diag()
    counts = sparse.sum(dim=1).to(torch.float)
    scale = counts.pow(-0.5)
    scale[scale == float("inf")] = 0
    sparse = scale.view(-1, 1) * sparse * scale.view(1, -1)
    batch.adj_t = sparse
    fit_step(net, batch, opt)
    raw_step(RawEncoder(16), other)
