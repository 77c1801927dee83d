# Modelled on graph autoencoders and score networks whose own layer class squashes what it returns
# (`return torch.tanh(...)` after its weight and propagation) and whose model stacks that class:
# every instance but the last hands a tanh output to the next one's weight, a hidden activation.
# The same layer class used once as the model's read-out, a class whose squashed output gates
# another value, a stack of a class that ends in a ReLU, and a class whose activation is picked by
# an option (an arm of `forward`, not every output) stay quiet.
import torch
import torch.nn as nn


class SquashedLayer(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x, adj):
        h = torch.spmm(adj, self.lin(x))
        return torch.tanh(h)  # info: [saturating-hidden-activation]


class Encoder(nn.Module):
    def __init__(self, nin, nhid, nout):
        super().__init__()
        self.layer1 = SquashedLayer(nin, nhid)
        self.layer2 = SquashedLayer(nhid, nout)

    def forward(self, x, adj):
        z = self.layer1(x, adj)
        return self.layer2(z, adj)


class ListEncoder(nn.Module):
    def __init__(self, nin, nhid, nout):
        super().__init__()
        self.layers = nn.ModuleList([SquashedLayer(nin, nhid), SquashedLayer(nhid, nout)])

    def forward(self, x, adj):
        for layer in self.layers:
            x = layer(x, adj)
        return x


class GateLayer(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x):
        return torch.sigmoid(self.lin(x))


class Gated(nn.Module):
    def __init__(self, nin):
        super().__init__()
        self.gate = GateLayer(nin, nin)
        self.lin = nn.Linear(nin, nin)
        self.out = nn.Linear(nin, 1)

    def forward(self, x):
        h = self.gate(x) * self.lin(x)
        return self.out(h)


class ReadoutLayer(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x):
        return torch.tanh(self.lin(x))


class Scorer(nn.Module):
    def __init__(self, nin, nhid):
        super().__init__()
        self.hidden = nn.Linear(nin, nhid)
        self.head = ReadoutLayer(nhid, 1)

    def forward(self, x):
        return self.head(torch.relu(self.hidden(x)))


class RectifiedLayer(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x):
        return torch.relu(self.lin(x))


class RectifiedStack(nn.Module):
    def __init__(self, nin, nhid):
        super().__init__()
        self.layer1 = RectifiedLayer(nin, nhid)
        self.layer2 = RectifiedLayer(nhid, nhid)

    def forward(self, x):
        return self.layer2(self.layer1(x))


def squashed_stack(nin, nhid, nout):
    return nn.Sequential(SquashedSequentialLayer(nin, nhid), SquashedSequentialLayer(nhid, nout))


class SquashedSequentialLayer(nn.Module):
    def __init__(self, nin, nout):
        super().__init__()
        self.lin = nn.Linear(nin, nout)

    def forward(self, x):
        return torch.sigmoid(self.lin(x))  # info: [saturating-hidden-activation]


class OptionLayer(nn.Module):
    def __init__(self, nin, nout, act="glu"):
        super().__init__()
        self.act = act
        self.lin = nn.Linear(nin, 2 * nout if act == "glu" else nout)

    def forward(self, x):
        h = self.lin(x)
        if self.act == "glu":
            return nn.functional.glu(h, dim=-1)
        if self.act == "sigmoid":
            return torch.sigmoid(h)
        return torch.relu(h)


class OptionStack(nn.Module):
    def __init__(self, nin, nhid):
        super().__init__()
        self.layer1 = OptionLayer(nin, nhid, "glu")
        self.layer2 = OptionLayer(nhid, nhid)

    def forward(self, x):
        return self.layer2(self.layer1(x))
