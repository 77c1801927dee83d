# Modelled on depth studies that stack convolutions in a ModuleList and apply normalisation and
# ReLU inside the loop: the last pass applies the ReLU to the class scores too, and the training
# code puts log_softmax and nll_loss after it. Where the loop leaves the last layer's output raw
# (the activation skipped on the last pass, or a head after the loop), the scores are logits.
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GCNConv


class Deep(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.convs = nn.ModuleList([GCNConv(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.norms = nn.ModuleList([nn.BatchNorm1d(b) for b in sizes[1:]])
        self.p = 0.5

    def forward(self, x, edge_index):
        for i in range(len(self.convs)):
            x = F.dropout(x, p=self.p, training=self.training)
            x = self.convs[i](x, edge_index)
            x = self.norms[i](x)
            x = F.relu(x)  # warning: [activation-on-output]
        return x


class SkipsLast(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.convs = nn.ModuleList([GCNConv(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x, edge_index):
        for i, conv in enumerate(self.convs):
            x = conv(x, edge_index)
            if i < len(self.convs) - 1:
                x = F.relu(x)
        return x


class StopsBeforeLast(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.convs = nn.ModuleList([GCNConv(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x, edge_index):
        for i, conv in enumerate(self.convs):
            x = conv(x, edge_index)
            if i == len(self.convs) - 1:
                break
            x = F.relu(x)
        return x


class HeadAfterLoop(nn.Module):
    def __init__(self, sizes, classes):
        super().__init__()
        self.convs = nn.ModuleList([GCNConv(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.head = nn.Linear(sizes[-1], classes)

    def forward(self, x, edge_index):
        for conv in self.convs:
            x = F.relu(conv(x, edge_index))
        x = self.head(x)
        return x


class ActivationPerLayer(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.convs = nn.ModuleList([GCNConv(a, b) for a, b in zip(sizes[:-1], sizes[1:])])
        self.acts = nn.ModuleList([nn.ReLU() for _ in sizes[2:]] + [nn.Identity()])

    def forward(self, x, edge_index):
        for conv, act in zip(self.convs, self.acts):
            x = act(conv(x, edge_index))
        return x


def fit(net, data):
    logits = net(data.x, data.edge_index)
    logits = F.log_softmax(logits[data.train_mask], 1)
    loss = F.nll_loss(logits, data.y[data.train_mask])
    loss.backward()


def main(data, sizes):
    fit(Deep(sizes), data)
    fit(SkipsLast(sizes), data)
    fit(StopsBeforeLast(sizes), data)
    fit(HeadAfterLoop(sizes, 7), data)
    fit(ActivationPerLayer(sizes), data)
