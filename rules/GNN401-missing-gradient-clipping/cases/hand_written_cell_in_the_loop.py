# Modelled on graph-convolutional LSTMs for traffic forecasting: the loop over the time steps writes
# the LSTM gates out itself around one graph convolution, which it calls on every step with the
# hidden state fed back (`c = c * sigmoid(f) + ...`): a recurrent cell, unrolled over the steps.
import torch
import torch.nn as nn


class GraphConv(nn.Module):
    def __init__(self, size, out):
        super().__init__()
        self.weight = nn.Linear(size, out)

    def forward(self, x, adjacency):
        return self.weight(torch.einsum("nm,bcm->bcn", adjacency, x).transpose(1, 2)).transpose(1, 2)


class GraphLSTM(nn.Module):
    def __init__(self, size, hidden, steps):
        super().__init__()
        self.conv = GraphConv(size + hidden, 4 * hidden)
        self.hidden = hidden
        self.steps = steps

    def forward(self, x, adjacency):
        h = x.new_zeros(x.size(0), self.hidden, x.size(2))
        c = x.new_zeros(x.size(0), self.hidden, x.size(2))
        for t in range(self.steps):
            both = self.conv(torch.cat((x[..., t], h), 1), adjacency)
            i, j, f, o = torch.split(both, self.hidden, 1)
            c = c * torch.sigmoid(f) + torch.sigmoid(i) * torch.tanh(j)
            h = torch.tanh(c) * torch.sigmoid(o)
        return h


model = GraphLSTM(2, 32, 12)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def train(loader, adjacency):
    for x, target in loader:
        optimizer.zero_grad()
        loss = nn.functional.mse_loss(model(x, adjacency), target)
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
