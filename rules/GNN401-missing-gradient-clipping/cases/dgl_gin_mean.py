# DGL's GINConv sums over neighbours unless given another aggregator: here it is built with
# "mean" (positionally), so the unclipped step is only info.
import dgl.nn as dglnn
import torch


class MeanGIN(torch.nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.layers = torch.nn.ModuleList([dglnn.GINConv(torch.nn.Linear(dim, dim), "mean") for _ in range(3)])

    def forward(self, g, h):
        for layer in self.layers:
            h = layer(g, h).relu()
        return h


model = MeanGIN(32)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(g, features, labels):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(g, features), labels)
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
