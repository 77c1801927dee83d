# Modelled on a graph auto-encoder: the inner-product decoder's activation is a constructor
# parameter that defaults to sigmoid. The model that builds it passes an identity instead, so
# its scores are raw logits and binary_cross_entropy_with_logits is the matching loss. A value
# the analysis cannot read (a lambda) still replaces the default. Built with the default, the
# decoder squashes its scores and the logits loss squashes them again.
import torch
import torch.nn as nn
import torch.nn.functional as F


class InnerDecoder(nn.Module):
    def __init__(self, dropout, act=torch.sigmoid):
        super().__init__()
        self.dropout = dropout
        self.act = act

    def forward(self, z):
        z = F.dropout(z, self.dropout, training=self.training)
        return self.act(torch.mm(z, z.t()))


class LogitAutoEncoder(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.encoder = nn.Linear(width, width)
        self.decoder = InnerDecoder(0.1, act=lambda x: x)

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z), z


class SquashingAutoEncoder(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.encoder = nn.Linear(width, width)
        self.decoder = InnerDecoder(0.1)

    def forward(self, x):
        z = self.encoder(x)
        return self.decoder(z), z


def train(x, target):
    model = LogitAutoEncoder(16)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scores, _ = model(x)
    loss = F.binary_cross_entropy_with_logits(scores, target)
    loss.backward()
    optimizer.step()


def train_squashed(x, target):
    model = SquashingAutoEncoder(16)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scores, _ = model(x)
    loss = F.binary_cross_entropy_with_logits(scores, target)  # error: [softmax-before-crossentropy]
    loss.backward()
    optimizer.step()
