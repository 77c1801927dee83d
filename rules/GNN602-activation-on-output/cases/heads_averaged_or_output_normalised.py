# Modelled on heterogeneous-graph attention models: the output layer is a multi-head attention
# layer built with an ELU, its heads are averaged (`.mean(1)`), and the result is divided by its
# row norm before it reaches the loss as logits. Averaging and dividing by a norm keep the ELU's
# floor of -1, so the logits still cannot go below it. An output layer without the activation is fine.
import torch
import torch.nn.functional as F
from torch import nn
from dgl.nn.pytorch import GATConv


class HeadsMeanNormalised(nn.Module):
    def __init__(self, d, h, c, heads):
        super().__init__()
        self.hidden = GATConv(d, h, heads, activation=F.elu)
        self.out = GATConv(h * heads, c, heads, activation=F.elu)  # warning: [activation-on-output]
        self.epsilon = torch.FloatTensor([1e-12])

    def forward(self, g, x):
        h = self.hidden(g, x).flatten(1)
        logits = self.out(g, h).mean(1)
        logits = logits / torch.max(torch.norm(logits, dim=1, keepdim=True), self.epsilon)
        return logits


class HeadsMeanLinear(nn.Module):
    def __init__(self, d, h, c, heads):
        super().__init__()
        self.hidden = GATConv(d, h, heads, activation=F.elu)
        self.out = GATConv(h * heads, c, heads)

    def forward(self, g, x):
        h = self.hidden(g, x).flatten(1)
        logits = self.out(g, h).mean(1)
        return logits / (logits.norm(dim=1, keepdim=True) + 1e-8)


def train(g, features, labels, train_idx):
    first = HeadsMeanNormalised(features.shape[1], 8, 4, 8)
    loss = F.cross_entropy(first(g, features)[train_idx], labels[train_idx])
    second = HeadsMeanLinear(features.shape[1], 8, 4, 8)
    logp = F.log_softmax(second(g, features), 1)
    return loss + F.nll_loss(logp[train_idx], labels[train_idx])
