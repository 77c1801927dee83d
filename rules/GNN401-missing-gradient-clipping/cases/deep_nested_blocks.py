# Modelled on skeleton action recognition: the network is a stack of graph-convolution blocks built
# in a comprehension, and each block stacks its own convolutions. Depth is counted through the
# blocks: 5 blocks of 2 GCNConv layers are 10 message-passing layers in sequence, more than 8.
import torch
from torch_geometric.nn import GCNConv


class Block(torch.nn.Module):
    def __init__(self, width, hops):
        super().__init__()
        self.hops = torch.nn.ModuleList([GCNConv(width, width) for _ in range(hops)])

    def forward(self, x, edge_index):
        for hop in self.hops:
            x = hop(x, edge_index).relu()
        return x


class Network(torch.nn.Module):
    def __init__(self, width, blocks, hops):
        super().__init__()
        self.blocks = torch.nn.ModuleList([Block(width, hops) for _ in range(blocks)])
        self.head = torch.nn.Linear(width, 60)

    def forward(self, x, edge_index):
        for block in self.blocks:
            x = block(x, edge_index)
        return self.head(x.mean(0))


model = Network(64, blocks=5, hops=2)
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)


def train(loader):
    for x, edge_index, label in loader:
        optimizer.zero_grad()
        torch.nn.functional.cross_entropy(model(x, edge_index), label).backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
