# The look-alike of aggregation_set_at_run_time.py: the same GraphConv layers keep the sum they
# are built with (PyG's default `aggr="add"`), so an unclipped step is a risk.
import torch
from torch_geometric.nn import GraphConv


class Summing(torch.nn.Module):
    def __init__(self, n_in, n_hidden):
        super().__init__()
        self.first = GraphConv(n_in, n_hidden)
        self.second = GraphConv(n_hidden, n_hidden)
        self.out = torch.nn.Linear(n_hidden, 1)

    def forward(self, x, edge_index):
        return self.out(self.second(self.first(x, edge_index).relu(), edge_index))


model = Summing(16, 32)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)


def train(batch):
    optimizer.zero_grad()
    loss = model(batch.x, batch.edge_index).sum()
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
