# Modelled on a traffic-speed RNN baseline: the model is one step of a cell with a purely linear
# hidden update, and the training loop unrolls it over ten time steps, feeding the hidden state it
# returns back in. Backpropagation runs through all ten steps (the hidden state is multiplied by the
# same weights each time), whatever the cell computes.
import torch
import torch.nn as nn


class Step(nn.Module):
    def __init__(self, n_in, width, n_out):
        super().__init__()
        self.to_hidden = nn.Linear(n_in + width, width)
        self.to_output = nn.Linear(n_in + width, n_out)

    def forward(self, x, state):
        joined = torch.cat((x, state), 1)
        return self.to_output(joined), self.to_hidden(joined)


def train(loader, width=64):
    net = Step(325, width, 325)
    optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-4)
    for inputs, targets in loader:
        state = torch.zeros(inputs.shape[0], width)
        out = None
        for t in range(10):
            out, state = net(inputs[:, t], state)
        loss = nn.functional.mse_loss(out, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]


def train_one_shot(loader, width=64):
    # The same cell applied once per batch: nothing is unrolled.
    net = Step(325, width, 325)
    optimizer = torch.optim.RMSprop(net.parameters(), lr=1e-4)
    for inputs, targets in loader:
        out, _ = net(inputs[:, 0], torch.zeros(inputs.shape[0], width))
        loss = nn.functional.mse_loss(out, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]


def train_per_graph(graphs, net):
    # Each pass rebinds the name to the next graph before the call: nothing is fed back.
    optimizer = torch.optim.SGD(net.parameters(), lr=0.01)
    for graph in graphs:
        graph = net(graph)
        loss = graph.sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]


def train_from_memory(loader, width=64):
    # The state is read afresh from a memory before each call: it is not the call's own output.
    net = Step(325, width, 325)
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-4)
    for inputs, targets in loader:
        state = torch.zeros(inputs.shape[0], width)
        out, state = net(inputs[:, 0], state)
        loss = nn.functional.mse_loss(out, targets)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()  # info: [missing-gradient-clipping]
