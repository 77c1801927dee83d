# Modelled on property-prediction scripts built on PyG's ready-made AttentiveFP: every layer and
# every readout step updates the states with a GRU cell, a recurrence whose gradients can spike.
import torch
from torch_geometric.nn.models import AttentiveFP

net = AttentiveFP(in_channels=39, hidden_channels=200, out_channels=1, edge_dim=10, num_layers=2,
                  num_timesteps=2, dropout=0.2)
opt = torch.optim.Adam(net.parameters(), lr=10 ** -2.5, weight_decay=10 ** -5)


def epoch(loader):
    for batch in loader:
        opt.zero_grad()
        out = net(batch.x, batch.edge_index, batch.edge_attr, batch.batch)
        torch.nn.functional.mse_loss(out, batch.y).backward()
        opt.step()  # warning: [missing-gradient-clipping]
