# The look-alike of depth_from_a_settings_dict.py: the dict entry giving the depth is changed in
# place before the model is built (to 2), so the literal 16 is not what the model gets: not a known
# deep stack, and a mean-aggregating model otherwise: info only.
import torch
from torch_geometric.nn import SAGEConv

settings = {"width": 64, "depth": 16, "lr": 0.005}
settings["depth"] = 2


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
        optimizer.step()  # info: [missing-gradient-clipping]


fit(None, Tower(settings["width"], settings["depth"]), 100)
