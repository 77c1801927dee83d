# Modelled on physics-informed graph-network forecasters: one graph-network block, kept on the
# model, is applied once per time step to the concatenation of the next input and the state it
# returned on the previous step. With no gates, the gradient runs through the same block's
# Jacobian once per step, as in a plain RNN: a spike grows geometrically with the number of steps.
import torch
import torch.nn as nn


class EdgeNodeBlock(nn.Module):
    def __init__(self, edge_mlp, node_mlp):
        super().__init__()
        self.edge_mlp = edge_mlp
        self.node_mlp = node_mlp

    def forward(self, x, edge_index):
        src, dst = edge_index
        messages = self.edge_mlp(torch.cat((x[src], x[dst]), 1))
        pooled = torch.zeros_like(x).index_add_(0, dst, messages)
        return self.node_mlp(torch.cat((x, pooled), 1))


class Propagate(nn.Module):
    """A weightless propagation: nothing of its own to apply."""

    def __init__(self, alpha):
        super().__init__()
        self.alpha = alpha

    def forward(self, x, adjacency):
        return (1 - self.alpha) * torch.sparse.mm(adjacency, x) + self.alpha * x


class Forecaster(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.block = EdgeNodeBlock(nn.Linear(4 * width, 2 * width), nn.Linear(4 * width, width))

    def forward(self, inputs, edge_index):
        state = torch.zeros_like(inputs[0])
        outputs = []
        for frame in inputs:
            joined = torch.cat((frame, state), 1)
            state = self.block(joined, edge_index)
            outputs.append(state)
        return torch.stack(outputs)


class PerFrame(nn.Module):
    """The same block on each frame, but nothing it returns comes back in."""

    def __init__(self, width):
        super().__init__()
        self.block = EdgeNodeBlock(nn.Linear(4 * width, 2 * width), nn.Linear(4 * width, width))

    def forward(self, inputs, edge_index):
        outputs = []
        for frame in inputs:
            joined = torch.cat((frame, frame), 1)
            joined = self.block(joined, edge_index)
            outputs.append(joined)
        return torch.stack(outputs)


class Smoother(nn.Module):
    """Fed back, but through a module with no weights of its own."""

    def __init__(self, width, steps):
        super().__init__()
        self.encode = nn.Linear(width, width)
        self.propagate = Propagate(0.1)
        self.steps = steps

    def forward(self, x, adjacency):
        x = self.encode(x)
        for _ in range(self.steps):
            x = self.propagate(x, adjacency)
        return x


def train_forecaster(loader, edge_index):
    model = Forecaster(16)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for inputs, targets in loader:
        loss = nn.functional.mse_loss(model(inputs, edge_index), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


def train_per_frame(loader, edge_index):
    model = PerFrame(16)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for inputs, targets in loader:
        loss = nn.functional.mse_loss(model(inputs, edge_index), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]


def train_smoother(loader, adjacency):
    model = Smoother(16, 10)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    for x, targets in loader:
        loss = nn.functional.cross_entropy(model(x, adjacency), targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
