# The look-alike of attention_weighted_sum.py and of a hand-written GCN: this layer sums
# (`aggr="add"`) its neighbours' messages as they are, with no degree normalisation and no softmax
# (a GIN-style update), so an unclipped step is a risk.
import torch
from torch_geometric.nn import MessagePassing


class SumUpdate(MessagePassing):
    def __init__(self, width):
        super().__init__(aggr="add")
        self.mlp = torch.nn.Linear(width, width)

    def forward(self, x, edge_index):
        return self.mlp(x + self.propagate(edge_index, x=x))


model = SumUpdate(32)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(data):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(data.x, data.edge_index), data.y)
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
