# DGL's GraphConv divides the summed messages by degrees unless `norm="none"`: then each node adds up
# its neighbours' features unscaled, and a hub's activations and gradients grow with its degree.
# The look-alike below keeps DGL's default normalisation.
import dgl
import torch
import torch.nn.functional as F
from dgl.nn import GraphConv


class Plain(torch.nn.Module):
    def __init__(self, width, classes):
        super().__init__()
        self.first = GraphConv(width, 32, norm="none")
        self.second = GraphConv(32, classes, norm="none")

    def forward(self, graph, feats):
        return self.second(graph, F.relu(self.first(graph, feats)))


graph = dgl.rand_graph(100, 500)
feats = torch.randn(100, 8)
labels = torch.randint(0, 3, (100,))
model = Plain(8, 3)
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
for _ in range(50):
    loss = F.cross_entropy(model(graph, feats), labels)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()  # warning: [missing-gradient-clipping]
