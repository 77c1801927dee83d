# Modelled on traffic-forecasting code that writes its LSTM by hand: each gate is a sigmoid of a
# linear map of the input and the previous hidden state, the cell state passes through the forget
# gate, and the model feeds its own hidden and cell states back over the time steps. Backpropagation
# runs through every step: a recurrent cell, whatever its classes are called.
import torch
import torch.nn as nn
import torch.nn.functional as F


class Cell(nn.Module):
    def __init__(self, size):
        super().__init__()
        self.forget = nn.Linear(2 * size, size)
        self.write = nn.Linear(2 * size, size)
        self.read = nn.Linear(2 * size, size)
        self.candidate = nn.Linear(2 * size, size)
        self.size = size

    def forward(self, x, h, c):
        both = torch.cat((x, h), 1)
        f = torch.sigmoid(self.forget(both))
        i = torch.sigmoid(self.write(both))
        o = torch.sigmoid(self.read(both))
        c = f * c + i * torch.tanh(self.candidate(both))
        return o * torch.tanh(c), c

    def unroll(self, inputs):
        h = inputs.new_zeros(inputs.size(0), self.size)
        c = inputs.new_zeros(inputs.size(0), self.size)
        for t in range(inputs.size(1)):
            h, c = self.forward(inputs[:, t], h, c)
        return h


model = Cell(32)
optimizer = torch.optim.RMSprop(model.parameters(), lr=1e-3)


def train(loader):
    for inputs, target in loader:
        optimizer.zero_grad()
        loss = F.mse_loss(model.unroll(inputs), target)
        loss.backward()
        optimizer.step()  # warning: [missing-gradient-clipping]
