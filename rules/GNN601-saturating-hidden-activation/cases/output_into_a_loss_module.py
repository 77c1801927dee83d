# Modelled on multi-label node classifiers whose model class ends in a sigmoid and whose training
# loop, in the same file, hands that output to `nn.BCELoss()`: a loss scores the output, it is not
# the next layer, so the sigmoid is the model's output activation (quiet). A class like it whose
# output feeds a read-out layer built in the script is a hidden layer there (flagged).
import torch
import torch.nn as nn


class MultiLabelNet(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x, adj):
        h = torch.spmm(adj, self.lin(x))
        return torch.sigmoid(h)


class CodeNet(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x, adj):
        h = torch.spmm(adj, self.lin(x))
        return torch.sigmoid(h)  # info: [saturating-hidden-activation]


model = MultiLabelNet(16, 8)
criterion = nn.BCELoss()
encoder = CodeNet(16, 8)
readout = nn.Linear(8, 2)


def train_step(x, adj, y):
    probabilities = model(x, adj)
    return criterion(probabilities, y)


def embed(x, adj):
    codes = encoder(x, adj)
    return readout(codes)
