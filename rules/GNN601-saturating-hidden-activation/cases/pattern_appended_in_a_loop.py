# Modelled on MLP and decoder builders that append a `(Linear, Tanh)` pair per hidden layer in a
# loop of configurable depth, then the output Linear, and wrap the list in `nn.Sequential(*layers)`:
# whatever the depth, the last pair's tanh sits between two Linear layers. The same builder with
# ReLU, one whose activation is appended only under a condition on the pass, and one whose loop
# puts the tanh last (an output squashing when the depth is one) stay quiet.
import torch.nn as nn


class Decoder(nn.Module):
    def __init__(self, nin, nhid, nout, depth):
        super().__init__()
        layers = []
        for _ in range(depth):
            layers += [nn.Linear(nin, nhid), nn.Tanh()]  # info: [saturating-hidden-activation]
            nin = nhid
        layers.append(nn.Linear(nhid, nout))
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z)


class AppendedDecoder(nn.Module):
    def __init__(self, nin, nhid, nout, depth):
        super().__init__()
        layers = []
        for _ in range(depth):
            layers.append(nn.Linear(nin, nhid))
            layers.append(nn.Sigmoid())  # info: [saturating-hidden-activation]
            nin = nhid
        layers.append(nn.Linear(nhid, nout))
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z)


class RectifiedDecoder(nn.Module):
    def __init__(self, nin, nhid, nout, depth):
        super().__init__()
        layers = []
        for _ in range(depth):
            layers += [nn.Linear(nin, nhid), nn.ReLU()]
            nin = nhid
        layers.append(nn.Linear(nhid, nout))
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z)


class ConditionalDecoder(nn.Module):
    def __init__(self, dims):
        super().__init__()
        layers = []
        for i in range(len(dims) - 1):
            layers.append(nn.Linear(dims[i], dims[i + 1]))
            if i == len(dims) - 2:
                layers.append(nn.Tanh())
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z)


class SquashingDecoder(nn.Module):
    def __init__(self, nin, nout, depth):
        super().__init__()
        layers = []
        for _ in range(depth):
            layers += [nn.Linear(nin, nout), nn.Tanh()]
            nin = nout
        self.net = nn.Sequential(*layers)

    def forward(self, z):
        return self.net(z)
