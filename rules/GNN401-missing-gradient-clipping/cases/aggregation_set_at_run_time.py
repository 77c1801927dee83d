# Modelled on pyg examples/graph_saint.py: GraphConv sums by default, but this model sets each
# layer's `aggr` when it trains (mean unless asked otherwise), so the aggregation it is built with
# says nothing about the one it trains with: no sum-aggregation risk from it.
import torch
from torch_geometric.nn import GraphConv


class Switchable(torch.nn.Module):
    def __init__(self, n_in, n_hidden):
        super().__init__()
        self.first = GraphConv(n_in, n_hidden)
        self.second = GraphConv(n_hidden, n_hidden)

    def choose(self, mode):
        self.first.aggr = mode
        self.second.aggr = mode

    def forward(self, x, edge_index):
        return self.second(self.first(x, edge_index).relu(), edge_index)


model = Switchable(16, 32)
optimizer = torch.optim.Adam(model.parameters(), lr=0.001)


def train(batch):
    model.choose("mean")
    optimizer.zero_grad()
    loss = model(batch.x, batch.edge_index).sum()
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
