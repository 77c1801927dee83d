# The look-alike of dgl_graph_conv_unnormalised.py: `norm="right"` divides each node's summed messages
# by its in-degree, a mean: nothing at risk that the rule sees, so the missing clipping is info only.
import dgl
import torch
import torch.nn.functional as F
from dgl.nn import GraphConv


class Plain(torch.nn.Module):
    def __init__(self, width, classes):
        super().__init__()
        self.first = GraphConv(width, 32, norm="right")
        self.second = GraphConv(32, classes, norm="right")

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
    optimizer.step()  # info: [missing-gradient-clipping]
