# Modelled on hand-written hierarchical softmax in DeepWalk tutorials: the model walks the binary
# tree from the root to a word's leaf and multiplies the sigmoid of each branch decision into
# `p = torch.tensor([1.0])`; the training loop takes `-log(p)`. A product of probabilities is a
# probability, and a long path of them underflows to 0 sooner than any one factor: log(0) = -inf.
# The sigmoid is written out (`1 / (1 + exp(-x))`): exp overflows to inf and the quotient to 0, so
# it is no more positive than `torch.sigmoid`. Summing log-sigmoids (`F.logsigmoid`) is the guard.
import torch
import torch.nn.functional as F
from torch import nn


def sigmoid(x):
    out = 1 / (1 + torch.exp(-x))
    return out


class TreeModel(nn.Module):
    def __init__(self, n, d):
        super().__init__()
        self.embed = nn.Parameter(torch.rand(n, d))
        self.inner = nn.Parameter(torch.rand(2 * n, d))

    def forward(self, word, path, turns):
        h = self.embed[word]
        p = torch.tensor([1.0])
        for node, turn in zip(path, turns):
            p = p * sigmoid(turn * torch.matmul(self.inner[node], h))
        return p

    def log_prob(self, word, path, turns):
        h = self.embed[word]
        return sum(F.logsigmoid(turn * torch.matmul(self.inner[node], h)) for node, turn in zip(path, turns))


model = TreeModel(100, 16)


def skip_gram_step(word, path, turns):
    prob = model(word, path, turns)
    loss = -torch.log(prob)  # error: [unguarded-log]
    stable = -model.log_prob(word, path, turns)
    return loss + stable
