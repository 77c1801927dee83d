# The look-alike of sum_default_through_kwargs.py: the same layer sets a mean as the default of the
# keywords it hands its base, so the messages are averaged and the missing clipping is info.
import torch
from torch_geometric.nn import MessagePassing


class AveragingLayer(MessagePassing):
    def __init__(self, mlp, **settings):
        settings.setdefault("aggr", "mean")
        super().__init__(**settings)
        self.mlp = mlp

    def forward(self, x, edge_index):
        return self.mlp(self.propagate(edge_index, x=x) + x)


class Encoder(torch.nn.Module):
    def __init__(self, width, depth=5):
        super().__init__()
        self.layers = torch.nn.ModuleList(
            [AveragingLayer(torch.nn.Linear(width, width)) for _ in range(depth)])

    def forward(self, x, edge_index):
        for layer in self.layers:
            x = layer(x, edge_index).relu()
        return x


net = Encoder(64)
opt = torch.optim.Adam(net.parameters(), lr=0.001)


def train(loader, objective):
    for batch in loader:
        opt.zero_grad()
        objective(net(batch.x, batch.edge_index)).backward()
        opt.step()  # info: [missing-gradient-clipping]
