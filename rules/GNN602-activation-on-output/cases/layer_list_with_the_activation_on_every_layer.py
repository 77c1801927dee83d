# Modelled on DGL node classifiers that build every graph layer of a list with the same
# `activation=` and run them in one loop: the last layer applies it too, so the class scores that
# reach the crossentropy are rectified. A list whose last layer is built without the activation,
# and a loop that applies the ReLU on every pass but the last, are fine.
import torch.nn.functional as F
from torch import nn
from dgl.nn.pytorch import GraphConv


class SameActivationEverywhere(nn.Module):
    def __init__(self, d, h, c, n_hidden):
        super().__init__()
        self.stack = nn.ModuleList()
        self.stack.append(GraphConv(d, h, activation=F.relu))
        for _ in range(n_hidden):
            self.stack.append(GraphConv(h, h, activation=F.relu))
        self.stack.append(GraphConv(h, c, activation=F.relu))  # warning: [activation-on-output]

    def forward(self, g, x):
        for i, layer in enumerate(self.stack):
            x = layer(g, x)
            if i < len(self.stack) - 1:
                x = F.dropout(x, 0.5, training=self.training)
        return x


class LinearLastLayer(nn.Module):
    def __init__(self, d, h, c, n_hidden):
        super().__init__()
        self.stack = nn.ModuleList()
        self.stack.append(GraphConv(d, h, activation=F.relu))
        for _ in range(n_hidden):
            self.stack.append(GraphConv(h, h, activation=F.relu))
        self.stack.append(GraphConv(h, c))

    def forward(self, g, x):
        for layer in self.stack:
            x = layer(g, x)
        return x


class ReluSkippedOnTheLastPass(nn.Module):
    def __init__(self, d, h, c, n_hidden):
        super().__init__()
        self.stack = nn.ModuleList([GraphConv(d, h)] + [GraphConv(h, h) for _ in range(n_hidden)]
                                   + [GraphConv(h, c)])

    def forward(self, g, x):
        for i, layer in enumerate(self.stack):
            x = layer(g, x)
            if i != len(self.stack) - 1:
                x = F.relu(x)
        return x


def train(g, features, labels, mask):
    everywhere = SameActivationEverywhere(5, 16, 3, 2)
    loss = F.cross_entropy(everywhere(g, features)[mask], labels[mask])
    linear = LinearLastLayer(5, 16, 3, 2)
    loss = loss + F.cross_entropy(linear(g, features)[mask], labels[mask])
    skipped = ReluSkippedOnTheLastPass(5, 16, 3, 2)
    return loss + F.cross_entropy(skipped(g, features)[mask], labels[mask])
