# A script whose hyper-parameters sit in a dict literal at the top (as notebooks turned into scripts
# often keep them): the model's depth is `settings["depth"]`, 16 mean-aggregating layers trained
# with no clipping (depth_from_a_changed_settings_dict.py is its look-alike).
import torch
from torch_geometric.nn import SAGEConv

settings = {"width": 64, "depth": 16, "lr": 0.005}


class Tower(torch.nn.Module):
    def __init__(self, width, depth):
        super().__init__()
        self.convs = torch.nn.ModuleList([SAGEConv(width, width) for _ in range(depth)])

    def forward(self, x, edge_index):
        for conv in self.convs:
            x = conv(x, edge_index).relu()
        return x


def fit(data, model, epochs):
    optimizer = torch.optim.Adam(model.parameters(), lr=settings["lr"])
    for _ in range(epochs):
        optimizer.zero_grad()
        loss = model(data.x, data.edge_index).mean()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


fit(None, Tower(settings["width"], settings["depth"]), 100)
