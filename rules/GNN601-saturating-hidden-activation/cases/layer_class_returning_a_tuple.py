# Modelled on graph score networks whose layer class updates node features and the adjacency
# together and returns both (`return torch.tanh(h), adj`): a stack unpacks them
# (`x, adj = layer(x, adj)`) and hands the squashed features to the next layer, a hidden
# activation. A class that squashes only the element the stack does not feed on as features (the
# adjacency, passed in the graph slot), and the same stack of a class returning ReLU features,
# stay quiet.
import torch
import torch.nn as nn


class JointLayer(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.edge = nn.Linear(1, 1)

    def forward(self, x, adj):
        h = torch.tanh(self.lin(adj @ x))  # info: [saturating-hidden-activation]
        return h, self.edge(adj.unsqueeze(-1)).squeeze(-1)


class JointStack(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.layers = nn.ModuleList([JointLayer(d) for _ in range(3)])

    def forward(self, x, adj):
        for layer in self.layers:
            x, adj = layer(x, adj)
        return x.sum(1)


class SquashedEdges(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(d, d)
        self.edge = nn.Linear(1, 1)

    def forward(self, x, adj):
        h = self.lin(adj @ x)
        return h, torch.sigmoid(self.edge(adj.unsqueeze(-1)).squeeze(-1))


class EdgeStack(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.first = SquashedEdges(d)
        self.second = SquashedEdges(d)

    def forward(self, x, adj):
        x, adj = self.first(x, adj)
        x, adj = self.second(x, adj)
        return x


class RectifiedJoint(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.lin = nn.Linear(d, d)

    def forward(self, x, adj):
        return torch.relu(self.lin(adj @ x)), adj


class RectifiedStack(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.first = RectifiedJoint(d)
        self.second = RectifiedJoint(d)

    def forward(self, x, adj):
        x, adj = self.first(x, adj)
        x, adj = self.second(x, adj)
        return x
