# Modelled on pyg examples/randlanet_classification.py: a hand-written layer sums (`aggr="add"`)
# messages it has weighted by a softmax over each node's neighbours (PyG's `utils.softmax`), so the
# sum is a weighted mean: no unnormalised sum aggregation, and the missing clipping is info.
import torch
from torch_geometric.nn import MessagePassing
from torch_geometric.utils import softmax


class AttentivePool(MessagePassing):
    def __init__(self, width):
        super().__init__(aggr="add")
        self.score = torch.nn.Linear(width, width)

    def forward(self, x, edge_index):
        return self.propagate(edge_index, x=x)

    def message(self, x_j, index):
        return softmax(self.score(x_j), index=index) * x_j


model = AttentivePool(32)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)


def train(data):
    optimizer.zero_grad()
    loss = torch.nn.functional.cross_entropy(model(data.x, data.edge_index), data.y)
    loss.backward()
    optimizer.step()  # info: [missing-gradient-clipping]
