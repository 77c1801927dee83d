# Modelled on PyTorch Geometric Temporal's batched examples: a recurrent graph layer of the library
# (a graph convolution inside a GRU) is called once per time step with the hidden state it returned
# the step before. Every layer of the library's recurrent package carries such a state.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch_geometric_temporal.nn.recurrent import TGCN2


class Forecaster(nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.recurrent = TGCN2(features, hidden, 1)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x, edge_index, edge_weight):
        h = None
        outputs = []
        for t in range(x.size(-1)):
            h = self.recurrent(x[..., t], edge_index, edge_weight, h)
            outputs.append(self.head(F.relu(h)))
        return torch.stack(outputs, dim=1)


model = Forecaster(2, 32)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)


def train(loader, edge_index, edge_weight):
    for x, y in loader:
        loss = F.mse_loss(model(x, edge_index, edge_weight).squeeze(-1), y)
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
        optimizer.zero_grad()
